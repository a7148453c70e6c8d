// Reading HTML without building a tree: htmlparser2's tokenizer, driven for the two things our checks and filters
// read (text, and some attributes of start tags). Its parser and DOM cost 3–10× more here (they track open
// elements, build objects for every attribute, and decode text nobody reads), and these run once a post or page.
import { decodeHTMLAttribute } from "entities";
import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";

const ignore = (): void => undefined;
const IGNORE_ALL: TokenizerCallbacks = {
  onattribdata: ignore,
  onattribentity: ignore,
  onattribend: ignore,
  onattribname: ignore,
  oncdata: ignore,
  onclosetag: ignore,
  oncomment: ignore,
  ondeclaration: ignore,
  onend: ignore,
  onopentagend: ignore,
  onopentagname: ignore,
  onprocessinginstruction: ignore,
  onselfclosingtag: ignore,
  ontext: ignore,
  ontextentity: ignore,
};

function tokenize(html: string, decodeEntities: boolean, callbacks: Partial<TokenizerCallbacks>): void {
  const tokenizer = new Tokenizer({ decodeEntities }, { ...IGNORE_ALL, ...callbacks });
  tokenizer.write(html);
  tokenizer.end();
}

/** Calls `ontext` with each run of text in document order (entities decoded) and `ontag` at each tag between them. */
export function readText(html: string, ontext: (text: string) => void, ontag: () => void = ignore): void {
  tokenize(html, true, {
    ontext: (start, end) => ontext(html.slice(start, end)),
    ontextentity: (codepoint) => ontext(String.fromCodePoint(codepoint)),
    onopentagname: ontag,
    onclosetag: ontag,
  });
}

/** All the text of `html`, entities decoded, whitespace as written. */
export function htmlText(html: string): string {
  let text = "";
  readText(html, (chunk) => (text += chunk));
  return text;
}

export interface StartTagOptions {
  /** `wanted` sees only attribute names of at most this many characters. */
  longestName?: number;
  /** Report start tags none of whose attributes is wanted (`<script>`, `<style>`); off, they are skipped unread. */
  bareTags?: boolean;
}

/**
 * Calls `onStartTag` for each start tag (name lower-cased) with the attributes `wanted` accepts (names lower-cased,
 * values entity-decoded; the first of a repeated name wins). Comments and the raw text of script, style, textarea
 * and title are skipped, as a browser does.
 */
export function readStartTags(
  html: string,
  wanted: (attribute: string) => boolean,
  onStartTag: (tag: string, attributes: ReadonlyMap<string, string>) => void,
  { longestName = Infinity, bareTags = true }: StartTagOptions = {},
): void {
  let tagStart = 0;
  let tagEnd = 0;
  const attributes = new Map<string, string>();
  let attribute: string | undefined;
  let value = "";
  const endStartTag = (): void => {
    if (!attributes.size && !bareTags) return;
    onStartTag(html.slice(tagStart, tagEnd).toLowerCase(), attributes);
    attributes.clear();
  };
  // Entities are decoded only in the values read: text is never read here.
  tokenize(html, false, {
    onopentagname(start, end) {
      tagStart = start;
      tagEnd = end;
    },
    onattribname(start, end) {
      attribute = undefined;
      if (end - start > longestName) return;
      const name = html.slice(start, end).toLowerCase();
      if (wanted(name) && !attributes.has(name)) attribute = name;
      value = "";
    },
    onattribdata(start, end) {
      if (attribute) value += html.slice(start, end);
    },
    onattribend() {
      if (attribute) attributes.set(attribute, value.includes("&") ? decodeHTMLAttribute(value) : value);
    },
    onopentagend: endStartTag,
    onselfclosingtag: endStartTag,
  });
}

/** The URLs of a `srcset` ("a.png 720w, b.png 960w"); our own URLs never contain commas. */
export function srcsetUrls(srcset: string): string[] {
  return srcset
    .split(",")
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
    .filter(Boolean);
}

/** Text made safe inside an element or a double-quoted attribute (`& < > "`), for the HTML our plugins write. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
