// The front matter a post may carry, as a zod schema, and the one-line problems it reports:
// `posts/2018-10-31-x.md:5: tags: expected a list of strings, got 42`.
import { z } from "zod";
import { parseJekyllDate, toRfc3339 } from "./jekyllDate.ts";
import { jekyllPermalink, PermalinkError } from "./jekyllPermalink.ts";
import { LAYOUTS } from "./layouts.ts";
import { fileNameDate } from "./postDataForEleventy.ts";

/** One thing wrong (or worth a warning) in one file, at one line. */
export interface PostProblem {
  /** Path relative to the site root, with `/` separators. */
  file: string;
  /** 1-based line in the file. */
  line: number;
  /** The front-matter key concerned, if any. */
  field?: string;
  message: string;
}

export function formatProblem({ file, line, field, message }: PostProblem): string {
  return `${file}:${line}: ${field ? `${field}: ` : ""}${message}`;
}

/** A value as the author wrote it, short enough for one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid date" : value.toISOString();
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const DEMO_NAME = /^[a-z0-9][a-z0-9-]*$/;

const requiredString = z.string({
  error: (issue) =>
    issue.input === undefined ? "required, but missing" : `expected a string, got ${describeValue(issue.input)}`,
});
const optionalBoolean = z
  .boolean({ error: (issue) => `expected true or false, got ${describeValue(issue.input)}` })
  .optional();
// The parser has already split space-separated strings into lists; `tags:` left empty is null.
const stringList = z
  .array(z.string(), { error: (issue) => `expected a list of strings, got ${describeValue(issue.input)}` })
  .nullable()
  .optional();

function listOfStringsError(value: unknown): string {
  return `expected a list of strings, got ${describeValue(value)}`;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
const isNamedMap = (value: unknown) => isMap(value) && (value.name === undefined || typeof value.name === "string");
const isImage = (value: unknown) =>
  (typeof value === "string" && value.trim() !== "") ||
  (isMap(value) &&
    [value.path, value.twitter, value.facebook].some((path) => typeof path === "string" && path.trim() !== ""));
// A path on this site (Jekyll adds the leading `/` when it is missing); a full URL cannot be redirected from here.
const isSitePath = (value: unknown) =>
  typeof value === "string" && value.trim() !== "" && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value);

const layoutNames = Object.keys(LAYOUTS);

/** Keys our layouts read besides the schema's own; anything else is kept but warned about. */
const EXTRA_KNOWN_KEYS = ["description", "sitemap", "slug"] as const;

export const postFrontMatterSchema = z.looseObject({
  // Missing, Jekyll titles the post from its file name (a warning below); present, it must be text.
  title: requiredString.refine((title) => title.trim() !== "", "must not be empty").optional(),
  // jekyllFrontMatter.ts turns every date it understands into a Date; a string left over is one it did not.
  date: z
    .date({
      error: (issue) =>
        typeof issue.input === "string"
          ? `not a date: ${describeValue(issue.input)} (write YYYY-MM-DD, optionally with HH:MM:SS and +HH:MM)`
          : `expected a date, got ${describeValue(issue.input)}`,
    })
    .optional(),
  layout: z
    .string({ error: (issue) => `expected one of ${layoutNames.join(", ")}, got ${describeValue(issue.input)}` })
    .optional(),
  categories: stringList,
  // Jekyll keeps a singular `category` whole, spaces and all.
  category: z
    .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))], {
      error: (issue) => `expected a category name or a list of them, got ${describeValue(issue.input)}`,
    })
    .nullable()
    .optional(),
  tags: stringList,
  comments: optionalBoolean,
  published: optionalBoolean,
  sitemap: optionalBoolean,
  // Opt-in service-worker fallback for cross-origin isolation on hosts that cannot send headers (GitHub Pages).
  coi_serviceworker: optionalBoolean,
  // A path or a Jekyll template (`/blog/:year/:title/`); Jekyll adds a missing leading "/" itself.
  permalink: z
    .string({
      error: (issue) => `expected a path such as "/about/" or "/:year/:title/", got ${describeValue(issue.input)}`,
    })
    .optional(),
  // Jekyll uses a front-matter excerpt as written.
  excerpt: z.string({ error: (issue) => `expected the excerpt's text, got ${describeValue(issue.input)}` }).optional(),
  excerpt_separator: z
    .string({ error: (issue) => `expected a string such as "<!--more-->", got ${describeValue(issue.input)}` })
    .refine((separator) => separator !== "", "must not be empty")
    .optional(),
  description: z.string({ error: (issue) => `expected a string, got ${describeValue(issue.input)}` }).optional(),
  // jekyll-seo-tag and jekyll-redirect-from (_config/seo.ts, _config/redirects.ts).
  image: z
    .custom<string | Record<string, unknown>>(isImage, {
      error: (issue) =>
        `expected a path such as /img/card.png, or a map with path, width, height and alt; got ${describeValue(issue.input)}`,
    })
    .optional(),
  author: z
    .custom<string | Record<string, unknown>>((value) => typeof value === "string" || isNamedMap(value), {
      error: (issue) =>
        `expected a name, a key of _data/authors, or a map with name (and email, url, twitter, picture); got ${describeValue(issue.input)}`,
    })
    .optional(),
  authors: stringList,
  last_modified_at: z
    .custom<string | Date>(
      (value) => value instanceof Date || (typeof value === "string" && parseJekyllDate(value) !== null),
      {
        error: (issue) =>
          `not a date: ${describeValue(issue.input)} (write YYYY-MM-DD, optionally with HH:MM:SS and +HH:MM)`,
      },
    )
    .optional(),
  redirect_from: z
    .custom<string | string[]>((value) => [value].flat().every(isSitePath), {
      error: (issue) => `expected a site path such as /old/url/ or a list of them, got ${describeValue(issue.input)}`,
    })
    .optional(),
  redirect_to: z
    .string({ error: (issue) => `expected a URL or a site path, got ${describeValue(issue.input)}` })
    .refine((target) => target.trim() !== "", "must not be empty")
    .optional(),
  canonical_url: z.string({ error: (issue) => `expected a URL, got ${describeValue(issue.input)}` }).optional(),
  seo: z
    .custom<Record<string, unknown>>(isMap, {
      error: (issue) => `expected a map such as { type: Person }, got ${describeValue(issue.input)}`,
    })
    .optional(),
  twitter: z
    .custom<Record<string, unknown>>(isMap, {
      error: (issue) => `expected a map such as { card: summary }, got ${describeValue(issue.input)}`,
    })
    .optional(),
  // Reading aids (_config/readingAids.ts): the series a post is part of, and `toc: false` to leave out its contents.
  series: z
    .string({ error: (issue) => `expected the series' name as a string, got ${describeValue(issue.input)}` })
    .optional(),
  toc: optionalBoolean,
  demos: z
    .array(
      z.string().regex(DEMO_NAME, {
        error: (issue) => `demo names are lower-case letters, digits and "-", got ${describeValue(issue.input)}`,
      }),
      { error: (issue) => listOfStringsError(issue.input) },
    )
    .optional(),
});

export const KNOWN_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(postFrontMatterSchema.shape),
  ...EXTRA_KNOWN_KEYS,
]);

export interface FrontMatterContext {
  file: string;
  /** File line of each top-level key (`frontMatterLines` from the parser). */
  lines: Readonly<Record<string, number>>;
  /** Posts need a date; drafts are dated by their file. */
  isDraft: boolean;
  /** Whether `demos/<name>/index.ts` exists. */
  demoExists: (name: string) => boolean;
  /** The site's `timezone` (null: dates kept as written, warned about where Jekyll on a UTC machine would differ). */
  timezone?: string | null;
}

export interface FrontMatterReport {
  problems: PostProblem[];
  warnings: PostProblem[];
}

/** Checks one post's parsed front matter; pure apart from `demoExists`. */
export function checkFrontMatter(data: Record<string, unknown>, context: FrontMatterContext): FrontMatterReport {
  const { file, lines } = context;
  const lineOf = (field: string) => lines[field] ?? 1;
  const problems: PostProblem[] = [];
  const result = postFrontMatterSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? "");
      // An item's own message ("demo names are…") is clearer than the list's, except for plain type errors.
      const message =
        issue.path.length > 1 && issue.code === "invalid_type" ? listOfStringsError(data[field]) : issue.message;
      problems.push({ file, line: lineOf(field), field, message });
    }
  }
  if (!("date" in data) && !context.isDraft) {
    const fileDate = fileNameDate(file);
    if (!fileDate) {
      problems.push({
        file,
        line: 1,
        field: "date",
        message: "missing: name the file YYYY-MM-DD-slug.md or add a `date:` field",
      });
    } else if (!parseJekyllDate(fileDate)) {
      problems.push({ file, line: 1, field: "date", message: `the file name's date ${fileDate} is not a real day` });
    }
  }
  if (typeof data.permalink === "string") {
    try {
      jekyllPermalink(data.permalink, { categories: [], date: new Date(0), slug: "x" });
    } catch (error) {
      if (!(error instanceof PermalinkError)) throw error;
      problems.push({ file, line: lineOf("permalink"), field: "permalink", message: error.message });
    }
  }
  if (Array.isArray(data.demos)) {
    for (const name of data.demos) {
      if (typeof name === "string" && DEMO_NAME.test(name) && !context.demoExists(name)) {
        problems.push({
          file,
          line: lineOf("demos"),
          field: "demos",
          message: `no demo named "${name}" (expected demos/${name}/index.ts)`,
        });
      }
    }
  }
  const warnings: PostProblem[] = Object.keys(data)
    .filter((key) => !KNOWN_KEYS.has(key) && key !== "dateOffset" && key !== "frontMatterLines")
    .map((key) => ({
      file,
      line: lineOf(key),
      field: key,
      message: "unknown front-matter key (kept; check its spelling)",
    }));
  warnings.push(...jekyllDifferences(data, context));
  return { problems: dedupe(problems), warnings };
}

/** Where the post still builds but not as Jekyll would have it: what Jekyll does, and what we did. */
function jekyllDifferences(
  data: Record<string, unknown>,
  { file, lines, timezone = null }: FrontMatterContext,
): PostProblem[] {
  const warnings: PostProblem[] = [];
  if (data.title === undefined || data.title === null) {
    warnings.push({
      file,
      line: lines.title ?? 1,
      field: "title",
      message: "missing: titled from the file name, as Jekyll does; add `title:` to choose",
    });
  }
  if (typeof data.layout === "string" && !layoutNames.includes(data.layout)) {
    warnings.push({
      file,
      line: lines.layout ?? 1,
      field: "layout",
      message: `"${data.layout}" is not a layout here (Jekyll would use _layouts/${data.layout}.html); built with "post". Use one of ${layoutNames.join(", ")}`,
    });
  }
  const offset = typeof data.dateOffset === "string" ? data.dateOffset : null;
  if (!timezone && data.date instanceof Date && offset && offset !== "Z" && offset !== "+00:00") {
    const utcDay = toRfc3339(new Date(Date.parse(toRfc3339(data.date, offset))), "Z").slice(0, 10);
    const writtenDay = data.date.toISOString().slice(0, 10);
    if (utcDay !== writtenDay) {
      warnings.push({
        file,
        line: lines.date ?? 1,
        field: "date",
        message: `filed under ${writtenDay} as written; Jekyll on a UTC machine (GitHub Pages) files it under ${utcDay}. Set \`timezone:\` in _config.yml to choose`,
      });
    }
  }
  return warnings;
}

function dedupe(problems: PostProblem[]): PostProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const line = formatProblem(problem);
    return !seen.has(line) && Boolean(seen.add(line));
  });
}
