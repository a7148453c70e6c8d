// markdown-it plugins that ship no types: each is a plain markdown-it plugin without options.
declare module "markdown-it-abbr" {
  import type { MarkdownIt } from "markdown-it";
  export default function abbr(md: MarkdownIt): void;
}
declare module "markdown-it-deflist" {
  import type { MarkdownIt } from "markdown-it";
  export default function deflist(md: MarkdownIt): void;
}
declare module "markdown-it-footnote" {
  import type { MarkdownIt } from "markdown-it";
  export default function footnote(md: MarkdownIt): void;
}
