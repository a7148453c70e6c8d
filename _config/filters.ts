// Filters the layouts use: dates, excerpts, terms, and values written safely into JSON-in-HTML.
import type { UserConfig } from "@11ty/eleventy";
import { withPathPrefix } from "./basePath.ts";
import { postExcerpt, plainText, readingMinutes, type ExcerptSource } from "./excerpt.ts";
import { isoDay, readableDate, toRfc3339 } from "./jekyllDate.ts";
import { postCategories, postTags } from "./jekyllPermalink.ts";
import { termSlug } from "./slugs.ts";

/** JSON safe inside <script type="application/ld+json">: no `</script>`, no raw U+2028/2029. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A site path (`page.url`, unprefixed) as a full URL where it is published, path prefix included. */
export function absoluteUrl(path: string, siteUrl: string, pathPrefix = "/"): string {
  return new URL(withPathPrefix(path, pathPrefix), `${siteUrl}/`).href;
}

export interface FilterOptions {
  /** The site's `excerpt_separator`, or null when _config.yml sets none. */
  excerptSeparator?: string | null;
}

export default function filters(eleventyConfig: UserConfig, { excerptSeparator = null }: FilterOptions = {}): void {
  eleventyConfig.addFilter("readableDate", (date: Date) => readableDate(date));
  eleventyConfig.addFilter("isoDay", (date: Date) => isoDay(date));
  eleventyConfig.addFilter("rfc3339", (date: Date, offset: string | null = null) => toRfc3339(date, offset));
  // `post.content | excerpt(post.data)`: the post's front matter decides (its `excerpt`, its separator).
  eleventyConfig.addFilter("excerpt", (html: string, data?: ExcerptSource) =>
    postExcerpt(html ?? "", data ?? {}, excerptSeparator),
  );
  eleventyConfig.addFilter("plainText", (html: string, maxLength?: number) => plainText(html ?? "", maxLength));
  eleventyConfig.addFilter("readingMinutes", (html: string) => readingMinutes(html ?? ""));
  eleventyConfig.addFilter("postTags", (tags: unknown) => postTags({ tags }));
  eleventyConfig.addFilter("postCategories", (categories: unknown, category?: unknown) =>
    postCategories({ categories, category }),
  );
  eleventyConfig.addFilter("termSlug", (name: string) => termSlug(String(name)));
  eleventyConfig.addFilter("jsonForScript", (value: unknown) => jsonForScript(value));
  // Not named `absoluteUrl`: the feed plugin registers a filter of that name later, which ignores the path prefix.
  // `page.url` is `false` while a page with `permalink: false` renders; it is never written, so any string will do.
  eleventyConfig.addFilter("publishedUrl", (path: string | false, siteUrl: string) =>
    absoluteUrl(String(path), siteUrl, eleventyConfig.pathPrefix),
  );
}
