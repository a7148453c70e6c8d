// Our own markdown-it instance, so every extension is registered in one table.
// Raw HTML is allowed: Jekyll posts carry HTML blocks (captions, <strong>, <h2>).
import type { UserConfig } from "@11ty/eleventy";
import MarkdownIt from "markdown-it";
import markdownItAnchor from "markdown-it-anchor";
import markdownItImageFigures from "markdown-it-image-figures";
import imageCaptionFigure from "./markdown/imageCaptionFigure.ts";
import rawHeadingAnchors from "./markdown/rawHeadingAnchors.ts";
import { slugifyHeading } from "./slugs.ts";

export function createMarkdown(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.use(markdownItAnchor, {
    slugify: slugifyHeading,
    // The heading text itself is the link: no empty "#" links for screen readers.
    permalink: markdownItAnchor.permalink.headerLink({ safariReaderFix: true }),
    level: [2, 3, 4],
  });
  // `![alt](src "caption")` alone in a paragraph becomes <figure> + <figcaption>.
  md.use(markdownItImageFigures, { figcaption: "title", copyAttrs: "^class$" });
  md.use(imageCaptionFigure);
  md.use(rawHeadingAnchors);
  return md;
}

export default function markdown(eleventyConfig: UserConfig): void {
  eleventyConfig.setLibrary("md", createMarkdown());
}
