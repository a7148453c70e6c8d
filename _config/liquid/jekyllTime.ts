// Times as Jekyll's Liquid sees them: an instant shown in the site's `timezone` (Jekyll sets TZ to it and its
// date filters call `localtime`), printed the way Ruby prints a Time. Without a site zone, a date keeps the
// offset it was written with (UTC when it named none), so output never depends on the build machine's zone.
// https://github.com/jekyll/jekyll/blob/v4.3.1/lib/jekyll/filters/date_filters.rb
import { formatOffset, instantOfWallClock, offsetMinutes, parseJekyllDate, zoneOffsetAt } from "../jekyllDate.ts";

export { formatOffset } from "../jekyllDate.ts";

/** A real instant plus the UTC offset (minutes east) it is shown in. Compares and sorts by the instant. */
export class JekyllTime extends Date {
  constructor(
    instantMs: number,
    readonly offsetMinutes: number,
  ) {
    super(instantMs);
  }

  /** The wall clock in the offset, read back with UTC getters. */
  get wallClock(): Date {
    return new Date(this.getTime() + this.offsetMinutes * 60_000);
  }

  /** Ruby's Time#to_s, which is what `{{ page.date }}` prints in Jekyll: "2018-10-31 14:05:00 +0530". */
  override toString(): string {
    return rubyFormat(this, " ", formatOffset(this.offsetMinutes, ""));
  }

  /** Ruby's to_json of a Time is its to_s, quoted. */
  override toJSON(): string {
    return this.toString();
  }

  /** Ruby's Time#xmlschema: "2018-10-31T14:05:00+05:30". */
  xmlschema(): string {
    return rubyFormat(this, "T", formatOffset(this.offsetMinutes, ":"));
  }
}

function rubyFormat(time: JekyllTime, separator: string, offset: string): string {
  const wall = time.wallClock.toISOString();
  return `${wall.slice(0, 10)}${separator}${wall.slice(11, 19)}${separator === " " ? " " : ""}${offset}`;
}

/** An instant shown in the site zone, or in `fallbackOffset` when the site has none. */
export function inSiteZone(instantMs: number, timezone: string | null, fallbackOffset = 0): JekyllTime {
  return new JekyllTime(instantMs, timezone ? zoneOffsetAt(instantMs, timezone) : fallbackOffset);
}

/**
 * A post's date as Jekyll gives it: `wallClock` (the fields as written, read with UTC getters) at `offset` ("+05:30",
 * "Z", or null: the site's zone), shown in the site zone.
 */
export function postTime(wallClock: Date, offset: string | null | undefined, timezone: string | null): JekyllTime {
  if (!offset) {
    return timezone
      ? inSiteZone(instantOfWallClock(wallClock.getTime(), timezone), timezone)
      : new JekyllTime(wallClock.getTime(), 0);
  }
  const minutes = offsetMinutes(offset);
  return inSiteZone(wallClock.getTime() - minutes * 60_000, timezone, minutes);
}

/**
 * Any value a date filter may get, as Ruby's Liquid::Utils.to_date reads it: a time, a Date, "now", epoch seconds, or
 * a date string. `keepWrittenZone`: a string with an offset stays in it (Liquid's own `date` filter), instead of
 * moving to the site zone (Jekyll's date_to_* filters). Undefined when it is no date.
 */
export function toJekyllTime(value: unknown, timezone: string | null, keepWrittenZone = false): JekyllTime | undefined {
  if (value instanceof JekyllTime)
    return keepWrittenZone ? value : inSiteZone(value.getTime(), timezone, value.offsetMinutes);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : postTime(value, null, timezone);
  if (typeof value === "number") return inSiteZone(value * 1000, timezone);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "now" || text === "today") return inSiteZone(Date.now(), timezone);
  if (/^\d+$/.test(text)) return inSiteZone(Number(text) * 1000, timezone);
  const parsed = parseJekyllDate(text);
  if (parsed) return postTime(parsed.wallClock, parsed.offset, keepWrittenZone && parsed.offset ? null : timezone);
  // Other forms Ruby's Time.parse reads ("Oct 31 2018", RFC 822): JavaScript's parser, read as written.
  const loose = new Date(`${text}${/(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})$/i.test(text) ? "" : " UTC"}`);
  if (Number.isNaN(loose.getTime())) return undefined;
  return keepWrittenZone ? new JekyllTime(loose.getTime(), 0) : postTime(loose, null, timezone);
}
