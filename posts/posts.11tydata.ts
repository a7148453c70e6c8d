// Defaults for every post, as Jekyll's `_posts` gives them: the post layout and the date permalink.
// A `permalink:` in a post's front matter wins over this function (Eleventy's data cascade).
import { jekyllPermalink, postCategories } from "../_config/jekyllPermalink.ts";
import { isPublished } from "../_config/publishing.ts";

interface PostData {
  categories?: unknown;
  category?: unknown;
  published?: unknown;
  page: { date: Date; fileSlug: string };
}

export default {
  layout: "post",
  isPost: true,
  permalink(data: PostData): string | false {
    if (!isPublished(data)) return false;
    return jekyllPermalink({ categories: postCategories(data), date: data.page.date, slug: data.page.fileSlug });
  },
};
