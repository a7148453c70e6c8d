// Jekyll's layout names map to ours, so `layout: post` in an old post keeps working.
import type { UserConfig } from "@11ty/eleventy";

export const LAYOUTS = { default: "layouts/base.njk", page: "layouts/page.njk", post: "layouts/post.njk" } as const;

export default function layouts(eleventyConfig: UserConfig): void {
  for (const [alias, file] of Object.entries(LAYOUTS)) eleventyConfig.addLayoutAlias(alias, file);
}
