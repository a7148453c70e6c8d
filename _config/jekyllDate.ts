// Jekyll post dates: "2018-10-31", "2018-10-31 14:05", "2018-10-31 14:05:00 +0530", ISO forms.
// With the site's `timezone:` set, a date is read as Jekyll reads it there: a zoned date is converted to that
// zone's wall clock, a zone-less one is that zone's time. Without it, the wall clock as written is kept (Jekyll
// would use the build machine's zone). The URL and the shown date use that wall clock; the offset is kept
// apart for feeds and <time datetime>.
import { remembered } from "./remembered.ts";

/** English month names, January first (Ruby's Date::MONTHNAMES, which Jekyll's dates and permalinks print). */
export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;
/** English day names, Sunday first (Ruby's Date::DAYNAMES); the short forms are their first three letters. */
export const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export interface JekyllDate {
  /** Wall-clock fields as written, stored in UTC so UTC getters read them back unchanged. */
  wallClock: Date;
  /** "+05:30", "Z", or null when the date named no zone. */
  offset: string | null;
}

const JEKYLL_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseJekyllDate(text: string, timeZone: string | null = null): JekyllDate | null {
  const written = parseWrittenDate(text);
  if (!written || !timeZone) return written;
  if (written.offset === null)
    return { wallClock: written.wallClock, offset: offsetOfWallClock(written.wallClock, timeZone) };
  return wallClockIn(Date.parse(toRfc3339(written.wallClock, written.offset)), timeZone);
}

function parseWrittenDate(text: string): JekyllDate | null {
  const match = JEKYLL_DATE.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = match;
  const wallClock = new Date(
    Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h),
      Number(mi),
      Number(s),
      Number(frac.slice(0, 3).padEnd(3, "0")),
    ),
  );
  // Date.UTC rolls 2018-02-30 over to March: reject instead of silently moving the post.
  if (wallClock.getUTCMonth() !== Number(mo) - 1 || wallClock.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return { wallClock, offset: zone ? normaliseOffset(zone) : null };
}

function normaliseOffset(zone: string): string {
  if (zone.toUpperCase() === "Z") return "Z";
  const digits = zone.replace(":", "");
  return `${digits.slice(0, 3)}:${digits.slice(3)}`;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** Minutes east of UTC that `timeZone` is at the instant `ms`. */
export function zoneOffsetAt(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    zoneFormat(timeZone)
      .formatToParts(new Date(ms))
      .map(({ type, value }) => [type, Number(value)]),
  );
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** Minutes east of UTC → "+05:30" (or "+0530" with `separator` ""). */
export function formatOffset(minutes: number, separator: ":" | "" = ":"): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${separator}${String(abs % 60).padStart(2, "0")}`;
}

/** "+05:30" / "-0700" / "Z" → minutes east of UTC (0 for anything else). */
export function offsetMinutes(offset: string): number {
  if (offset.toUpperCase() === "Z") return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The wall clock in `timeZone` at the instant `ms` (stored in UTC fields), with its offset. */
export function wallClockIn(ms: number, timeZone: string): JekyllDate {
  const minutes = zoneOffsetAt(ms, timeZone);
  return { wallClock: new Date(ms + minutes * 60_000), offset: formatOffset(minutes) };
}

/** The instant of a wall clock (UTC getters) read in `timeZone`, as Ruby's Time.parse does with TZ set. */
export function instantOfWallClock(wallClockMs: number, timeZone: string): number {
  const guess = wallClockMs - zoneOffsetAt(wallClockMs, timeZone) * 60_000;
  const instant = wallClockMs - zoneOffsetAt(guess, timeZone) * 60_000;
  if (instant + zoneOffsetAt(instant, timeZone) * 60_000 === wallClockMs) return instant;
  // A wall clock skipped when clocks go forward: Ruby reads it with the offset from before, landing an hour later.
  return wallClockMs - zoneOffsetAt(instant, timeZone) * 60_000;
}

/** The offset `timeZone` has at a wall-clock time there, by the same rule as instantOfWallClock. */
export function offsetOfWallClock(wallClock: Date, timeZone: string): string {
  return formatOffset(zoneOffsetAt(instantOfWallClock(wallClock.getTime(), timeZone), timeZone));
}

/** RFC 3339 timestamp of the real instant: wall clock plus its offset (UTC when none was given). */
export function toRfc3339(wallClock: Date, offset: string | null): string {
  const base = wallClock.toISOString().replace(/\.\d{3}Z$/, "");
  return `${base}${!offset || offset === "Z" ? "Z" : offset}`;
}

/**
 * Formatted dates by instant: a 1,000-post build asks for ~10,000 readable dates and ~8,000 ISO days (posts, lists,
 * archive, related posts) of ~1,000 instants, and Intl's formatting is the costly part.
 */
const readableDatesIn = new Map<string, (time: number) => string>();

/** The date as written, e.g. "31 October 2018", read in UTC to match the wall clock. */
export function readableDate(date: Date, locale = "en-GB"): string {
  if (!(date instanceof Date)) return readableDateFormat(locale).format(date);
  let readable = readableDatesIn.get(locale);
  if (!readable)
    readableDatesIn.set(locale, (readable = remembered((time) => readableDateFormat(locale).format(time))));
  return readable(date.getTime());
}

// Building an Intl.DateTimeFormat costs ~0.4 ms: once per locale, not once per date (27,000 calls at 4,000 posts).
const readableDateFormats = new Map<string, Intl.DateTimeFormat>();
function readableDateFormat(locale: string): Intl.DateTimeFormat {
  let format = readableDateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    readableDateFormats.set(locale, format);
  }
  return format;
}

/** "2018-10-31", for <time datetime> when the post has no time of day. */
export function isoDay(date: Date): string {
  if (!(date instanceof Date)) return (date as Date).toISOString().slice(0, 10);
  return isoDayOf(date.getTime());
}

// An invalid date throws (RangeError), as before, and is not remembered.
const isoDayOf = remembered((time: number) => new Date(time).toISOString().slice(0, 10));
