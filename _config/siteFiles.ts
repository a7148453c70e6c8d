// What the site is built from: posts, pages and static files. Everything else in the repo is tooling.
import type { UserConfig } from "@11ty/eleventy";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isPreview } from "./publishing.ts";

export default function siteFiles(eleventyConfig: UserConfig): void {
  eleventyConfig.addPassthroughCopy("public");
  // Outputs (`_site`, its staging and retired copies) and caches are never templates, git-ignored or not.
  for (const ignored of ["README.md", "test/**", "bench/**", "demos/**", "_config/**", "node_modules/**", ".github/**", "_site*/**", ".cache/**"]) {
    eleventyConfig.ignores.add(ignored);
  }
  if (!isPreview()) eleventyConfig.ignores.add("drafts/**");
  // The data files below are TypeScript; tsx (which runs the build) lets Node import them.
  eleventyConfig.addDataExtension("ts", {
    parser: async (filePath: string) => ((await import(pathToFileURL(path.resolve(filePath)).href)) as { default: unknown }).default,
    read: false,
  });
}
