// Front matter parsed the way Jekyll reads it, before Eleventy sees the data:
// dates in Jekyll's forms, and space-separated `tags`/`categories` strings split into lists.
// Eleventy builds its tag collections from the parsed data, so this must happen at parse time.
import type { UserConfig } from "@11ty/eleventy";
import { parseDocument, isMap, isScalar, LineCounter } from "yaml";
import { parseJekyllDate } from "./jekyllDate.ts";

/** Fields Jekyll accepts as a list or a space-separated string. */
const LIST_FIELDS = ["tags", "categories", "category"] as const;

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
const parsedAhead = new Map<string, ParsedFrontMatter>();

export function rememberParsedFrontMatter(yamlText: string, parsed: ParsedFrontMatter): void {
  parsedAhead.set(yamlText, parsed);
}

export function forgetParsedFrontMatter(): void {
  parsedAhead.clear();
}

/** Parses a YAML front-matter block; throws with the YAML line on syntax errors and duplicate keys. */
export function parseJekyllFrontMatter(yamlText: string): ParsedFrontMatter {
  const ahead = parsedAhead.get(yamlText);
  if (ahead) {
    parsedAhead.delete(yamlText);
    return ahead;
  }
  return parseYamlFrontMatter(yamlText);
}

function parseYamlFrontMatter(yamlText: string): ParsedFrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
    throw new FrontMatterSyntaxError(error.message.split("\n")[0] ?? error.message, line, error.code);
  }
  const data = (doc.toJS() ?? {}) as unknown;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new FrontMatterSyntaxError("front matter must be a map of `key: value` lines", 1);
  }
  const parsed = data as ParsedFrontMatter;
  const lines: Record<string, number> = {};
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) lines[String(pair.key.value)] = lineCounter.linePos(pair.key.range[0]).line;
    }
  }
  for (const field of LIST_FIELDS) if (field in parsed) parsed[field] = splitJekyllList(parsed[field]);
  if (typeof parsed.date === "string") {
    const jekyllDate = parseJekyllDate(parsed.date);
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

export default function jekyllFrontMatter(eleventyConfig: UserConfig): void {
  eleventyConfig.setFrontMatterParsingOptions({
    engines: { yaml: parseJekyllFrontMatter },
  });
}
