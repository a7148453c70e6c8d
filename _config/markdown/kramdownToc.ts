// kramdown's table of contents: a list with `{:toc}` under it (`* TOC\n{:toc}`) becomes a list of the page's
// headings, nested by level, in the list's own kind (ul or ol), with kramdown's ids (`markdown-toc`,
// `markdown-toc-<heading id>`) that Jekyll themes style. Headings with the class `no_toc` are left out.
// https://kramdown.gettalong.org/converter/html.html#toc
import type { MarkdownIt } from "markdown-it";
import type { StateCore, Token } from "markdown-it";

// `{:toc}` on the line under the list's last item (markdown-it reads it into that item's paragraph).
const TOC_MARK = /\n[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$/;

interface TocEntry {
  level: number;
  id: string;
  html: string;
  children: TocEntry[];
}

/** Where the list opening at `index` closes, if `{:toc}` marks it: kramdown replaces the whole list, whatever its items say. */
function tocListEnd(tokens: Token[], index: number): number | undefined {
  const open = tokens[index]!;
  if (open.type !== "bullet_list_open" && open.type !== "ordered_list_open") return undefined;
  const closeType = open.type.replace("_open", "_close");
  let close = index + 1;
  while (close < tokens.length && !(tokens[close]!.type === closeType && tokens[close]!.level === open.level)) close++;
  const [inline, paragraphClose, itemClose] = tokens.slice(close - 3, close);
  const marked =
    inline?.type === "inline" && paragraphClose?.type === "paragraph_close" && itemClose?.type === "list_item_close";
  return marked && TOC_MARK.test(inline.content) ? close : undefined;
}

/** Drops the `{:toc}` line from a list that stays a list. */
function unmark(inline: Token): void {
  inline.content = inline.content.replace(TOC_MARK, "");
  const children = inline.children ?? [];
  const last = children.at(-1);
  if (last?.type === "text" && /^\{:[ \t]*toc[ \t]*\}[ \t]*$/.test(last.content)) {
    children.pop();
    if (children.at(-1)?.type === "softbreak") children.pop();
  }
}

function markTocLists(state: StateCore): void {
  let placed = false;
  for (let i = 0; i < state.tokens.length; i++) {
    const end = tocListEnd(state.tokens, i);
    if (end === undefined) continue;
    // kramdown makes one table of contents a page, from the first marked list; later marks are dropped.
    if (placed) {
      unmark(state.tokens[end - 3]!);
      continue;
    }
    const toc = new state.Token("kramdown_toc", state.tokens[i]!.tag, 0);
    toc.block = true;
    toc.map = state.tokens[i]!.map;
    state.tokens.splice(i, end - i + 1, toc);
    placed = true;
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
