// The text of an HTML fragment as a reader sees it: entities decoded, tags dropped (htmlparser2's tokenizer).
import { Parser } from "htmlparser2";

/** Calls `ontext` with each run of text in document order and `ontag` at each start or end tag between them. */
export function readText(html: string, ontext: (text: string) => void, ontag: () => void = () => undefined): void {
  new Parser({ ontext, onopentag: ontag, onclosetag: ontag }).end(html);
}

/** All the text of `html`, entities decoded, whitespace as written. */
export function htmlText(html: string): string {
  let text = "";
  readText(html, (chunk) => (text += chunk));
  return text;
}
