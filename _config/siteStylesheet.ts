// The site's stylesheet under a content-hashed name in /assets/ (which `_headers` caches for a year, like the
// demo bundles and images), so a returning reader never asks for it again until it changes. `npm start` keeps
// serving /public/css/site.css as it is, so a saved CSS edit shows on the next reload.
// The hashed copy is a passthrough copy, so Eleventy writes it with everything else (nothing is written after a
// failed build has cleaned up) and the build's output map sees it.
import type { UserConfig } from "@11ty/eleventy";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { isPreview } from "./publishing.ts";

const SOURCE = "public/css/site.css";

/** `assets/css/site-<first 10 hex digits of its SHA-256>.css`: a new name whenever the content changes. */
export function hashedStylesheetPath(css: Uint8Array): string {
  return `assets/css/site-${createHash("sha256").update(css).digest("hex").slice(0, 10)}.css`;
}

export default function siteStylesheet(eleventyConfig: UserConfig): void {
  if (isPreview()) {
    eleventyConfig.addGlobalData("stylesheetUrl", `/${SOURCE}`);
    return;
  }
  // A build loads the configuration once, so the file read here is the one it publishes.
  const hashed = hashedStylesheetPath(readFileSync(path.join(eleventyConfig.directories?.input ?? ".", SOURCE)));
  eleventyConfig.addPassthroughCopy({ [SOURCE]: hashed });
  eleventyConfig.addGlobalData("stylesheetUrl", `/${hashed}`);
}
