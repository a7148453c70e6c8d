// Jekyll themes caption images with `<div class="image"><a><img></a><div class="image-caption">…</div></div>`.
// A div gives screen readers no tie between image and caption; <figure>/<figcaption> does.
// This markdown-it core rule rewrites such raw HTML blocks; anything else passes through untouched.
import type MarkdownIt from "markdown-it";
import { HTMLElement, parse, type Node } from "node-html-parser";

export function rewriteImageCaptionBlock(html: string): string {
  if (!html.includes("image-caption")) return html;
  const root = parse(html);
  // Tree walks, not querySelector: css-select compiles each selector on every call, which was most of the
  // cost of this rule (~75 µs a block, once per post of a 4,000-post build).
  for (const block of descendants(
    root,
    (element) => element.tagName === "DIV" && element.classList.contains("image"),
  )) {
    const caption = descendants(block, (element) => element.classList.contains("image-caption"))[0];
    if (!caption) continue;
    for (const element of descendants(
      block,
      (e) => (e.tagName === "A" && e.hasAttribute("href")) || (e.tagName === "IMG" && e.hasAttribute("src")),
    )) {
      const attribute = element.tagName === "IMG" ? "src" : "href";
      element.setAttribute(attribute, encodeUrl(element.getAttribute(attribute) ?? ""));
    }
    const classes = block.classList.value.filter((c) => c !== "image");
    const figure = new HTMLElement("figure", {}, "");
    figure.setAttribute("class", ["figure", ...classes].join(" "));
    for (const child of block.childNodes) {
      if (child === caption) continue;
      figure.appendChild(child);
    }
    // Jekyll authors often wrap captions in quotes; the visible text stays exactly as written.
    figure.appendChild(parse(`<figcaption>${caption.innerHTML.trim()}</figcaption>`));
    block.replaceWith(figure);
  }
  return root.toString();
}

/** Elements under `node` (document order, `node` itself excluded) that match. */
function descendants(node: Node, matches: (element: HTMLElement) => boolean): HTMLElement[] {
  const found: HTMLElement[] = [];
  const visit = (parent: Node): void => {
    for (const child of parent.childNodes) {
      if (!(child instanceof HTMLElement)) continue;
      if (matches(child)) found.push(child);
      visit(child);
    }
  };
  visit(node);
  return found;
}

/** Jekyll served `/public/img/Killed .png` as written; valid HTML needs the space encoded (`%20`). */
export function encodeUrl(url: string): string {
  try {
    return encodeURI(decodeURI(url));
  } catch {
    return encodeURI(url);
  }
}

const imageCaptionFigure = (md: InstanceType<typeof MarkdownIt>): void => {
  md.core.ruler.push("image_caption_figure", (state) => {
    for (const token of state.tokens) {
      if (token.type === "html_block") token.content = rewriteImageCaptionBlock(token.content);
    }
  });
};

export default imageCaptionFigure;
