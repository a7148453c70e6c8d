// One HTML shape for every code block, fenced or `{% highlight %}`: the code is always escaped, Prism colours it
// when it knows the language, and the block names its language (and file, when given) in a visible caption.
import Prism from "prismjs";
import loadLanguages from "prismjs/components/index.js";
import { escapeHtml } from "./htmlText.ts";

// Prism logs "Language does not exist" for every unknown name; an unknown language is normal here.
loadLanguages.silent = true;

/** Names that mean "no highlighting" (Rouge's plaintext lexer and its usual spellings). */
const PLAIN_LANGUAGES = new Set(["text", "plaintext", "plain", "txt", "nohighlight"]);

/** Names Rouge knows that Prism spells differently; CUDA is C++ with extensions, closest in Prism. */
const PRISM_GRAMMAR: Record<string, string> = {
  "c++": "cpp",
  cuda: "cpp",
  "objective-c": "objectivec",
  console: "bash",
  shell: "bash",
};

export interface CodeBlock {
  /** The code as written; never HTML. */
  code: string;
  /** The language as the author wrote it (`ts`, `c++`, `text`); empty for none. */
  language?: string;
  /** A file name or caption (a fence's `title="…"`). */
  title?: string;
  /** Jekyll's `linenos`: numbered lines that a reader's copy leaves out. */
  lineNumbers?: boolean;
  /** Wrap each line in a span even without line numbers (so the HTML has no blank line). */
  wrapAllLines?: boolean;
  /** Extra attributes for the outer element (from a kramdown `{: …}` on the fence). */
  attributes?: Array<[string, string]>;
}

function prismGrammar(language: string): Prism.Grammar | undefined {
  const name = PRISM_GRAMMAR[language] ?? language;
  if (!Prism.languages[name]) loadLanguages([name]);
  return Prism.languages[name];
}

/** The code as safe HTML: Prism's tokens when it knows the language, else the escaped text. */
export function highlightCode(code: string, language = ""): string {
  const lower = language.toLowerCase();
  const grammar = lower && !PLAIN_LANGUAGES.has(lower) ? prismGrammar(lower) : undefined;
  // Prism escapes the text it tokenises (its `encode`), so both paths give escaped HTML.
  return grammar ? Prism.highlight(code, grammar, lower) : escapeHtml(code);
}

/**
 * Wraps each line in `<span class="line">`, closing and reopening the token spans that cross a line break
 * (Prism's multi-line comments and strings) so every line is well-formed on its own.
 */
export function wrapLines(html: string): string {
  const open: string[] = [];
  const lines: string[] = [];
  let line = "";
  // A pattern, not a parser: Prism's output holds only text, entities and its own <span class="token …"> tags.
  for (const part of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (part === "\n") {
      lines.push(line + "</span>".repeat(open.length));
      line = open.join("");
    } else {
      if (part.startsWith("<span")) open.push(part);
      else if (part === "</span>") open.pop();
      line += part;
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines.map((text) => `<span class="line">${text}</span>`).join("\n");
}

function attributeText(attributes: Array<[string, string]>): string {
  return attributes.map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join("");
}

export function renderCodeBlock({
  code,
  language = "",
  title = "",
  lineNumbers = false,
  wrapAllLines = false,
  attributes = [],
}: CodeBlock): string {
  let html = highlightCode(code.replace(/\n$/, ""), language);
  if (lineNumbers || wrapAllLines) html = wrapLines(html);
  const languageClass = language ? `language-${escapeHtml(language)}` : "";
  const extraClass = attributes.find(([name]) => name === "class")?.[1] ?? "";
  const others = attributeText(attributes.filter(([name]) => name !== "class" && name !== "data-lang"));
  const captioned = Boolean(language || title);
  const preClass = [languageClass, lineNumbers ? "line-numbers" : "", captioned ? "" : escapeHtml(extraClass)]
    .filter(Boolean)
    .join(" ");
  // tabindex: a long line scrolls the block sideways, and keyboard users must be able to scroll it too.
  const pre =
    `<pre${preClass ? ` class="${preClass}"` : ""}${captioned ? "" : others} tabindex="0">` +
    `<code${languageClass ? ` class="${languageClass}"` : ""}>${html}\n</code></pre>`;
  if (!captioned) return `${pre}\n`;
  const caption =
    (title ? `<span class="code-block-title">${escapeHtml(title)}</span>` : "") +
    (language ? `<span class="code-block-lang">${escapeHtml(language)}</span>` : "");
  const figureClass = ["code-block", escapeHtml(extraClass)].filter(Boolean).join(" ");
  return (
    `<figure class="${figureClass}"${language ? ` data-lang="${escapeHtml(language)}"` : ""}${others}>` +
    `<figcaption class="code-block-caption">${caption}</figcaption>${pre}</figure>\n`
  );
}
