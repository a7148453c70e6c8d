// GitHub task lists, which Jekyll's kramdown (GFM input) renders: `* [ ] to do` and `* [x] done` become
// disabled checkboxes, with kramdown's classes (`task-list`, `task-list-item`, `task-list-item-checkbox`).
// Each checkbox is named by its item's text, so a screen reader says what is done (kramdown's has no name).
// https://github.com/kramdown/parser-gfm (GFM task lists)
import type { MarkdownIt } from "markdown-it";
import type { StateCore, Token } from "markdown-it";
import { escapeHtml } from "../htmlText.ts";

const TASK = /^\[([ xX])\][ \t]+/;

function itemText(children: Token[]): string {
  return children
    .filter((child) => child.type === "text" || child.type === "code_inline")
    .map((child) => child.content)
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

function markTasks(state: StateCore): void {
  const tokens = state.tokens;
  tokens.forEach((item, i) => {
    if (item.type !== "list_item_open") return;
    // The item's first line: its paragraph's inline (tight lists hide the paragraph, but the tokens are there).
    const inline = tokens[i + 1]?.type === "paragraph_open" ? tokens[i + 2] : undefined;
    const first = inline?.children?.[0];
    const match = inline && first?.type === "text" ? TASK.exec(first.content) : null;
    if (!inline || !first || !match) return;
    first.content = first.content.slice(match[0].length);
    inline.content = inline.content.replace(TASK, "");
    const checkbox = new state.Token("html_inline", "", 0);
    const checked = match[1] !== " " ? " checked" : "";
    checkbox.content = `<input type="checkbox" class="task-list-item-checkbox" disabled${checked} aria-label="${escapeHtml(itemText(inline.children!))}">`;
    inline.children!.unshift(checkbox);
    if (!hasClass(item, "task-list-item")) item.attrJoin("class", "task-list-item");
    for (let j = i - 1; j >= 0; j--) {
      const list = tokens[j]!;
      if ((list.type === "bullet_list_open" || list.type === "ordered_list_open") && list.level === item.level - 1) {
        if (!hasClass(list, "task-list")) list.attrJoin("class", "task-list");
        break;
      }
    }
  });
  // kramdown marks every item of a task list, those without a checkbox too.
  const lists: Token[] = [];
  for (const token of tokens) {
    if (token.type === "bullet_list_open" || token.type === "ordered_list_open") lists.push(token);
    else if (token.type === "bullet_list_close" || token.type === "ordered_list_close") lists.pop();
    else if (
      token.type === "list_item_open" &&
      hasClass(lists.at(-1), "task-list") &&
      !hasClass(token, "task-list-item")
    )
      token.attrJoin("class", "task-list-item");
  }
}

function hasClass(token: Token | undefined, name: string): boolean {
  return String(token?.attrGet("class") ?? "")
    .split(" ")
    .includes(name);
}

const taskLists = (md: MarkdownIt): void => {
  md.core.ruler.after("inline", "task_lists", markTasks);
};

export default taskLists;
