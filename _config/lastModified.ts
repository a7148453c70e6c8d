// jekyll-seo-tag's `last_modified_at:` as a real instant: written like a post date and read as Jekyll reads one,
// in the site's `timezone` (jekyllDate.ts). https://github.com/jekyll/jekyll-seo-tag/blob/master/docs/advanced-usage.md
import { parseJekyllDate, toRfc3339 } from "./jekyllDate.ts";

/** `last_modified_at` as an RFC 3339 instant, or null when it is missing or not a date Jekyll would read. */
export function lastModifiedInstant(value: unknown, timeZone: string | null): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().replace(/\.000Z$/, "Z");
  if (typeof value !== "string") return null;
  const date = parseJekyllDate(value, timeZone);
  return date ? toRfc3339(date.wallClock, date.offset) : null;
}
