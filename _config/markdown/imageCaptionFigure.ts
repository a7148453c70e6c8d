// Jekyll themes caption images with `<div class="image"><a><img></a><div class="image-caption">…</div></div>`.
// A div gives screen readers no tie between image and caption; <figure>/<figcaption> does.
// This markdown-it core rule rewrites such raw HTML blocks; anything else passes through untouched.
import render from "dom-serializer";
import { Element, type ChildNode } from "domhandler";
import { appendChild, findAll, findOne, getInnerHTML, replaceElement } from "domutils";
import type MarkdownIt from "markdown-it";
import { parseDocument } from "htmlparser2";

// Entities stay as written, in and out: the block is rewritten, its text is not re-encoded.
const AS_WRITTEN = { decodeEntities: false } as const;

function hasClass(element: Element, name: string): boolean {
  return (element.attribs.class ?? "").split(/\s+/).includes(name);
}

export function rewriteImageCaptionBlock(html: string): string {
  if (!html.includes("image-caption")) return html;
  const root = parseDocument(html, AS_WRITTEN);
  for (const block of findAll((element) => element.name === "div" && hasClass(element, "image"), root.children)) {
    const caption = findOne((element) => hasClass(element, "image-caption"), block.children);
    if (!caption) continue;
    for (const element of findAll(
      (e) => (e.name === "a" && e.attribs.href !== undefined) || (e.name === "img" && e.attribs.src !== undefined),
      block.children,
    )) {
      const attribute = element.name === "img" ? "src" : "href";
      element.attribs[attribute] = encodeUrl(element.attribs[attribute] ?? "");
    }
    const classes = (block.attribs.class ?? "").split(/\s+/).filter((c) => c && c !== "image");
    const figure = new Element("figure", { class: ["figure", ...classes].join(" ") });
    for (const child of [...block.children] as ChildNode[]) {
      if (child !== caption) appendChild(figure, child);
    }
    // Jekyll authors often wrap captions in quotes; the visible text stays exactly as written.
    const figcaption = parseDocument(`<figcaption>${getInnerHTML(caption, AS_WRITTEN).trim()}</figcaption>`, AS_WRITTEN)
      .children[0] as ChildNode;
    appendChild(figure, figcaption);
    replaceElement(block, figure);
  }
  return render(root, AS_WRITTEN);
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
