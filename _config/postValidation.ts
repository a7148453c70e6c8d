// Checks every post before Eleventy renders anything: encoding, front-matter syntax and schema, demos,
// mojibake (a warning), and two posts at one URL. All problems of a build are reported together.
import type { UserConfig } from "@11ty/eleventy";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { BuildProblemsError } from "./buildErrors.ts";
import { checkFrontMatter, formatProblem, type PostProblem } from "./frontMatterSchema.ts";
import {
  FrontMatterSyntaxError,
  forgetParsedFrontMatter,
  parseJekyllFrontMatter,
  rememberParsedFrontMatter,
  type ParsedFrontMatter,
} from "./jekyllFrontMatter.ts";
import { findMojibake } from "./mojibake.ts";
import { postFrontMatterForEleventy, withDefaults } from "./postDataForEleventy.ts";
import type { FrontMatterDefault } from "./siteSettings.ts";

export const POST_FOLDERS = ["posts", "drafts"] as const;

/**
 * Every file of posts/ and drafts/ that Eleventy renders, and so must be checked: Jekyll's post extensions
 * (.md .markdown .mkdn .mkd .html) and our .njk. Data files (`*.11tydata.*`) are not posts.
 */
export const POST_EXTENSIONS = ["md", "markdown", "mkdn", "mkd", "html", "njk"] as const;
const POST_FILE = new RegExp(`\\.(?:${POST_EXTENSIONS.join("|")})$`);

export interface PostValidationOptions {
  /** The site's `timezone` (siteSettings.ts). */
  timezone?: string | null;
  /** Jekyll front-matter `defaults:` of _config.yml. */
  defaults?: readonly FrontMatterDefault[];
}

export interface PostCheck {
  problems: PostProblem[];
  warnings: PostProblem[];
  /** The YAML text exactly as gray-matter will hand it to the parser, with what it parsed to. */
  frontMatter?: { yamlText: string; data: ParsedFrontMatter };
}

/** The 1-based line and byte of the first invalid UTF-8 sequence, or null when the bytes are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; byte: number } | null {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead === 0x0a) line++;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return { line, byte: lead };
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return { line, byte: lead };
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF (https://encoding.spec.whatwg.org/#utf-8-decoder).
    const second = bytes[i + 1] ?? 0;
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    ) {
      return { line, byte: lead };
    }
    i += length;
  }
  return null;
}

/**
 * The YAML text of a post's front matter exactly as gray-matter hands it to the parser (from just after the
 * opening `---`, its line break included), or why there is none. gray-matter's rule: `---` opens the file,
 * and the block ends at the next line that starts with `---`.
 */
export function frontMatterBlock(text: string): { yamlText: string } | { problem: string } {
  if (!/^---[ \t]*\r?\n/.test(text))
    return { problem: "no front matter: a post starts with a `---` line, then `title: …`, then `---`" };
  const close = text.indexOf("\n---", 3);
  if (close === -1) return { problem: "front matter is never closed: add a `---` line after its last key" };
  return { yamlText: text.slice(3, close) };
}

/** Checks one post file's bytes; `file` is its path from the site root (shown in messages). */
export function checkPostSource(
  file: string,
  bytes: Uint8Array,
  demoExists: (name: string) => boolean,
  { timezone = null, defaults = [] }: PostValidationOptions = {},
): PostCheck {
  const at = (line: number, message: string, field?: string): PostProblem => ({ file, line, field, message });
  const invalid = firstInvalidUtf8(bytes);
  if (invalid) {
    const hex = invalid.byte.toString(16).toUpperCase().padStart(2, "0");
    return {
      problems: [
        at(
          invalid.line,
          `not UTF-8 (byte 0x${hex}); save the file as UTF-8 (from Windows-1252: iconv -f windows-1252 -t utf-8)`,
        ),
      ],
      warnings: [],
    };
  }
  const text = new TextDecoder("utf-8").decode(bytes);
  const warnings = findMojibake(text).map(({ line, from, to }) =>
    at(line, `looks like mojibake: "${from}" is probably "${to}" (repair with: npm run fix-encoding -- ${file})`),
  );
  const block = frontMatterBlock(text);
  if ("problem" in block) return { problems: [at(1, block.problem)], warnings };
  const { yamlText } = block;
  let data: ParsedFrontMatter;
  try {
    data = withDefaults(parseJekyllFrontMatter(yamlText, { timezone }), file, defaults);
  } catch (error) {
    if (!(error instanceof FrontMatterSyntaxError)) throw error;
    return { problems: [syntaxProblem(file, text, error)], warnings };
  }
  const isDraft = file.startsWith("drafts/");
  const report = checkFrontMatter(data, { file, lines: data.frontMatterLines ?? {}, isDraft, demoExists, timezone });
  return { problems: report.problems, warnings: [...report.warnings, ...warnings], frontMatter: { yamlText, data } };
}

function syntaxProblem(file: string, text: string, error: FrontMatterSyntaxError): PostProblem {
  const line = error.yamlLine;
  if (error.code === "DUPLICATE_KEY") {
    const key = /^\s*["']?([^"':#]+?)["']?\s*:/.exec(text.split("\n")[line - 1] ?? "")?.[1];
    return { file, line, field: key, message: "duplicate key: it is already set above; keep one" };
  }
  return { file, line, message: `YAML syntax error: ${error.reason}` };
}

/** Inputs that name the same URL: `url → [input files]`, for every URL with more than one. */
export function duplicateUrls(
  inputPathToUrl: Readonly<Record<string, readonly (string | false)[]>>,
): Map<string, string[]> {
  const byUrl = new Map<string, string[]>();
  for (const [inputPath, urls] of Object.entries(inputPathToUrl)) {
    for (const url of urls) if (url) byUrl.set(url, [...(byUrl.get(url) ?? []), inputPath.replace(/^\.\//, "")]);
  }
  return new Map([...byUrl].filter(([, files]) => files.length > 1));
}

function postFiles(root: string): string[] {
  return POST_FOLDERS.flatMap((folder) => {
    const dir = path.join(root, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((name) => POST_FILE.test(name) && !name.includes(".11tydata."))
      .map((name) => `${folder}/${name.split(path.sep).join("/")}`)
      .sort();
  });
}

export default function postValidation(eleventyConfig: UserConfig, options: PostValidationOptions = {}): void {
  // Warnings are printed once per process, not again on every `--serve` rebuild.
  const warned = new Set<string>();
  // `--serve` rebuilds re-check only the files that changed (Eleventy, too, re-reads only those).
  const checked = new Map<string, { version: string; check: PostCheck }>();
  eleventyConfig.on("eleventy.before", ({ directories }: { directories: { input: string } }) => {
    const root = path.resolve(directories.input);
    const demoExists = (name: string) => existsSync(path.join(root, "demos", name, "index.ts"));
    forgetParsedFrontMatter();
    const problems: PostProblem[] = [];
    for (const file of postFiles(root)) {
      const stats = statSync(path.join(root, file));
      const version = `${stats.mtimeMs}:${stats.size}`;
      const previous = checked.get(file);
      const fresh = previous?.version !== version || previous.check.frontMatter?.data.demos !== undefined;
      const check = fresh
        ? checkPostSource(file, readFileSync(path.join(root, file)), demoExists, options)
        : previous.check;
      if (fresh) checked.set(file, { version, check });
      problems.push(...check.problems);
      for (const warning of check.warnings.map(formatProblem)) {
        if (!warned.has(warning)) console.warn(`warning: ${warning}`);
        warned.add(warning);
      }
      // Every post, every build: Eleventy may read any of them again (a full rebuild under `npm start`), and
      // each must reach it with its tags moved out of Eleventy's way (jekyllTags.ts).
      if (check.frontMatter && !check.problems.length) {
        rememberParsedFrontMatter(
          check.frontMatter.yamlText,
          postFrontMatterForEleventy(check.frontMatter.data, file, options),
        );
      }
    }
    if (problems.length) {
      forgetParsedFrontMatter();
      throw new BuildProblemsError("Posts with problems", problems.map(formatProblem));
    }
  });
  eleventyConfig.on(
    "eleventy.contentMap",
    ({ inputPathToUrl }: { inputPathToUrl: Record<string, (string | false)[]> }) => {
      const duplicates = duplicateUrls(inputPathToUrl);
      if (duplicates.size) {
        const lines = [...duplicates].map(
          ([url, files]) =>
            `${url}: ${files.join(" and ")} are both published at this URL; change one's permalink, file name or categories`,
        );
        throw new BuildProblemsError("Two files at one URL", lines);
      }
    },
  );
}
