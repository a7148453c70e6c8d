// kramdown's typographic symbols in place of markdown-it's `replacements` (which also turns (c) into ©, which
// kramdown does not): `---` em dash, `--` en dash, `...` ellipsis, `<<`/`>>` guillemets (a space beside them
// becomes a no-break space), and `'80s` with an apostrophe. Smart quotes stay markdown-it's (`typographer`).
// https://kramdown.gettalong.org/syntax.html#typographic-symbols
import type { MarkdownIt } from "markdown-it";
import type { StateCore, StateInline } from "markdown-it";

const NBSP = "\u00a0";
const SYMBOLS: Record<string, string> = {
  "---": "\u2014",
  "--": "\u2013",
  "...": "\u2026",
  " >>": `${NBSP}\u00bb`,
  ">>": "\u00bb",
};
const SYMBOL = /---|--|\.\.\.| >>|>>/g;
// kramdown: a quote before two digits and an s (`'80s`) is an apostrophe, where markdown-it would open a quote.
const DECADE = /(^|\s)'(?=\d\ds)/g;

export function kramdownSymbols(text: string): string {
  return text.replace(SYMBOL, (symbol) => SYMBOLS[symbol]!).replace(DECADE, "$1\u2019");
}

/** `<<` is read before markdown-it's HTML rule, which would take `<<b>>` for a `<b>` tag. */
function guillemetOpen(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x3c || src.charCodeAt(pos + 1) !== 0x3c) return false;
  const spaced = src.charCodeAt(pos + 2) === 0x20;
  if (!silent) state.push("text", "", 0).content = spaced ? `\u00ab${NBSP}` : "\u00ab";
  state.pos += spaced ? 3 : 2;
  return true;
}

function replaceSymbols(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    let insideAutolink = 0;
    for (const token of block.children) {
      if (token.type === "link_open" && token.info === "auto") insideAutolink++;
      else if (token.type === "link_close" && token.info === "auto") insideAutolink--;
      else if (token.type === "text" && !insideAutolink) token.content = kramdownSymbols(token.content);
    }
  }
}

const kramdownTypography = (md: MarkdownIt): void => {
  md.set({ typographer: true });
  md.core.ruler.disable("replacements");
  md.core.ruler.after("replacements", "kramdown_typography", replaceSymbols);
  md.inline.ruler.before("html_inline", "kramdown_guillemet", guillemetOpen);
};

export default kramdownTypography;
