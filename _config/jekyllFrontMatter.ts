// Front matter parsed the way Jekyll reads it, before Eleventy sees the data:
// dates in Jekyll's forms (in the site's `timezone`), and space-separated `tags`/`categories` strings split into
// lists (`category`, singular, stays one category even with spaces, as in Jekyll).
// Eleventy reads `tags` as soon as the data is parsed (collections), so this must happen at parse time; a
// post's tags then reach Eleventy as `jekyllTags` (jekyllTags.ts), other pages' as Eleventy's `tags`.
import type { UserConfig } from "@11ty/eleventy";
import { parseJekyllDate } from "./jekyllDate.ts";
import { loadJekyllYaml, parseYamlStrictly, YamlSyntaxError } from "./jekyllYaml.ts";

/** Fields Jekyll accepts as a list or a space-separated string. */
const LIST_FIELDS = ["tags", "categories"] as const;

export interface FrontMatterOptions {
  /** The site's IANA `timezone`, or null to keep dates as written (siteSettings.ts). */
  timezone?: string | null;
}

export function splitJekyllList(value: unknown): unknown {
  if (typeof value === "string") return value.split(/\s+/).filter(Boolean);
  return value;
}

export interface ParsedFrontMatter extends Record<string, unknown> {
  /**
   * 1-based line of each top-level key in the YAML text. gray-matter hands over the text from just after the
   * opening `---` (its line break included), so these are also the lines of the file.
   */
  frontMatterLines?: Record<string, number>;
}

/**
 * Front matter already parsed by the post validation (postValidation.ts), keyed by the exact YAML text, so
 * Eleventy's own read of the file does not parse it a second time. Each entry is used once.
 */
const parsedAhead = new Map<string, ParsedFrontMatter[]>();

/** Two posts may share a front matter text exactly: each gets its own entry, in turn. */
export function rememberParsedFrontMatter(yamlText: string, parsed: ParsedFrontMatter): void {
  const queue = parsedAhead.get(yamlText);
  if (queue) queue.push(parsed);
  else parsedAhead.set(yamlText, [parsed]);
}

export function forgetParsedFrontMatter(): void {
  parsedAhead.clear();
}

/** Parses a YAML front-matter block; throws with the YAML line on syntax errors and duplicate keys. */
export function parseJekyllFrontMatter(yamlText: string, options: FrontMatterOptions = {}): ParsedFrontMatter {
  const queue = parsedAhead.get(yamlText);
  const ahead = queue?.shift();
  if (queue && !queue.length) parsedAhead.delete(yamlText);
  if (ahead) return ahead;
  return parseYamlFrontMatter(yamlText, options);
}

/**
 * Parses with js-yaml (Psych's YAML 1.1 booleans, dates left as strings: jekyllYaml.ts), about ten times faster than the yaml
 * package: a tenth of a second per thousand posts. Anything js-yaml rejects is parsed again by the yaml
 * package, whose errors name the exact line and kind (e.g. DUPLICATE_KEY) for the message.
 * `test/jekyllUnits.test.ts` checks both parsers agree on every post the tests build.
 */
export function parseYamlFrontMatter(yamlText: string, options: FrontMatterOptions = {}): ParsedFrontMatter {
  let data: unknown;
  try {
    data = loadJekyllYaml(yamlText);
  } catch {
    return parseYamlFrontMatterStrictly(yamlText, options);
  }
  return jekyllData(data ?? {}, topLevelKeyLines(yamlText), options);
}

/** The same result as parseYamlFrontMatter, from the yaml package; throws FrontMatterSyntaxError with the line. */
export function parseYamlFrontMatterStrictly(yamlText: string, options: FrontMatterOptions = {}): ParsedFrontMatter {
  try {
    const { data, lines } = parseYamlStrictly(yamlText);
    return jekyllData(data ?? {}, lines, options);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new FrontMatterSyntaxError(error.reason, error.line, error.code);
    throw error;
  }
}

/**
 * The line of each top-level key: in a block mapping (front matter always is one) they are the lines that
 * start at column 0 with `key:`; values, block scalars and continuation lines are indented.
 */
export function topLevelKeyLines(yamlText: string): Record<string, number> {
  const lines: Record<string, number> = {};
  // gray-matter's text starts with the line break after the opening `---`: its first line is the file's line 1.
  yamlText.split("\n").forEach((text, index) => {
    const match = TOP_LEVEL_KEY.exec(text);
    const key = match?.[1] ?? match?.[2] ?? match?.[3];
    if (key !== undefined && !(key in lines)) lines[key] = index + 1;
  });
  return lines;
}

const TOP_LEVEL_KEY = /^(?:"([^"]*)"|'([^']*)'|([^\s#'"\-?:{[\]},&*!|>%@`][^:#]*?))[ \t]*:(?:[ \t\r]|$)/;

/** Jekyll's reading of parsed front matter: list fields split, Jekyll dates as wall clock + offset, key lines kept. */
function jekyllData(
  data: unknown,
  lines: Record<string, number>,
  { timezone = null }: FrontMatterOptions,
): ParsedFrontMatter {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new FrontMatterSyntaxError("front matter must be a map of `key: value` lines", 1);
  }
  const parsed = data as ParsedFrontMatter;
  for (const field of LIST_FIELDS) if (field in parsed) parsed[field] = splitJekyllList(parsed[field]);
  if (typeof parsed.date === "string") {
    const jekyllDate = parseJekyllDate(parsed.date, timezone);
    if (jekyllDate) {
      parsed.date = jekyllDate.wallClock;
      parsed.dateOffset = jekyllDate.offset;
    }
  }
  Object.defineProperty(parsed, "frontMatterLines", { value: lines, enumerable: true });
  return parsed;
}

export class FrontMatterSyntaxError extends Error {
  constructor(
    readonly reason: string,
    /** 1-based line of the YAML text, which is also the file's line (see `frontMatterLines`). */
    readonly yamlLine: number,
    /** The yaml package's error code, e.g. "DUPLICATE_KEY". */
    readonly code?: string,
  ) {
    super(`${reason} (front matter line ${yamlLine})`);
    this.name = "FrontMatterSyntaxError";
  }
}

export default function jekyllFrontMatter(eleventyConfig: UserConfig, options: FrontMatterOptions = {}): void {
  eleventyConfig.setFrontMatterParsingOptions({
    engines: { yaml: (yamlText: string) => parseJekyllFrontMatter(yamlText, options) },
  });
}
