// What the site is built from: posts, pages and static files. Everything else in the repo is tooling.
import type { UserConfig } from "@11ty/eleventy";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BuildProblemsError } from "./buildErrors.ts";
import { passthroughFiles } from "./passthroughFiles.ts";
import { isPreview } from "./publishing.ts";

export default function siteFiles(eleventyConfig: UserConfig): void {
  // `expand`: a symlink is copied as the file it points to, never as a link (the check below keeps it in the project).
  eleventyConfig.addPassthroughCopy("public", { expand: true });
  // An imported Jekyll site's static files, at their own URLs.
  eleventyConfig.addPassthroughCopy({ static: "/" }, { expand: true });
  eleventyConfig.on("eleventy.before", () => {
    const { problems } = passthroughFiles(
      eleventyConfig.passthroughCopies,
      path.resolve(eleventyConfig.directories?.input ?? "."),
    );
    if (problems.length) throw new BuildProblemsError("Symlinks the build will not follow", problems);
  });
  // Outputs (`_site`, its staging and retired copies) and caches are never templates, git-ignored or not; static/ is copied as it is.
  for (const ignored of [
    "README.md",
    "static/**",
    "test/**",
    "bench/**",
    "demos/**",
    "_config/**",
    "cli/**",
    "server/**",
    "tools/**",
    "node_modules/**",
    ".github/**",
    "_site*/**",
    ".cache/**",
  ]) {
    eleventyConfig.ignores.add(ignored);
  }
  if (!isPreview()) eleventyConfig.ignores.add("drafts/**");
  // The data files below are TypeScript; tsx (which runs the build) lets Node import them.
  // Eleventy asks once per template (4,000 times for posts/posts.11tydata.ts); each import() goes through
  // tsx's loader thread even when cached, so remember the module (Node never re-imports a URL anyway).
  const imported = new Map<string, Promise<unknown>>();
  eleventyConfig.addDataExtension("ts", {
    parser: (filePath: string) => {
      const url = pathToFileURL(path.resolve(filePath)).href;
      let data = imported.get(url);
      if (!data) {
        data = import(url).then((module: { default: unknown }) => module.default);
        imported.set(url, data);
      }
      return data;
    },
    read: false,
  });
}
