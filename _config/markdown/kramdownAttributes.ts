// kramdown's inline attribute lists: `{: .class #id key="value"}` after a span, or on the line under a block.
// markdown-it-attrs reads them (with kramdown's `{:` opener); this rule adds the block kinds it does not take
// from the next line (headings, fences, tables), and an IAL on the line above a paragraph, as kramdown applies them.
// https://kramdown.gettalong.org/syntax.html#inline-attribute-lists
import type { MarkdownIt } from "markdown-it";
import type { StateCore, Token } from "markdown-it";
import markdownItAttrs from "markdown-it-attrs";

const LONE_IAL = /^\{:(?!:)[^}\n]*\}$/;
const LEADING_IAL = /^(\{:(?!:)[^}\n]*\})\n/;

function isLoneIal(tokens: Token[], i: number): boolean {
  return (
    tokens[i]?.type === "paragraph_open" &&
    tokens[i + 1]?.type === "inline" &&
    LONE_IAL.test(tokens[i + 1]!.content.trim())
  );
}

/** Moves an IAL on the line under a heading or fence to where markdown-it-attrs reads it: the end of that block's line. */
function attachToBlockAbove(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = tokens.length - 3; i > 0; i--) {
    if (!isLoneIal(tokens, i)) continue;
    const above = tokens[i - 1]!;
    // A close token has no line map: a heading's lines are on its open token.
    const aboveMap = above.type === "heading_close" ? tokens[i - 3]?.map : above.map;
    const adjacent = aboveMap && tokens[i]!.map && aboveMap[1] === tokens[i]!.map![0];
    if (!adjacent) continue;
    const ial = tokens[i + 1]!.content.trim();
    if (above.type === "heading_close") {
      const children = tokens[i - 2]!.children!;
      const text = new state.Token("text", "", 0);
      text.content = ` ${ial}`;
      children.push(text);
      tokens[i - 2]!.content += ` ${ial}`;
    } else if (above.type === "fence") {
      above.info = `${above.info} ${ial}`;
    } else continue;
    tokens.splice(i, 3);
  }
}

/**
 * `{: .t}` under a table is, for markdown-it, one more row (a GFM table runs to the next blank line); kramdown
 * gives the table the attributes. Take such a last row out and put the IAL after the table, where markdown-it-attrs reads it.
 */
function detachTableIal(state: StateCore): void {
  const tokens = state.tokens;
  for (let close = tokens.length - 1; close > 0; close--) {
    if (
      tokens[close]!.type !== "table_close" ||
      tokens[close - 1]?.type !== "tbody_close" ||
      tokens[close - 2]?.type !== "tr_close"
    )
      continue;
    let rowOpen = close - 2;
    while (rowOpen > 0 && tokens[rowOpen]!.type !== "tr_open") rowOpen--;
    const cells = tokens.slice(rowOpen + 1, close - 2).filter((token) => token.type === "inline");
    const ial = cells[0]?.content.trim() ?? "";
    if (!LONE_IAL.test(ial) || cells.slice(1).some((cell) => cell.content.trim() !== "")) continue;
    const emptyBody = tokens[rowOpen - 1]?.type === "tbody_open";
    const first = emptyBody ? rowOpen - 1 : rowOpen;
    const paragraph = new state.Token("paragraph_open", "p", 1);
    const inline = new state.Token("inline", "", 0);
    inline.content = ial;
    inline.children = [];
    // Remove the row (and a tbody left empty), then put `{: …}` as a paragraph after the table.
    tokens.splice(close + 1, 0, paragraph, inline, new state.Token("paragraph_close", "p", -1));
    tokens.splice(first, close - 1 - first + (emptyBody ? 1 : 0));
    close = first;
  }
}

/** `{: .lead}\nA paragraph.`: kramdown gives the paragraph the attributes; move them to its end, where markdown-it-attrs looks. */
function attachToParagraphBelow(state: StateCore): void {
  for (const token of state.tokens) {
    const children = token.children;
    if (token.type !== "inline" || !children || children.length < 3) continue;
    const [first, second] = children;
    const match = first?.type === "text" ? LEADING_IAL.exec(`${first.content}\n`) : null;
    if (!match || first!.content.trim() !== match[1] || second?.type !== "softbreak") continue;
    children.splice(0, 2);
    const text = new state.Token("text", "", 0);
    text.content = match[1]!;
    children.push(new state.Token("softbreak", "br", 0), text);
  }
}

const IAL_OPENER = "{:";

type CoreRule = (state: StateCore) => unknown;

/**
 * markdown-it-attrs tests every token against each of its patterns, a tenth of a post's Markdown time; each pattern
 * needs `{:` in the token it reads (the two table patterns without it act only on a `colspan`/`rowspan` an IAL set),
 * so a source without `{:` skips the rule and gives the same HTML.
 */
function onlyWithIal(rule: CoreRule): CoreRule {
  return (state) => (state.src.includes(IAL_OPENER) ? rule(state) : false);
}

const kramdownAttributes = (md: MarkdownIt): void => {
  const ruler = md.core.ruler;
  // The plugin adds its rule with `ruler.before`: wrap it as it is added (markdown-it gives no getter for a rule).
  const before = ruler.before.bind(ruler);
  ruler.before = (beforeName, ruleName, fn, options) =>
    before(beforeName, ruleName, ruleName === "curly_attributes" ? onlyWithIal(fn) : fn, options);
  try {
    md.use(markdownItAttrs, {
      leftDelimiter: IAL_OPENER,
      rightDelimiter: "}",
      // Everything kramdown allows except event handlers; the page's CSP would block them anyway.
      allowedAttributes: [/^(?!on)[a-z][\w:.-]*$/i],
    });
  } finally {
    ruler.before = before;
  }
  ruler.before(
    "curly_attributes",
    "kramdown_block_ial",
    onlyWithIal((state) => {
      attachToBlockAbove(state);
      attachToParagraphBelow(state);
      detachTableIal(state);
    }),
  );
};

export default kramdownAttributes;
