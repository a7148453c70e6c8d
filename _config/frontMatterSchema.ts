// The front matter a post may carry, as a zod schema, and the one-line problems it reports:
// `posts/2018-10-31-x.md:5: tags: expected a list of strings, got 42`.
import { z } from "zod";
import { parseJekyllDate } from "./jekyllDate.ts";
import { LAYOUTS } from "./layouts.ts";

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
  error: (issue) => (issue.input === undefined ? "required, but missing" : `expected a string, got ${describeValue(issue.input)}`),
});
const optionalBoolean = z.boolean({ error: (issue) => `expected true or false, got ${describeValue(issue.input)}` }).optional();
// The parser has already split space-separated strings into lists; `tags:` left empty is null.
const stringList = z
  .array(z.string(), { error: (issue) => `expected a list of strings, got ${describeValue(issue.input)}` })
  .nullable()
  .optional();

function listOfStringsError(value: unknown): string {
  return `expected a list of strings, got ${describeValue(value)}`;
}

const layoutNames = Object.keys(LAYOUTS) as [keyof typeof LAYOUTS, ...(keyof typeof LAYOUTS)[]];

/** Keys our layouts read besides the schema's own; anything else is kept but warned about. */
const EXTRA_KNOWN_KEYS = ["description", "sitemap"] as const;

export const postFrontMatterSchema = z.looseObject({
  title: requiredString.refine((title) => title.trim() !== "", "must not be empty"),
  // jekyllFrontMatter.ts turns every date it understands into a Date; a string left over is one it did not.
  date: z
    .date({
      error: (issue) =>
        typeof issue.input === "string"
          ? `not a date: ${describeValue(issue.input)} (write YYYY-MM-DD, optionally with HH:MM:SS and +HH:MM)`
          : `expected a date, got ${describeValue(issue.input)}`,
    })
    .optional(),
  layout: z.enum(layoutNames, { error: (issue) => `expected one of ${layoutNames.join(", ")}, got ${describeValue(issue.input)}` }).optional(),
  categories: stringList,
  category: stringList,
  tags: stringList,
  comments: optionalBoolean,
  published: optionalBoolean,
  sitemap: optionalBoolean,
  // Opt-in service-worker fallback for cross-origin isolation on hosts that cannot send headers (GitHub Pages).
  coi_serviceworker: optionalBoolean,
  permalink: z
    .string({ error: (issue) => `expected a path starting with "/", got ${describeValue(issue.input)}` })
    .refine((permalink) => permalink.startsWith("/"), { error: (issue) => `must start with "/", got ${describeValue(issue.input)}` })
    .optional(),
  excerpt_separator: z
    .string({ error: (issue) => `expected a string such as "<!--more-->", got ${describeValue(issue.input)}` })
    .refine((separator) => separator !== "", "must not be empty")
    .optional(),
  description: z.string({ error: (issue) => `expected a string, got ${describeValue(issue.input)}` }).optional(),
  // Reading aids (_config/readingAids.ts): the series a post is part of, and `toc: false` to leave out its contents.
  series: z.string({ error: (issue) => `expected the series' name as a string, got ${describeValue(issue.input)}` }).optional(),
  toc: optionalBoolean,
  demos: z
    .array(
      z.string().regex(DEMO_NAME, { error: (issue) => `demo names are lower-case letters, digits and "-", got ${describeValue(issue.input)}` }),
      { error: (issue) => listOfStringsError(issue.input) },
    )
    .optional(),
});

export const KNOWN_KEYS: ReadonlySet<string> = new Set([...Object.keys(postFrontMatterSchema.shape), ...EXTRA_KNOWN_KEYS]);

export interface FrontMatterContext {
  file: string;
  /** File line of each top-level key (`frontMatterLines` from the parser). */
  lines: Readonly<Record<string, number>>;
  /** Posts need a date; drafts are dated by their file. */
  isDraft: boolean;
  /** Whether `demos/<name>/index.ts` exists. */
  demoExists: (name: string) => boolean;
}

export interface FrontMatterReport {
  problems: PostProblem[];
  warnings: PostProblem[];
}

const FILE_NAME_DATE = /^(\d{4}-\d{2}-\d{2})-/;

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
      const message = issue.path.length > 1 && issue.code === "invalid_type" ? listOfStringsError(data[field]) : issue.message;
      problems.push({ file, line: lineOf(field), field, message });
    }
  }
  if (!("date" in data) && !context.isDraft) {
    const fileDate = FILE_NAME_DATE.exec(file.split("/").pop() ?? "")?.[1];
    if (!fileDate) {
      problems.push({ file, line: 1, field: "date", message: "missing: name the file YYYY-MM-DD-slug.md or add a `date:` field" });
    } else if (!parseJekyllDate(fileDate)) {
      problems.push({ file, line: 1, field: "date", message: `the file name's date ${fileDate} is not a real day` });
    }
  }
  if (Array.isArray(data.demos)) {
    for (const name of data.demos) {
      if (typeof name === "string" && DEMO_NAME.test(name) && !context.demoExists(name)) {
        problems.push({ file, line: lineOf("demos"), field: "demos", message: `no demo named "${name}" (expected demos/${name}/index.ts)` });
      }
    }
  }
  const warnings = Object.keys(data)
    .filter((key) => !KNOWN_KEYS.has(key) && key !== "dateOffset" && key !== "frontMatterLines")
    .map((key) => ({ file, line: lineOf(key), field: key, message: "unknown front-matter key (kept; check its spelling)" }));
  return { problems: dedupe(problems), warnings };
}

function dedupe(problems: PostProblem[]): PostProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const line = formatProblem(problem);
    return !seen.has(line) && Boolean(seen.add(line));
  });
}
