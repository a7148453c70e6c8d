// The bare baseline: Eleventy's defaults (markdown-it, Liquid pre-processing), one plain layout and the
// same Jekyll date permalinks as the full site; nothing else, so full / bare prices everything we add.
import type { UserConfig } from "@11ty/eleventy";

interface BarePostData {
  categories?: string | string[];
  page: { date: Date; fileSlug: string };
}

/** Jekyll's `/:categories/:year/:month/:day/:title.html`, as plain as it gets. */
function barePermalink(data: BarePostData): string {
  const categories = typeof data.categories === "string" ? data.categories.split(/\s+/) : (data.categories ?? []);
  const day = data.page.date.toISOString().slice(0, 10).replace(/-/g, "/");
  return `/${[...categories.map((c) => c.toLowerCase()), day].join("/")}/${data.page.fileSlug}.html`;
}

export default function (eleventyConfig: UserConfig) {
  eleventyConfig.addLayoutAlias("post", "post.njk");
  // A function given to addGlobalData is called for its value: here the value is the permalink function.
  eleventyConfig.addGlobalData("permalink", () => barePermalink);
  return { dir: { input: ".", includes: "_includes" }, templateFormats: ["md"] };
}
