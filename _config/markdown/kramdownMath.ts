// Math as kramdown reads it: `$$…$$` standing alone between blank lines is display math; anywhere else in a
// paragraph it is inline math; a single `$` is just a dollar.
// https://kramdown.gettalong.org/syntax.html#math-blocks
// Each formula is rendered while parsing the page, so every TeX error is reported at once with its line.
import type { MarkdownIt } from "markdown-it";
import type { StateBlock, StateCore, StateInline, Token } from "markdown-it";
import { MathSyntaxError, renderMath } from "../math.ts";

export interface MathProblem {
  /** The line in the Markdown text (1-based) where the formula starts. */
  line: number;
  tex: string;
  reason: string;
}

/** Turns the problems of one page into the error the build reports; given by the caller (it knows the file). */
export type MathErrorReporter = (problems: MathProblem[], env: unknown) => never;

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4 || !state.src.startsWith("$$", start)) return false;
  // kramdown: only after a block boundary (a blank line, or the start of the document or of a container).
  const previous = startLine - 1;
  if (previous >= 0 && !state.isEmpty(previous) && state.sCount[previous]! >= state.blkIndent) return false;
  let line = startLine;
  const close = state.src.indexOf("$$", start + 2);
  while (line < endLine && close >= 0 && close > state.eMarks[line]!) line++;
  if (close < 0 || line >= endLine) return false;
  // The closing `$$` must end its line, and the block must end there too.
  if (state.src.slice(close + 2, state.eMarks[line]).trim() !== "" || (line + 1 < endLine && !state.isEmpty(line + 1)))
    return false;
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  // The block's lines without their container's markers (`> ` in a quote, a list item's indent).
  const text = state.getLines(startLine, line + 1, state.blkIndent, false).trim();
  token.content = text.slice(2, text.lastIndexOf("$$")).trim();
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src } = state;
  // `\$$…$$` alone on a paragraph's first line: kramdown drops the backslash and reads inline math, where
  // unescaped it would be display math. Followed by more text, the backslash escapes the dollar.
  const escapedDisplay = state.pos === 0 && src.startsWith("\\$$", 0);
  const open = escapedDisplay ? 1 : state.pos;
  if (!src.startsWith("$$", open)) return false;
  const close = src.indexOf("$$", open + 2);
  if (close < 0) return false;
  if (escapedDisplay && !/^[ \t]*(\n|$)/.test(src.slice(close + 2))) return false;
  if (!silent) state.push("math_inline", "math", 0).content = src.slice(open + 2, close).trim();
  state.pos = close + 2;
  return true;
}

/** Renders every formula of the page now, collecting each TeX error with the line it is on. */
function renderAll(state: StateCore, report: MathErrorReporter): void {
  const problems: MathProblem[] = [];
  const render = (token: Token, line: number, display: boolean): void => {
    try {
      token.meta = { html: renderMath(token.content, display) };
    } catch (error) {
      if (!(error instanceof MathSyntaxError)) throw error;
      problems.push({ line, tex: error.tex, reason: error.reason });
    }
  };
  for (const block of state.tokens) {
    const firstLine = (block.map?.[0] ?? 0) + 1;
    if (block.type === "math_block") render(block, firstLine, true);
    let line = firstLine;
    for (const child of block.children ?? []) {
      if (child.type === "softbreak" || child.type === "hardbreak") line++;
      else if (child.type === "math_inline") {
        render(child, line, false);
        line += child.content.split("\n").length - 1;
      } else if (child.type === "text") line += child.content.split("\n").length - 1;
    }
  }
  if (problems.length) report(problems, state.env);
}

const kramdownMath = (md: MarkdownIt, report: MathErrorReporter): void => {
  md.block.ruler.before("paragraph", "math_block", mathBlock);
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.core.ruler.after("inline", "math_render", (state) => renderAll(state, report));
  const rendered = (token: Token): string => (token.meta as { html: string }).html;
  md.renderer.rules.math_block = (tokens, idx) => `<div class="math-display">${rendered(tokens[idx]!)}</div>\n`;
  md.renderer.rules.math_inline = (tokens, idx) => rendered(tokens[idx]!);
};

export default kramdownMath;
