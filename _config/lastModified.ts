// jekyll-seo-tag's `last_modified_at:` as a real instant: written like a post date, read in the site's
// `timezone` when it names no zone (as Jekyll reads every date), UTC when the site has none.
// https://github.com/jekyll/jekyll-seo-tag/blob/master/docs/advanced-usage.md#setting-a-last-modified-date
import { parseJekyllDate, toRfc3339 } from "./jekyllDate.ts";

/** The offset ("+05:30", "-08:00", "Z") of `timeZone` at the moment whose local wall clock is `wallClock`. */
export function zoneOffsetAt(wallClock: Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const offsetMinutesAt = (instant: number) => {
    const parts = Object.fromEntries(format.formatToParts(instant).map(({ type, value }) => [type, Number(value)]));
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return Math.round((local - Math.floor(instant / 1000) * 1000) / 60_000);
  };
  // The offset at the wall clock read as UTC, then again at the instant that gives: right across DST changes.
  const first = offsetMinutesAt(wallClock.getTime());
  const minutes = offsetMinutesAt(wallClock.getTime() - first * 60_000);
  if (minutes === 0) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** `last_modified_at` as an RFC 3339 instant, or null when it is missing or not a date Jekyll would read. */
export function lastModifiedInstant(value: unknown, timeZone: string | null): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().replace(/\.000Z$/, "Z");
  if (typeof value !== "string") return null;
  const date = parseJekyllDate(value);
  if (!date) return null;
  const offset = date.offset ?? (timeZone ? zoneOffsetAt(date.wallClock, timeZone) : null);
  return toRfc3339(date.wallClock, offset);
}
