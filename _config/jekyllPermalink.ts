// Post URLs exactly as Jekyll 4.3 builds them: a style name or a template of `:placeholders`, site-wide
// (`permalink:` in _config.yml) or per post. https://jekyllrb.com/docs/permalinks/
// Facts from Jekyll's source: lib/jekyll/url.rb (generate_url_from_drop, sanitize_url), drops/url_drop.rb
// (each placeholder), utils.rb (slugify modes), document.rb (categories: `category` kept whole, `categories` split).
import { DAY_NAMES, MONTH_NAMES } from "./jekyllDate.ts";

/** Jekyll's built-in styles (lib/jekyll/utils.rb, sanitized_path… `PERMALINK_STYLES`). */
export const PERMALINK_STYLES: Readonly<Record<string, string>> = {
  date: "/:categories/:year/:month/:day/:title:output_ext",
  pretty: "/:categories/:year/:month/:day/:title/",
  ordinal: "/:categories/:year/:y_day/:title:output_ext",
  weekdate: "/:categories/:year/W:week/:short_day/:title:output_ext",
  none: "/:categories/:title:output_ext",
};

export interface PermalinkInput {
  /** Jekyll's merged categories of the post, as written (postCategories). */
  categories: readonly string[];
  /** Wall-clock date of the post in the site's zone (read with UTC getters). */
  date: Date;
  /** Front matter `slug:`, else the file name without its date prefix and extension. */
  slug: string;
  /** The output extension, ".html" for every post. */
  outputExt?: string;
}

/** A style name (`pretty`) or a template (`/blog/:year/:title/`) → the template. */
export function permalinkTemplate(setting: string): string {
  return PERMALINK_STYLES[setting] ?? setting;
}

/** Jekyll's `Utils.slugify` in its `default` and `pretty` modes (cased or not). */
export function jekyllSlugify(
  text: string,
  mode: "default" | "pretty" | "raw" | "ascii" = "default",
  cased = false,
): string {
  const replaceable =
    mode === "raw"
      ? /\s+/g
      : mode === "pretty"
        ? /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu
        : mode === "ascii"
          ? /[^A-Za-z0-9]+/g
          : /[^\p{M}\p{L}\p{Nd}]+/gu;
  const slug = text.replace(replaceable, "-").replace(/^-|-$/g, "");
  return cased ? slug : slug.toLowerCase();
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** ISO 8601 week number and week-based year (strftime %V and %G). */
function isoWeek(date: Date): { week: number; year: number } {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7), year: day.getUTCFullYear() };
}

function placeholders({ categories, date, slug, outputExt = ".html" }: PermalinkInput): Record<string, string> {
  const dayOfYear =
    Math.floor(
      (Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - Date.UTC(date.getUTCFullYear(), 0, 1)) /
        86_400_000,
    ) + 1;
  const { week, year: weekYear } = isoWeek(date);
  return {
    year: String(date.getUTCFullYear()),
    month: pad(date.getUTCMonth() + 1),
    i_month: String(date.getUTCMonth() + 1),
    day: pad(date.getUTCDate()),
    i_day: String(date.getUTCDate()),
    short_year: pad(date.getUTCFullYear() % 100),
    hour: pad(date.getUTCHours()),
    minute: pad(date.getUTCMinutes()),
    second: pad(date.getUTCSeconds()),
    y_day: pad(dayOfYear, 3),
    short_month: MONTH_NAMES[date.getUTCMonth()]!.slice(0, 3),
    long_month: MONTH_NAMES[date.getUTCMonth()]!,
    week: pad(week),
    w_year: String(weekYear),
    w_day: String(date.getUTCDay() || 7),
    short_day: DAY_NAMES[date.getUTCDay()]!.slice(0, 3),
    long_day: DAY_NAMES[date.getUTCDay()]!,
    title: jekyllSlugify(slug, "pretty", true),
    slug: jekyllSlugify(slug),
    name: jekyllSlugify(slug),
    categories: [...new Set(categories.map((category) => category.toLowerCase()))].join("/"),
    slugified_categories: [...new Set(categories.map((category) => jekyllSlugify(category)))].join("/"),
    output_ext: outputExt,
    collection: "posts",
  };
}

export class PermalinkError extends Error {}

/**
 * The URL path Jekyll gives a post for `template`, unescaped: the file's real path. A post's own `permalink:` is
 * always a template (`pretty` there is a file name); only the site's setting may name a style (permalinkTemplate).
 * Like Jekyll, a URL without a trailing slash or `.html` gets `.html` on its file (Jekyll serves it extensionless).
 */
export function jekyllPermalink(template: string, input: PermalinkInput): string {
  const values = placeholders(input);
  const filled = template.replace(/:([a-z_]+)/g, (match, name: string) => {
    // `/:month_:day`: a key followed by "_" that is not itself a key (url.rb, possible_keys).
    const key =
      name in values ? name : name.endsWith("_") && name.slice(0, -1) in values ? name.slice(0, -1) : undefined;
    if (key === undefined) {
      throw new PermalinkError(
        `permalink "${template}": unknown placeholder :${name} (Jekyll has :year :month :day :title :slug :categories …)`,
      );
    }
    return values[key]! + (key === name ? "" : "_");
  });
  // url.rb sanitize_url: one leading "/", no "..", no "./", no repeated "/".
  const url = `/${filled}`
    .replaceAll("..", "/")
    .replaceAll("./", "")
    .replace(/\/{2,}/g, "/");
  // document.rb destination: a URL ending in "/" is a folder's index.html; any other gets the output extension.
  const outputExt = input.outputExt ?? ".html";
  return url.endsWith("/") || url.endsWith(outputExt) ? url : `${url}${outputExt}`;
}

/**
 * Jekyll merges `categories` (a list, or a string split on spaces) and `category` (one category, kept whole even
 * with spaces), in that order, without repeats (document.rb populate_categories).
 */
export function postCategories(data: { categories?: unknown; category?: unknown }): string[] {
  const plural: unknown[] = Array.isArray(data.categories)
    ? data.categories
    : typeof data.categories === "string"
      ? data.categories.split(/\s+/)
      : [];
  const singular: unknown[] = Array.isArray(data.category)
    ? data.category
    : data.category === undefined || data.category === null
      ? []
      : [data.category];
  const all = [...plural, ...singular].map((value) => (typeof value === "number" ? String(value) : value));
  return [...new Set(all.filter((value): value is string => typeof value === "string" && value !== ""))];
}

/** Tags as a clean list, whatever form the front matter used (a post's are under `jekyllTags`: jekyllTags.ts). */
export function postTags(data: { tags?: unknown; jekyllTags?: unknown }): string[] {
  const tags = data.jekyllTags ?? data.tags;
  const list = Array.isArray(tags) ? tags : typeof tags === "string" ? tags.split(/\s+/) : [];
  return [...new Set(list.filter((tag): tag is string => typeof tag === "string" && tag !== ""))];
}
