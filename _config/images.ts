// Every local image in a post gets width and height (no layout shift) and a WebP source, via eleventy-img.
// Done in Markdown, once per post: Eleventy's image *transform* re-parses every written page (home pages,
// tag and category lists included) with posthtml, which was the largest cost of a 4,000-post build.
import type { UserConfig } from "@11ty/eleventy";
import Image from "@11ty/eleventy-img";
import type MarkdownIt from "markdown-it";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "node-html-parser";

/** The slice of eleventy-img's API used here (https://www.11ty.dev/docs/plugins/image/). */
interface EleventyImage {
  (src: string, options: ImageOptions): Promise<unknown>;
  ImageSize(src: string): { width: number; height: number; type?: string };
  statsSync(src: string, options: ImageOptions): unknown;
  generateHTML(metadata: unknown, attributes: Record<string, string>): string;
}
const eleventyImage = Image as EleventyImage;

interface ImageOptions {
  widths: Array<number | "auto">;
  formats: string[];
  urlPath: string;
  outputDir: string;
}

export interface ResponsiveImageOptions {
  /** Site root: `/public/x.png` is read from here. */
  inputDir: string;
  /** The build's output folder; read at render time, as Eleventy settles it after the config runs. */
  outputDir: () => string;
  /** Called with each image's generation; the plugin waits for them before the build ends. */
  generate: (done: Promise<unknown>) => void;
}

/** Our resized images: a folder name a blog's own static files are unlikely to use (Jekyll sites have assets/img/). */
export const IMAGE_URL_PATH = "/assets/responsive/";
const URL_PATH = IMAGE_URL_PATH;
const WIDTHS: Array<number | "auto"> = [720, "auto"];
/**
 * The width the image is shown at: a figure's wide column (site.css `--wide`: at most 68.75rem, with a 1.25rem
 * gutter each side). Said exactly, a 412-px phone at 1.75× picks the 720-px file, not the 960 (Lighthouse: 14 KiB).
 */
const SIZES = "(min-width: 71.25rem) 68.75rem, calc(100vw - 2.5rem)";
/** Raster formats sharp re-encodes; anything else (SVG, GIF) keeps its file and only gains width and height. */
const RESIZABLE = new Set(["png", "jpeg", "jpg", "webp", "avif"]);

/**
 * Modification time of each image file (null: no such file), read once per build: thousands of posts
 * showing the same few images would otherwise stat them once per post. Cleared when a build starts.
 */
const fileStamps = new Map<string, number | null>();

function fileStamp(file: string): number | null {
  let stamp = fileStamps.get(file);
  if (stamp === undefined) {
    stamp = existsSync(file) ? statSync(file).mtimeMs : null;
    fileStamps.set(file, stamp);
  }
  return stamp;
}

/** The file an image URL in a post points at, or undefined for remote, data: and missing images. */
export function localImageFile(src: string, inputPath: string, inputDir: string): string | undefined {
  if (!src || /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURI(src.split(/[?#]/)[0] ?? "");
  } catch {
    return undefined;
  }
  const file = decoded.startsWith("/")
    ? path.join(inputDir, decoded)
    : path.join(path.dirname(path.join(inputDir, inputPath)), decoded);
  return fileStamp(file) === null ? undefined : file;
}

/**
 * Pictures already made, by file, its modification time, output folder and attributes: the same image in
 * many posts (or in a post rebuilt by `npm start`) costs eleventy-img's stats and queueing only once.
 */
const pictures = new Map<string, string>();

/** `<picture>` HTML for an `<img>`'s attributes, or undefined to leave the tag as written. */
function pictureHtml(
  attributes: Record<string, string>,
  inputPath: string,
  options: ResponsiveImageOptions,
): string | undefined {
  const file = localImageFile(attributes.src ?? "", inputPath, options.inputDir);
  if (!file) return undefined;
  const key = JSON.stringify([file, fileStamp(file), options.outputDir(), attributes]);
  let html = pictures.get(key);
  if (html === undefined) {
    if (pictures.size > 10_000) pictures.clear();
    html = makePicture(file, attributes, options);
    pictures.set(key, html);
  }
  return html;
}

function makePicture(file: string, attributes: Record<string, string>, options: ResponsiveImageOptions): string {
  const size = eleventyImage.ImageSize(file);
  const format = size.type === "jpg" ? "jpeg" : (size.type ?? "");
  const htmlAttributes: Record<string, string> = {
    loading: "lazy",
    decoding: "async",
    sizes: SIZES,
    alt: "",
    ...attributes,
  };
  if (!RESIZABLE.has(format)) {
    return `<img ${Object.entries({ ...htmlAttributes, width: String(size.width), height: String(size.height) })
      .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
      .join(" ")}>`;
  }
  const imageOptions: ImageOptions = {
    widths: WIDTHS,
    formats: ["webp", format],
    urlPath: URL_PATH,
    outputDir: path.join(options.outputDir(), URL_PATH),
  };
  // Sync stats give the URLs and sizes now; the files are written in the background (eleventy-img de-duplicates).
  const metadata = eleventyImage.statsSync(file, imageOptions);
  options.generate(eleventyImage(file, imageOptions));
  const { src: _src, width: _width, height: _height, ...rest } = htmlAttributes;
  return eleventyImage.generateHTML(metadata, { ...rest, src: file });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** Rewrites every `<img>` in a raw HTML fragment; untouched (same string) when there is none. */
export function rewriteHtmlImages(html: string, inputPath: string, options: ResponsiveImageOptions): string {
  if (!/<img\b/i.test(html)) return html;
  // Only the tags themselves are parsed: parsing whole blocks cost ~0.15 ms a post.
  return html.replace(IMG_TAG, (tag) => {
    const attributes = imgAttributes(tag);
    return (attributes && pictureHtml({ ...attributes }, inputPath, options)) ?? tag;
  });
}

/** Attributes of `<img>` tags by their exact text: posts often repeat one tag (a logo, a shared figure). */
const parsedTags = new Map<string, Readonly<Record<string, string>> | null>();

function imgAttributes(tag: string): Readonly<Record<string, string>> | null {
  let attributes = parsedTags.get(tag);
  if (attributes === undefined) {
    if (parsedTags.size > 10_000) parsedTags.clear();
    attributes = parse(tag).querySelector("img")?.attributes ?? null;
    parsedTags.set(tag, attributes);
  }
  return attributes;
}

/** An `<img>` start tag; quoted attribute values may contain `>`. */
const IMG_TAG = /<img\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;

/** markdown-it plugin: Markdown images and raw HTML `<img>` tags become responsive `<picture>`s. */
export function responsiveImages(md: InstanceType<typeof MarkdownIt>, options: ResponsiveImageOptions): void {
  const renderImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, index, mdOptions, env, self) => {
    const token = tokens[index];
    if (token) {
      const attributes = Object.fromEntries((token.attrs ?? []).map(([name, value]) => [name, String(value)]));
      attributes.alt = self.renderInlineAsText(token.children ?? [], mdOptions, env);
      const inputPath = (env as { page?: { inputPath?: string } }).page?.inputPath ?? "";
      const picture = pictureHtml(attributes, inputPath, options);
      if (picture !== undefined) return picture;
    }
    return renderImage ? renderImage(tokens, index, mdOptions, env, self) : self.renderToken(tokens, index, mdOptions);
  };
  md.core.ruler.push("responsive_images", (state) => {
    const inputPath = (state.env as { page?: { inputPath?: string } }).page?.inputPath ?? "";
    for (const token of state.tokens) {
      if (token.type === "html_block") token.content = rewriteHtmlImages(token.content, inputPath, options);
      for (const child of token.children ?? []) {
        if (child.type === "html_inline") child.content = rewriteHtmlImages(child.content, inputPath, options);
      }
    }
  });
}

export default function images(eleventyConfig: UserConfig): void {
  const pending: Array<Promise<{ error: unknown } | undefined>> = [];
  const options: ResponsiveImageOptions = {
    inputDir: path.resolve(eleventyConfig.directories?.input ?? "."),
    outputDir: () => path.resolve(eleventyConfig.directories?.output ?? "_site"),
    // A failed image fails the build, but only once awaited below (not as an unhandled rejection).
    generate: (done) =>
      pending.push(
        done.then(
          () => undefined,
          (error: unknown) => ({ error }),
        ),
      ),
  };
  eleventyConfig.amendLibrary("md", (md: InstanceType<typeof MarkdownIt>) => md.use(responsiveImages, options));
  // An image replaced under `npm start` gets a new modification time, so its picture is made again.
  eleventyConfig.on("eleventy.before", () => fileStamps.clear());
  eleventyConfig.on("eleventy.after", async () => {
    const results = await Promise.all(pending.splice(0));
    const failure = results.find((result) => result !== undefined);
    if (failure) throw failure.error;
  });
}
