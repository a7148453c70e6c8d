// The site's stylesheet under a content-hashed name in /assets/ (which `_headers` caches for a year, like the
// demo bundles and images), so a returning reader never asks for it again until it changes. `npm start` keeps
// serving /public/css/site.css as it is, so a saved CSS edit shows on the next reload.
// The hashed copy is a passthrough copy, so Eleventy writes it with everything else (nothing is written after a
// failed build has cleaned up) and the build's output map sees it.
import type { UserConfig } from "@11ty/eleventy";
import { createHash } from "node:crypto";
import { transformSync } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isPreview } from "./publishing.ts";

const SOURCE = "public/css/site.css";

/** Where the minified copy waits for the passthrough copy, relative to the input folder. */
const MINIFIED = ".cache/site-stylesheet/site.min.css";

/** The stylesheet as shipped: minified by esbuild (its comments and spaces are a quarter of its gzipped bytes). */
export function builtStylesheet(source: Uint8Array | string): Buffer {
  return Buffer.from(transformSync(Buffer.from(source).toString("utf8"), { loader: "css", minify: true }).code);
}

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
  const input = eleventyConfig.directories?.input ?? ".";
  const css = builtStylesheet(readFileSync(path.join(input, SOURCE)));
  const hashed = hashedStylesheetPath(css);
  mkdirSync(path.dirname(path.join(input, MINIFIED)), { recursive: true });
  writeFileSync(path.join(input, MINIFIED), css);
  eleventyConfig.addPassthroughCopy({ [MINIFIED]: hashed });
  eleventyConfig.addGlobalData("stylesheetUrl", `/${hashed}`);
}
