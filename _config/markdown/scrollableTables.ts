// A table wider than the text scrolls sideways inside its own box (site.css: `.breakout > table`); keyboard users
// can scroll it only if it takes focus, so every Markdown table does (axe's scrollable-region-focusable,
// https://dequeuniversity.com/rules/axe/4.10/scrollable-region-focusable). Raw HTML tables are the writer's own.
import type { MarkdownIt, StateCore } from "markdown-it";

function focusTables(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type === "table_open" && token.attrGet("tabindex") === null) token.attrSet("tabindex", "0");
  }
}

export default function scrollableTables(md: MarkdownIt): void {
  md.core.ruler.push("scrollable_tables", focusTables);
}
