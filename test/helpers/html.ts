// HTML in tests is read with htmlparser2 (the one parser of the build too), queried with css-select and read with
// domutils, typed for htmlparser2's DOM (domhandler).
import { selectAll as cssSelectAll, selectOne as cssSelectOne } from "css-select";
import render from "dom-serializer";
import type { AnyNode, Document, Element } from "domhandler";
import { getAttributeValue, removeElement, textContent } from "domutils";
import { parseDocument } from "htmlparser2";

export { getAttributeValue, removeElement, textContent };
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

/** A node's text, entities decoded, or undefined when there is no node (so a missing element fails an assertion). */
export const textOf = (node: AnyNode | null | undefined): string | undefined => (node ? textContent(node) : undefined);

/** An attribute's value, entities decoded, or undefined when the element or the attribute is absent. */
export const attributeOf = (element: Element | null | undefined, name: string): string | undefined =>
  element ? getAttributeValue(element, name) : undefined;

/** A node as HTML, escaped as a browser's outerHTML is (`&`, `<`, `>`, `"`, no-break space; the rest as written). */
export const outerHtml = (node: AnyNode | AnyNode[]): string => render(node, { encodeEntities: "utf8" });
