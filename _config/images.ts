// Every local image in a post gets width and height (no layout shift) and a WebP source, via eleventy-img.
// Done in Markdown, once per post: Eleventy's image *transform* re-parses every written page (home pages,
// tag and category lists included) with posthtml, which was the largest cost of a 4,000-post build.
// Variants are made once into the build cache (buildCache.ts) and copied into each build's output: eleventy-img
// names each file by a hash of the source's bytes and the encoder options, and the cache folder's name hashes
// eleventy-img's and sharp's versions.
// (posthtml stays in node_modules only as Eleventy's own dependency: no code of ours reads HTML with it.)
import type { UserConfig } from "@11ty/eleventy";
import type MarkdownIt from "markdown-it";
import { existsSync, statSync } from "node:fs";
import { copyFile, mkdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import {
  BUILD_CACHE_DIR,
  buildCacheFor,
  codeFingerprint,
  contentHash,
  packageVersion,
  type CacheRegion,
} from "./buildCache.ts";
import { timePhase } from "./buildPhases.ts";
import { Parser } from "htmlparser2";

/** The slice of eleventy-img's API used here (https://www.11ty.dev/docs/plugins/image/). */
interface EleventyImage {
  (src: string, options: ImageOptions): Promise<unknown>;
  ImageSize(src: string): { width: number; height: number; type?: string };
  statsSync(src: string, options: ImageOptions): unknown;
  generateHTML(metadata: unknown, attributes: Record<string, string>): string;
}

let loadedImage: EleventyImage | undefined;
/** eleventy-img and sharp load on the first image (~0.15 CPU-s), not in every build and `npm start`. */
function eleventyImage(): EleventyImage {
  // CommonJS, and needed synchronously inside a Markdown rule: `require`, not `import()`.
  return (loadedImage ??= createRequire(import.meta.url)("@11ty/eleventy-img") as EleventyImage);
}

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
  /** Where variants are kept between builds (read per build); none, or one turned off, writes straight to the output. */
  variantCache?: () => CacheRegion;
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
  const size = eleventyImage().ImageSize(file);
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
  const region = options.variantCache?.();
  // Sync stats give the URLs and sizes now; the files are written in the background (eleventy-img de-duplicates).
  const image = eleventyImage();
  const metadata = image.statsSync(file, imageOptions);
  options.generate(
    region?.enabled ? cachedVariants(file, imageOptions, variantNames(metadata), region) : image(file, imageOptions),
  );
  const { src: _src, width: _width, height: _height, ...rest } = htmlAttributes;
  return image.generateHTML(metadata, { ...rest, src: file });
}

/** The file names of an image's variants, from eleventy-img's stats (`{ webp: [{ outputPath }], … }`). */
function variantNames(metadata: unknown): string[] {
  return Object.values(metadata as Record<string, Array<{ outputPath: string }>>)
    .flat()
    .map((variant) => path.basename(variant.outputPath));
}

/**
 * Makes the variants missing from the cache (into a folder of this process, then renamed in, so another build never
 * copies a half-written file) and copies all of them into the output folder.
 */
async function cachedVariants(
  file: string,
  imageOptions: ImageOptions,
  names: string[],
  region: CacheRegion,
): Promise<void> {
  const stored = names.map((name) => region.entry(name));
  try {
    if (stored.every((variant) => existsSync(variant))) region.hit();
    else {
      region.miss();
      const scratch = path.join(region.dir, `.tmp-${process.pid}-${contentHash([file])}`);
      await eleventyImage()(file, { ...imageOptions, outputDir: scratch });
      for (const name of names) await rename(path.join(scratch, name), path.join(region.dir, name));
      await rm(scratch, { recursive: true, force: true });
    }
    await mkdir(imageOptions.outputDir, { recursive: true });
    for (const name of names) await copyFile(path.join(region.dir, name), path.join(imageOptions.outputDir, name));
  } catch {
    // Pruned by another build meanwhile, or a cache folder that cannot be written: make them in place (a source
    // eleventy-img cannot read fails here, with its own error).
    await eleventyImage()(file, imageOptions);
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** Rewrites every `<img>` in a raw HTML fragment; untouched (same string) when there is none. */
export function rewriteHtmlImages(html: string, inputPath: string, options: ResponsiveImageOptions): string {
  // Most blocks hold no image: one pattern test spares them the parser.
  if (!/<img\b/i.test(html)) return html;
  let rewritten = "";
  let copiedTo = 0;
  const parser: Parser = new Parser({
    onopentag(tag, attributes) {
      if (tag !== "img") return;
      const picture = pictureHtml({ ...attributes }, inputPath, options);
      if (picture === undefined) return;
      rewritten += html.slice(copiedTo, parser.startIndex) + picture;
      copiedTo = parser.endIndex + 1;
    },
  });
  parser.end(html);
  return copiedTo === 0 ? html : rewritten + html.slice(copiedTo);
}

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
  const inputDir = path.resolve(eleventyConfig.directories?.input ?? ".");
  let regionName: string | undefined;
  const options: ResponsiveImageOptions = {
    inputDir,
    outputDir: () => path.resolve(eleventyConfig.directories?.output ?? "_site"),
    // A failed image fails the build, but only once awaited below (not as an unhandled rejection).
    generate: (done) =>
      pending.push(
        done.then(
          () => undefined,
          (error: unknown) => ({ error }),
        ),
      ),
    variantCache: () => {
      regionName ??= `${BUILD_CACHE_DIR}/images-${contentHash([
        packageVersion(inputDir, "@11ty/eleventy-img"),
        packageVersion(inputDir, "sharp"),
        codeFingerprint([import.meta.url]),
      ]).slice(0, 12)}`;
      return buildCacheFor(inputDir).region("images", regionName);
    },
  };
  eleventyConfig.amendLibrary("md", (md: InstanceType<typeof MarkdownIt>) => md.use(responsiveImages, options));
  // An image replaced under `npm start` gets a new modification time, so its picture is made again.
  eleventyConfig.on("eleventy.before", () => fileStamps.clear());
  eleventyConfig.on("eleventy.after", async () => {
    // The wait after rendering: most images were made while pages rendered.
    const results = await timePhase("images", () => Promise.all(pending.splice(0)), { concurrent: true });
    const failure = results.find((result) => result !== undefined);
    if (failure) throw failure.error;
  });
}
