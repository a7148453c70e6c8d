// Text that XML 1.0 can hold: a NUL in a title or a terminal colour code pasted into a code block would make
// feed.xml and sitemap.xml ill-formed, and a feed reader drops the whole feed. Such characters are removed,
// with a warning naming the file and line they came from. https://www.w3.org/TR/xml/#charsets
import type { UserConfig } from "@11ty/eleventy";
import { readFileSync } from "node:fs";

// An ANSI/VT100 control sequence (ESC [ parameters final byte), e.g. `ESC[31m`: removed whole, so no `[31m` is left.
// eslint-disable-next-line no-control-regex -- ESC starts the sequence this matches.
const TERMINAL_CODE = /\x1b\[[0-?]*[ -/]*[@-~]/;
// Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]: the rest, lone surrogates included.
const FORBIDDEN_CHARACTER =
  // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids are what this finds.
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOT_XML = new RegExp(`${TERMINAL_CODE.source}|${FORBIDDEN_CHARACTER.source}`, "g");

/** `text` without the characters XML 1.0 forbids and without terminal control sequences. */
export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML, "");
}

export function hasNonXmlText(text: string): boolean {
  NOT_XML.lastIndex = 0;
  return NOT_XML.test(text);
}

/** Escapes text for XML element content or a double-quoted attribute, removing what XML cannot hold. */
export function escapeXml(text: string): string {
  return xmlSafeText(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Escapes text for a double-quoted attribute, keeping tabs and line breaks (a parser turns raw ones into spaces). */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

function describe(match: string): string {
  if (match.startsWith("\x1b[")) return `a terminal colour code (ESC${match.slice(1)})`;
  return `U+${match.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

export interface NonXmlText {
  /** 1-based line in the text. */
  line: number;
  /** What was found, e.g. "U+0000" or "a terminal colour code (ESC[31m)". */
  what: string;
}

/** Each line of `text` holding something XML cannot, with what it holds (the first such thing per line). */
export function findNonXmlText(text: string): NonXmlText[] {
  const found: NonXmlText[] = [];
  text.split("\n").forEach((lineText, index) => {
    NOT_XML.lastIndex = 0;
    const match = NOT_XML.exec(lineText);
    if (match) found.push({ line: index + 1, what: describe(match[0]) });
  });
  return found;
}

/**
 * Warnings for text removed from an XML output: one per line of `sourceFile` that holds such characters, plus
 * `fieldLines` (front-matter fields whose YAML escapes, such as "\0", made them); the file alone when neither
 * says where (an include, a data file).
 */
export function nonXmlTextWarnings(
  sourceFile: string,
  outputName: string,
  fieldLines: ReadonlyArray<{ field: string; line: number }> = [],
): string[] {
  let source = "";
  try {
    source = readFileSync(sourceFile, "utf8");
  } catch {
    // A virtual template or a deleted file: name it without a line.
  }
  const file = sourceFile.replace(/^\.\//, "");
  const removed = `XML 1.0 does not allow it, so it was removed from ${outputName}; delete it from the file`;
  const warnings = [
    ...fieldLines.map(
      ({ field, line }) =>
        `${file}:${line}: ${field}: holds a character XML 1.0 does not allow; it was removed from ${outputName}`,
    ),
    ...findNonXmlText(source).map(({ line, what }) => `${file}:${line}: ${what}: ${removed}`),
  ];
  return warnings.length
    ? warnings
    : [`${file}: a character XML 1.0 does not allow came from this page's data and was removed from ${outputName}`];
}

export interface XmlTextOptions {
  /** Where warnings go; console.warn by default. */
  warn?: (message: string) => void;
}

export default function xmlText(eleventyConfig: UserConfig, options: XmlTextOptions = {}): void {
  const warn = options.warn ?? ((message: string) => console.warn(`warning: ${message}`));
  const warned = new Set<string>();
  const warnOnce = (messages: string[]) => {
    for (const message of messages) if (!warned.has(message) && warned.add(message)) warn(message);
  };
  /**
   * For templates: `{{ url | xmlSafe(entry.inputPath, "sitemap.xml", entry.data.frontMatterLines, ["permalink"]) }}`
   * removes and warns, naming the source file and the lines of the front-matter fields the text came from.
   */
  eleventyConfig.addFilter(
    "xmlSafe",
    (
      text: unknown,
      sourceFile?: string,
      outputName: string = "an XML file",
      lines: Record<string, number> = {},
      fields: string[] = [],
    ) => {
      const value = String(text ?? "");
      if (!hasNonXmlText(value)) return value;
      const fieldLines = fields.filter((field) => lines[field]).map((field) => ({ field, line: lines[field]! }));
      if (sourceFile) warnOnce(nonXmlTextWarnings(sourceFile, outputName, fieldLines));
      return xmlSafeText(value);
    },
  );
  // The last guard for every .xml the build writes: whatever a template let through is removed here.
  eleventyConfig.addTransform(
    "xmlSafe",
    function (this: { page: { inputPath: string; outputPath: string | false } }, content: string) {
      const { outputPath, inputPath } = this.page;
      if (typeof outputPath !== "string" || !outputPath.endsWith(".xml") || !hasNonXmlText(content)) return content;
      warnOnce(nonXmlTextWarnings(inputPath, outputPath.split("/").pop() ?? outputPath));
      return xmlSafeText(content);
    },
  );
}
