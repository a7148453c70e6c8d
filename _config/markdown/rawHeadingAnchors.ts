// Jekyll posts often write headings as raw HTML (`<h2> WHY GPU ? </h2>`), which markdown-it-anchor
// never sees; give them the same id and self-link as Markdown headings so they can be linked to.
import type MarkdownIt from "markdown-it";
import { htmlText } from "../htmlText.ts";
import { slugifyHeading } from "../slugs.ts";

// The whole block is one bare heading (markdown-it hands each raw HTML block over alone): a pattern decides that.
const RAW_HEADING = /^\s*<h([2-4])>([\s\S]*?)<\/h\1>\s*$/i;

export function anchorRawHeading(html: string, usedIds: Set<string>): string {
  const match = RAW_HEADING.exec(html);
  if (!match) return html;
  const [, level, inner = ""] = match;
  const text = htmlText(inner).trim();
  let id = slugifyHeading(text);
  for (let n = 2; usedIds.has(id); n++) id = `${slugifyHeading(text)}-${n}`;
  usedIds.add(id);
  return `<h${level} id="${id}" tabindex="-1"><a class="header-anchor" href="#${id}"><span>${inner.trim()}</span></a></h${level}>\n`;
}

const rawHeadingAnchors = (md: InstanceType<typeof MarkdownIt>): void => {
  md.core.ruler.push("raw_heading_anchors", (state) => {
    const usedIds = new Set<string>(
      state.tokens.flatMap((token) => (token.type === "heading_open" ? [String(token.attrGet("id") ?? "")] : [])),
    );
    for (const token of state.tokens) {
      if (token.type === "html_block") token.content = anchorRawHeading(token.content, usedIds);
    }
  });
};

export default rawHeadingAnchors;
