// Jekyll drafts: no date in the file name (Eleventy dates them by the file), shown only by `npm start`.
import posts from "../posts/posts.11tydata.ts";

export default { ...posts, draft: true };
