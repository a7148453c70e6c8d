// Jekyll themes caption images with `<div class="image"><a><img></a><div class="image-caption">…</div></div>`.
// A div gives screen readers no tie between image and caption; <figure>/<figcaption> does.
// This markdown-it core rule rewrites such raw HTML blocks; anything else passes through untouched.
import type MarkdownIt from "markdown-it";
import { parse, type HTMLElement } from "node-html-parser";

export function rewriteImageCaptionBlock(html: string): string {
  if (!html.includes("image-caption")) return html;
  const root = parse(html);
  for (const block of root.querySelectorAll("div.image")) {
    const caption = block.querySelector(".image-caption");
    if (!caption) continue;
    for (const link of block.querySelectorAll("a[href], img[src]")) {
      const attribute = link.tagName === "IMG" ? "src" : "href";
      link.setAttribute(attribute, encodeUrl(link.getAttribute(attribute) ?? ""));
    }
    const figure = parse("<figure></figure>").firstChild as HTMLElement;
    const classes = block.classList.value.filter((c) => c !== "image");
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
