// Jekyll's relative_url and absolute_url (lib/jekyll/filters/url_filters.rb, v4.3.1).
// One difference: relative_url leaves out the path prefix (`baseurl`), because the build's base-path step
// (basePath.ts, Eleventy's HTML base plugin) adds it to every href and src of the HTML; adding it here too
// would write `/blog/blog/…`. absolute_url gives full URLs, which that step leaves alone, so it adds it.
import type { UserConfig } from "@11ty/eleventy";
import { normalizeComponent, stringOf, URI_CLASSES } from "./textFilters.ts";

export interface UrlFilterOptions {
  /** The site's URL without a trailing slash (settings' `url`, or SITE_URL). */
  siteUrl: string;
  /** "/blog/" or "/" (settings' `pathPrefix`). */
  pathPrefix: string;
}

/** Whether Addressable would read the text as an absolute URI (it has a scheme). */
function isAbsolute(url: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(url);
}

/** Addressable's normalize of a path with its query and fragment. */
export function normalizeUrlPath(url: string): string {
  const match = /^([^?#]*)(\?[^#]*)?(#.*)?$/s.exec(url)!;
  const [, path = "", query, fragment] = match;
  return (
    normalizeComponent(path, URI_CLASSES.path) +
    (query !== undefined ? `?${normalizeComponent(query.slice(1), URI_CLASSES.query)}` : "") +
    (fragment !== undefined ? `#${normalizeComponent(fragment.slice(1), URI_CLASSES.query)}` : "")
  );
}

/** A drop or a post answers with its `url`, as Jekyll's filters do (`{{ post | relative_url }}`). */
function urlOf(input: unknown): string {
  if (input && typeof input === "object" && "url" in input) return stringOf(input.url);
  return stringOf(input);
}

const withLeadingSlash = (part: string) => (part === "" || part.startsWith("/") ? part : `/${part}`);

export function relativeUrl(input: unknown, baseurl: string): unknown {
  if (input === undefined || input === null) return input;
  const url = urlOf(input);
  if (isAbsolute(url)) return url;
  return normalizeUrlPath(withLeadingSlash(baseurl) + withLeadingSlash(url));
}

export function absoluteUrl(input: unknown, { siteUrl, pathPrefix }: UrlFilterOptions): unknown {
  if (input === undefined || input === null) return input;
  const url = urlOf(input);
  if (isAbsolute(url)) return url;
  const path = relativeUrl(url, pathPrefix.replace(/\/$/, "")) as string;
  if (!siteUrl) return path;
  return new URL(`${siteUrl}${path}`).href;
}

export default function urlFilters(eleventyConfig: UserConfig, options: UrlFilterOptions): void {
  eleventyConfig.addLiquidFilter("relative_url", (input: unknown) => relativeUrl(input, ""));
  eleventyConfig.addLiquidFilter("absolute_url", (input: unknown) => absoluteUrl(input, options));
}
