// Liquid errors an author can act on: lines counted from the file's first line (Eleventy hands Liquid the text
// after the front matter, so liquidjs would count from there), and every error of every file in one report
// (Eleventy stops at the first). Each failing template renders empty; at the end of the build, the list fails it.
import type { UserConfig } from "@11ty/eleventy";
import { existsSync, readFileSync } from "node:fs";
import { BuildProblemsError } from "../buildErrors.ts";

const FRONT_MATTER = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** How many lines of `file` come before the text Liquid is given (its front matter), 0 when none. */
export function linesBeforeBody(fileText: string, body: string): number {
  if (!fileText.endsWith(body)) return 0;
  const frontMatter = FRONT_MATTER.exec(fileText)?.[0];
  if (!frontMatter) return 0;
  const before = fileText.slice(0, fileText.length - body.length);
  return before.split("\n").length - 1;
}

/**
 * The template text padded so liquidjs counts lines from the file's first line: an empty comment spanning the front
 * matter's lines. It renders nothing, so the output is unchanged.
 */
export function padToFileLines(body: string, lines: number): string {
  return lines > 0 ? `{% comment %}${"\n".repeat(lines)}{% endcomment %}${body}` : body;
}

interface ErrorChain {
  name?: string;
  message?: string;
  originalError?: unknown;
  cause?: unknown;
}

/** Eleventy renders a page again later when it read another page's content too early: never report those. */
function isPrematureContent(error: unknown): boolean {
  for (
    let link = error as ErrorChain | undefined, depth = 0;
    link && depth < 10;
    link = (link.originalError ?? link.cause) as ErrorChain | undefined, depth++
  ) {
    if (
      link.name === "TemplateContentPrematureUseError" ||
      link.constructor?.name === "TemplateContentPrematureUseError"
    )
      return true;
  }
  return false;
}

const LIQUID_ERRORS = new Set([
  "ParseError",
  "RenderError",
  "TokenizationError",
  "UndefinedVariableError",
  "AssertionError",
  "LiquidError",
]);

/** "tag "x" not found, file:./posts/a.md, line:7, col:1" → "posts/a.md:7:1: tag "x" not found". */
export function formatLiquidError(error: unknown): string {
  const message = (error as ErrorChain).message ?? String(error);
  const match = /^([\s\S]*?), file:(.+?), line:(\d+), col:(\d+)$/.exec(message.split("\n")[0]!);
  if (!match) return message.split("\n")[0]!;
  const [, what, file, line, col] = match;
  const name = file!.replace(/^\.\//, "");
  // A tag's own error may already say where it is (the demo tag does): keep its words only.
  return what!.startsWith(`${name}:`) ? what! : `${name}:${line}:${col}: ${what}`;
}

interface LiquidLike {
  parse(html: string, filepath?: string): unknown;
  render(template: unknown, scope?: object, renderOptions?: object): Promise<unknown>;
}

export default function liquidErrors(eleventyConfig: UserConfig): void {
  let problems: string[] = [];
  eleventyConfig.on("eleventy.before", () => {
    problems = [];
  });
  eleventyConfig.on("eleventy.after", () => {
    if (problems.length) throw new BuildProblemsError("Liquid errors", [...new Set(problems)]);
  });

  function record(error: unknown): boolean {
    if (isPrematureContent(error) || !LIQUID_ERRORS.has((error as ErrorChain).name ?? "")) return false;
    problems.push(formatLiquidError(error));
    return true;
  }

  eleventyConfig.amendLibrary("liquid", (liquid: LiquidLike) => {
    const parse = liquid.parse.bind(liquid);
    const render = liquid.render.bind(liquid);
    liquid.parse = (html, filepath) => {
      let text = html;
      if (filepath && existsSync(filepath))
        text = padToFileLines(html, linesBeforeBody(readFileSync(filepath, "utf8"), html));
      try {
        return parse(text, filepath);
      } catch (error) {
        if (record(error)) return [];
        throw error;
      }
    };
    liquid.render = async (template, scope, renderOptions) => {
      try {
        return await render(template, scope, renderOptions);
      } catch (error) {
        if (record(error)) return "";
        throw error;
      }
    };
  });
}
