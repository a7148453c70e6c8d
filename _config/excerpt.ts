// Jekyll excerpts: the post's HTML before `excerpt_separator` (default `<!--more-->`), else its first paragraph.
// https://jekyllrb.com/docs/posts/#post-excerpts
import { parse } from "node-html-parser";

export const DEFAULT_EXCERPT_SEPARATOR = "<!--more-->";

export function excerptHtml(html: string, separator: string = DEFAULT_EXCERPT_SEPARATOR): string {
  const cut = html.indexOf(separator);
  if (cut >= 0) return html.slice(0, cut).trim();
  const firstParagraph = parse(html).querySelector("p");
  return firstParagraph ? firstParagraph.toString() : "";
}

/** Plain text of some HTML, whitespace collapsed, cut at a word boundary: for meta descriptions. */
export function plainText(html: string, maxLength = 160): string {
  const text = parse(html).textContent.replace(/\s+/g, " ").trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), maxLength / 2)).trimEnd()}…`;
}

/** Minutes at 220 words a minute, at least one. */
export function readingMinutes(html: string): number {
  const words = parse(html).textContent.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 220));
}
