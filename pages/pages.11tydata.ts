// Pages imported from a Jekyll site keep Jekyll's default page URL when they set no `permalink:` of their own
// (every page this project ships sets one, so this function never decides theirs).
import path from "node:path";
import site from "../_data/site.ts";
import { jekyllPageUrl, outputFileForUrl } from "../_config/jekyllPageUrl.ts";

interface PageData {
  page: { inputPath: string };
}

export default {
  permalink(data: PageData): string {
    const relative = path.relative("pages", path.normalize(data.page.inputPath)).split(path.sep).join("/");
    return outputFileForUrl(jekyllPageUrl({ path: relative, sitePermalink: site.permalink }));
  },
};
