// kramdown's table of contents: a list whose only item is `TOC` with `{:toc}` under it becomes a list of the
// page's headings, nested by level, in the list's own kind (ul or ol), with kramdown's ids (`markdown-toc`,
// `markdown-toc-<heading id>`) that Jekyll themes style. Headings with the class `no_toc` are left out.
// https://kramdown.gettalong.org/converter/html.html#toc
import type { MarkdownIt } from "markdown-it";
import type { StateCore, Token } from "markdown-it";

const TOC_ITEM = /^TOC\s*\n\s*\{:\s*toc\s*\}$/;

interface TocEntry {
  level: number;
  id: string;
  html: string;
  children: TocEntry[];
}

/** The six tokens of `* TOC\n{:toc}` (list, item, paragraph, inline, and their closes) starting at `index`. */
function isTocList(tokens: Token[], index: number): boolean {
  const [list, item, paragraph, inline, paragraphClose, itemClose, listClose] = tokens.slice(index, index + 7);
  return (
    (list?.type === "bullet_list_open" || list?.type === "ordered_list_open") &&
    item?.type === "list_item_open" &&
    paragraph?.type === "paragraph_open" &&
    inline?.type === "inline" &&
    TOC_ITEM.test(inline.content) &&
    paragraphClose?.type === "paragraph_close" &&
    itemClose?.type === "list_item_close" &&
    listClose?.type === list.type.replace("_open", "_close")
  );
}

function markTocLists(state: StateCore): void {
  for (let i = 0; i < state.tokens.length; i++) {
    if (!isTocList(state.tokens, i)) continue;
    const toc = new state.Token("kramdown_toc", state.tokens[i]!.tag, 0);
    toc.block = true;
    toc.map = state.tokens[i]!.map;
    state.tokens.splice(i, 7, toc);
  }
}

/** The heading's inline content, without the self-link markdown-it-anchor wraps it in (a TOC entry is a link). */
function headingHtml(md: MarkdownIt, inline: Token, env: StateCore["env"]): string {
  const wrapper = new Set(["link_open", "link_close", "span_open", "span_close", "footnote_ref"]);
  return md.renderer.renderInline(
    (inline.children ?? []).filter((child) => !wrapper.has(child.type)),
    md.options,
    env,
  );
}

function fillTocs(md: MarkdownIt, state: StateCore): void {
  const tocs = state.tokens.filter((token) => token.type === "kramdown_toc");
  if (tocs.length === 0) return;
  const root: TocEntry = { level: 0, id: "", html: "", children: [] };
  const stack = [root];
  state.tokens.forEach((token, i) => {
    const id = String(token.attrGet("id") ?? "");
    if (
      token.type !== "heading_open" ||
      !id ||
      String(token.attrGet("class") ?? "")
        .split(/\s+/)
        .includes("no_toc")
    )
      return;
    const entry: TocEntry = {
      level: Number(token.tag.slice(1)),
      id,
      html: headingHtml(md, state.tokens[i + 1]!, state.env),
      children: [],
    };
    while (stack.length > 1 && stack[stack.length - 1]!.level >= entry.level) stack.pop();
    stack[stack.length - 1]!.children.push(entry);
    stack.push(entry);
  });
  for (const toc of tocs) toc.meta = { entries: root.children };
}

function renderEntries(entries: TocEntry[], tag: string, topLevel: boolean): string {
  const items = entries
    .map((entry) => {
      const nested = entry.children.length ? `\n${renderEntries(entry.children, tag, false)}` : "";
      return `<li><a href="#${entry.id}" id="markdown-toc-${entry.id}">${entry.html}</a>${nested}</li>\n`;
    })
    .join("");
  return `<${tag}${topLevel ? ' id="markdown-toc"' : ""}>\n${items}</${tag}>\n`;
}

const kramdownToc = (md: MarkdownIt): void => {
  // Before markdown-it-attrs, which would read `{:toc}` as an attribute; the headings' ids come later.
  md.core.ruler.after("inline", "kramdown_toc_mark", markTocLists);
  md.core.ruler.push("kramdown_toc_fill", (state) => fillTocs(md, state));
  md.renderer.rules.kramdown_toc = (tokens, idx) => {
    const token = tokens[idx]!;
    const entries = (token.meta as { entries?: TocEntry[] } | null)?.entries ?? [];
    return entries.length ? renderEntries(entries, token.tag, true) : "";
  };
};

export default kramdownToc;
