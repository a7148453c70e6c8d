// Jekyll's string filters, with Ruby's outputs: https://jekyllrb.com/docs/liquid/filters/ and
// lib/jekyll/filters.rb (v4.3.1). Where liquidjs ships a filter of the same name, this one replaces it.
import type { UserConfig } from "@11ty/eleventy";
import MarkdownIt from "markdown-it";
import kramdownTypography from "../markdown/kramdownTypography.ts";
import { slugifyFilter } from "./jekyllSlugify.ts";
import { toPlainData } from "./jekyllDrops.ts";
import { markdownOf } from "./markdownOf.ts";

/** Ruby's `\s`: ASCII whitespace only (JavaScript's also matches no-break and other Unicode spaces). */
const RUBY_SPACE = "[ \\t\\r\\n\\f\\v]";

/** CGI.escapeHTML-like `encode(xml: :attr)`: & < > " '. */
export function xmlEscape(input: unknown): string {
  return stringOf(input).replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char]!,
  );
}

function percentBytes(text: string): string {
  return [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");
}

/** Ruby's CGI.escape: form encoding, space as `+`. */
export function cgiEscape(input: unknown): string {
  return stringOf(input)
    .replace(/[^ a-zA-Z0-9_.\-~]+/g, percentBytes)
    .replace(/ /g, "+");
}

/** Decodes valid %XX runs as UTF-8 (Addressable's unencode_component). */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ""), "hex").toString("utf8"));
}

// Addressable's character classes (addressable/uri.rb).
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
export const URI_CLASSES = {
  component: `${UNRESERVED}:/?#\\[\\]@${SUB_DELIMS}`,
  path: `${UNRESERVED}${SUB_DELIMS}:@/`,
  query: `${UNRESERVED}${SUB_DELIMS}:@/?`,
};

/** Addressable::URI.normalize_component: decode, NFC, then encode what is outside `allowed`. */
export function normalizeComponent(input: string, allowed: string = URI_CLASSES.component): string {
  const outside = new RegExp(`[^${allowed}]+`, "gu");
  return percentDecode(input).normalize("NFC").replace(outside, percentBytes);
}

export function numberOfWords(input: unknown, mode?: unknown): number {
  const text = stringOf(input);
  const cjk = /[\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}\p{sc=Hangul}]/gu;
  const words = new RegExp(
    `[^\\p{sc=Han}\\p{sc=Katakana}\\p{sc=Hiragana}\\p{sc=Hangul}${RUBY_SPACE.slice(1, -1)}]+`,
    "gu",
  );
  const split = () => text.split(new RegExp(`${RUBY_SPACE}+`)).filter(Boolean).length;
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  if (mode === "cjk") return count(cjk) + count(words);
  if (mode === "auto") {
    const cjkCount = count(cjk);
    return cjkCount === 0 ? split() : cjkCount + count(words);
  }
  return split();
}

export function arrayToSentence(input: unknown, connector: unknown = "and"): unknown {
  if (!Array.isArray(input)) return input;
  const items = input.map(stringOf);
  const word = stringOf(connector);
  if (items.length === 0) return "";
  if (items.length === 1) return items[0];
  if (items.length === 2) return `${items[0]} ${word} ${items[1]}`;
  return `${items.slice(0, -1).join(", ")}, ${word} ${items.at(-1)}`;
}

export function normalizeWhitespace(input: unknown): string {
  return stringOf(input)
    .replace(new RegExp(`${RUBY_SPACE}+`, "g"), " ")
    .replace(/^[ \t\r\n\f\v\0]+|[ \t\r\n\f\v\0]+$/g, "");
}

/** Ruby's to_s: nil is "", arrays join their elements. */
export function stringOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(stringOf).join("");
  return String(value);
}

// kramdown's SmartyPants: quotes and kramdown's typographic symbols only, HTML tags left alone.
const smartypants = new MarkdownIt("zero", { typographer: true, html: true })
  .enable(["smartquotes", "html_inline", "entity"])
  .use(kramdownTypography);

export default function textFilters(eleventyConfig: UserConfig): void {
  // markdownify converts with the renderer posts use, as Jekyll's uses its kramdown.
  const markdown = markdownOf(eleventyConfig);
  eleventyConfig.addLiquidFilter("markdownify", (input: unknown) => markdown().render(stringOf(input)));
  eleventyConfig.addLiquidFilter("smartify", (input: unknown) => smartypants.renderInline(stringOf(input)));
  eleventyConfig.addLiquidFilter("slugify", (input: unknown, mode?: unknown) => slugifyFilter(input, mode));
  eleventyConfig.addLiquidFilter("xml_escape", xmlEscape);
  eleventyConfig.addLiquidFilter("cgi_escape", cgiEscape);
  eleventyConfig.addLiquidFilter("uri_escape", (input: unknown) => normalizeComponent(stringOf(input)));
  eleventyConfig.addLiquidFilter("number_of_words", numberOfWords);
  eleventyConfig.addLiquidFilter("array_to_sentence_string", arrayToSentence);
  eleventyConfig.addLiquidFilter("normalize_whitespace", normalizeWhitespace);
  eleventyConfig.addLiquidFilter("jsonify", (input: unknown) => JSON.stringify(toPlainData(input)) ?? "null");
}
