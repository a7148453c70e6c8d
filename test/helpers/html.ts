// HTML in tests is read with htmlparser2 (the one parser of the build too), queried with css-select and read with
// domutils, typed for htmlparser2's DOM (domhandler).
import { selectAll as cssSelectAll, selectOne as cssSelectOne } from "css-select";
import type { AnyNode, Document, Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { parseDocument } from "htmlparser2";

export { getAttributeValue, textContent };
export type { Document, Element };

/** Parses HTML as a browser would (entities decoded, `<pre>` and `<code>` as markup). */
export const parseHtml = (html: string): Document => parseDocument(html);

/** Every element under `root` that matches a CSS selector, in document order. */
export const selectAll = (query: string, root: AnyNode | AnyNode[]): Element[] =>
  cssSelectAll<AnyNode, Element>(query, root);

/** The first element under `root` that matches a CSS selector, or null. */
export const selectOne = (query: string, root: AnyNode | AnyNode[]): Element | null =>
  cssSelectOne<AnyNode, Element>(query, root);

/** Whether an element's `class` attribute lists `name`. */
export const hasClass = (element: Element | null, name: string): boolean =>
  (element?.attribs.class ?? "").split(/\s+/).includes(name);
