// markdown-it-footnote parses `[^1]` as kramdown does; these renderers give kramdown's markup, which Jekyll
// themes style (`.footnotes`, `a.footnote`, `.reversefootnote`) and whose `#fn:label` links readers have shared.
// The shape is Jekyll 4.3's output (kramdown 2.4), checked with `jekyll build`.
import type { MarkdownIt } from "markdown-it";
import type { RendererRule, Token } from "markdown-it";
import { escapeHtml } from "../htmlText.ts";

/** kramdown names a note by its label as written (`fn:note`), and the n-th extra reference to it `fnref:note:n`. */
function label(token: Token): string {
  const meta = token.meta as { id: number; label?: string };
  return escapeHtml(meta.label ?? String(meta.id + 1));
}

function refId(token: Token): string {
  const subId = (token.meta as { subId?: number }).subId ?? 0;
  return subId > 0 ? `fnref:${label(token)}:${subId}` : `fnref:${label(token)}`;
}

const rules: Record<string, RendererRule> = {
  footnote_ref: (tokens, idx) => {
    const token = tokens[idx]!;
    const number = (token.meta as { id: number }).id + 1;
    return `<sup id="${refId(token)}" role="doc-noteref"><a href="#fn:${label(token)}" class="footnote" rel="footnote">${number}</a></sup>`;
  },
  footnote_block_open: () => '<div class="footnotes" role="doc-endnotes">\n<ol>\n',
  footnote_block_close: () => "</ol>\n</div>\n",
  footnote_open: (tokens, idx) => `<li id="fn:${label(tokens[idx]!)}" role="doc-endnote">`,
  footnote_close: () => "</li>\n",
  footnote_anchor: (tokens, idx) => {
    const token = tokens[idx]!;
    const subId = (token.meta as { subId?: number }).subId ?? 0;
    // kramdown marks the n-th backlink to one note with a superscript n.
    return ` <a href="#${refId(token)}" class="reversefootnote" role="doc-backlink">&#8617;${subId > 0 ? `<sup>${subId + 1}</sup>` : ""}</a>`;
  },
};

// A pattern, not a parser: it matches the exact mark footnote_ref above renders, and nothing an author wrote.
const FOOTNOTE_MARK = /<sup id="fnref:[^"]*" role="doc-noteref">.*?<\/sup>/g;

/** An excerpt shown away from its post (home page, feed summary) drops footnote marks: their notes are on the post's page. */
export function withoutFootnoteMarks(html: string): string {
  return html.includes('role="doc-noteref"') ? html.replace(FOOTNOTE_MARK, "") : html;
}

const kramdownFootnotes = (md: MarkdownIt): void => {
  Object.assign(md.renderer.rules, rules);
};

export default kramdownFootnotes;
