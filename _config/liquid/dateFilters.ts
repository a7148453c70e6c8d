// Jekyll's date filters, and Liquid's `date`, in the site's zone with Ruby's formats.
// https://jekyllrb.com/docs/liquid/filters/ and lib/jekyll/filters/date_filters.rb (v4.3.1)
import type { UserConfig } from "@11ty/eleventy";
import { filters as liquidFilters } from "liquidjs";
import { DAY_NAMES, MONTH_NAMES } from "../jekyllDate.ts";
import { formatOffset, toJekyllTime, type JekyllTime } from "./jekyllTime.ts";

export interface DateFilterOptions {
  /** The site's IANA zone (`timezone:` in _config.yml), or null. */
  timezone: string | null;
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return "th";
  return ["th", "st", "nd", "rd"][day % 10] ?? "th";
}

/** date_to_string / date_to_long_string: "31 Oct 2018", "31st Oct 2018", "Oct 31st, 2018". */
export function stringifyDate(time: JekyllTime, longMonth: boolean, type?: unknown, style?: unknown): string {
  const wall = time.wallClock;
  const month = MONTH_NAMES[wall.getUTCMonth()]!;
  const monthName = longMonth ? month : month.slice(0, 3);
  const day = wall.getUTCDate();
  const year = wall.getUTCFullYear();
  if (type === "ordinal") {
    const ordinalDay = `${day}${ordinal(day)}`;
    return style === "US" ? `${monthName} ${ordinalDay}, ${year}` : `${ordinalDay} ${monthName} ${year}`;
  }
  return `${String(day).padStart(2, "0")} ${monthName} ${year}`;
}

/** Ruby's Time#rfc822: "Wed, 31 Oct 2018 14:05:00 +0530". */
export function rfc822(time: JekyllTime): string {
  const wall = time.wallClock;
  const [date, clock] = [wall.getUTCDate(), wall.toISOString().slice(11, 19)];
  return `${DAY_NAMES[wall.getUTCDay()]!.slice(0, 3)}, ${String(date).padStart(2, "0")} ${MONTH_NAMES[wall.getUTCMonth()]!.slice(0, 3)} ${wall.getUTCFullYear()} ${clock} ${formatOffset(time.offsetMinutes, "")}`;
}

// Jekyll returns an empty input as it is, and fails the build on anything else that is no date.
function requireTime(value: unknown, timezone: string | null): JekyllTime | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const time = toJekyllTime(value, timezone);
  if (!time) throw new Error(`Invalid Date: '${String(value)}' is not a valid datetime.`);
  return time;
}

export default function dateFilters(eleventyConfig: UserConfig, { timezone }: DateFilterOptions): void {
  const liquidDate = liquidFilters.date as (
    this: unknown,
    value: unknown,
    format?: unknown,
    timezoneOffset?: number,
  ) => unknown;
  // Liquid's `date` reads a time in its own offset (liquidjs's timezoneOffset counts minutes west, hence the minus).
  eleventyConfig.addLiquidFilter("date", function (this: unknown, value: unknown, format?: unknown) {
    const time = toJekyllTime(value, timezone, true);
    return time ? liquidDate.call(this, new Date(time.getTime()), format, -time.offsetMinutes) : value;
  });
  eleventyConfig.addLiquidFilter(
    "date_to_xmlschema",
    (value: unknown) => requireTime(value, timezone)?.xmlschema() ?? value,
  );
  eleventyConfig.addLiquidFilter("date_to_rfc822", (value: unknown) => {
    const time = requireTime(value, timezone);
    return time ? rfc822(time) : value;
  });
  eleventyConfig.addLiquidFilter("date_to_string", (value: unknown, type?: unknown, style?: unknown) => {
    const time = requireTime(value, timezone);
    return time ? stringifyDate(time, false, type, style) : value;
  });
  eleventyConfig.addLiquidFilter("date_to_long_string", (value: unknown, type?: unknown, style?: unknown) => {
    const time = requireTime(value, timezone);
    return time ? stringifyDate(time, true, type, style) : value;
  });
}
