// kramdown's typographic symbols in place of markdown-it's `replacements` (which also turns (c) into ©, which
// kramdown does not): `---` em dash, `--` en dash, `...` ellipsis, `<<`/`>>` guillemets (a space beside them
// becomes a no-break space), and `'80s` with an apostrophe. Smart quotes are markdown-it's (`typographer`), then
// kramdown's rules for the quotes it leaves straight (kramdown curls every quote: `5'10"` → 5’10”).
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

// Characters after which kramdown reads a quote as closing (its SQ_CLOSE: not a space or an opening bracket).
const OPENS_AFTER = /[\s[{(-]/;
const CURLY: Record<string, [open: string, close: string]> = { "'": ["\u2018", "\u2019"], '"': ["\u201c", "\u201d"] };

/**
 * The quotes markdown-it could not pair, curled as kramdown's last rules do: closing after a word character,
 * or before a space, an `s` ending a word, or the end; opening otherwise. `afterSpace`: the text starts a line
 * (else a tag or code precedes it, which kramdown does not look behind).
 * https://github.com/gettalong/kramdown/blob/master/lib/kramdown/parser/kramdown/smart_quotes.rb
 */
export function curlLeftoverQuotes(text: string, afterSpace = false): string {
  return text.replace(/["']/g, (quote, index: number) => {
    const before = index > 0 ? text[index - 1]! : afterSpace ? " " : "";
    const after = text.slice(index + 1);
    const closing = (before !== "" && !OPENS_AFTER.test(before)) || /^(\s|s\b|$)/.test(after);
    return CURLY[quote]![closing ? 1 : 0];
  });
}

function eachText(state: StateCore, change: (text: string, afterSpace: boolean) => string): void {
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    let insideAutolink = 0;
    block.children.forEach((token, i) => {
      if (token.type === "link_open" && token.info === "auto") insideAutolink++;
      else if (token.type === "link_close" && token.info === "auto") insideAutolink--;
      else if (token.type === "text" && !insideAutolink) {
        const previous = block.children![i - 1];
        token.content = change(
          token.content,
          i === 0 || previous?.type === "softbreak" || previous?.type === "hardbreak",
        );
      }
    });
  }
}

const kramdownTypography = (md: MarkdownIt): void => {
  md.set({ typographer: true });
  md.core.ruler.disable("replacements");
  md.core.ruler.after("replacements", "kramdown_typography", (state) => eachText(state, kramdownSymbols));
  md.core.ruler.after("smartquotes", "kramdown_quotes", (state) => eachText(state, curlLeftoverQuotes));
  md.inline.ruler.before("html_inline", "kramdown_guillemet", guillemetOpen);
};

export default kramdownTypography;
