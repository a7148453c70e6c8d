// The site's stylesheet under a content-hashed name in /assets/ (which `_headers` caches for a year, like the
// demo bundles and images), so a returning reader never asks for it again until it changes. `npm start` keeps
// serving /public/css/site.css as it is, so a saved CSS edit shows on the next reload.
import type { UserConfig } from "@11ty/eleventy";
import { transformSync } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const SOURCE = "public/css/site.css";

/** The stylesheet as shipped: minified by esbuild (comments and spaces are a quarter of its gzipped bytes). */
export function builtStylesheet(source: Uint8Array | string): Buffer {
  return Buffer.from(transformSync(Buffer.from(source).toString("utf8"), { loader: "css", minify: true }).code);
}

/** `assets/css/site-<first 10 hex digits of its SHA-256>.css`: a new name whenever the content changes. */
export function hashedStylesheetPath(css: Uint8Array): string {
  return `assets/css/site-${createHash("sha256").update(css).digest("hex").slice(0, 10)}.css`;
}

export default function siteStylesheet(eleventyConfig: UserConfig): void {
  let url = `/${SOURCE}`;
  // Read by the base layout; a function, so each build's value is taken after `eleventy.before` set it.
  eleventyConfig.addGlobalData("stylesheetUrl", () => url);
  eleventyConfig.on("eleventy.before", async ({ directories, runMode }: { directories: { input: string; output: string }; runMode: string }) => {
    if (runMode !== "build") {
      url = `/${SOURCE}`;
      return;
    }
    const css = builtStylesheet(await readFile(path.join(directories.input, SOURCE)));
    const hashed = hashedStylesheetPath(css);
    await mkdir(path.dirname(path.join(directories.output, hashed)), { recursive: true });
    await writeFile(path.join(directories.output, hashed), css);
    url = `/${hashed}`;
  });
}
