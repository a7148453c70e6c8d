// Social cards: each post gets a 1200×630 PNG (socialCardImage.ts) at /assets/cards/<content hash>.png, drawn
// once and kept in .cache/social-cards/ by the same hash (a region of the build cache, buildCache.ts), so a build
// redraws only cards whose text changed. The hash covers the text, the design, the fonts and the renderers' versions.
// Exposed as the computed `socialCard` ({ path, width, height, alt }: jekyll-seo-tag's `image:` shape), which
// the SEO partial uses when the post names no `image:` of its own.
import type { UserConfig } from "@11ty/eleventy";
import { createHash } from "node:crypto";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { buildCacheFor, codeFingerprint, contentHash, fileBytes, packageVersion } from "./buildCache.ts";
import { CARD_FONT_FILES, cardFontPath } from "./socialCardFonts.ts";
import { existsSync } from "node:fs";
import path from "node:path";
import { startPhase } from "./buildPhases.ts";
import { readableDate } from "./jekyllDate.ts";
import { pageImage, type SocialImage } from "./seo.ts";
import type { SiteData } from "./siteSettings.ts";
import { postTags } from "./jekyllPermalink.ts";
import type { CardText } from "./socialCardImage.ts";
import { CARD_DESIGN_VERSION, CARD_HEIGHT, CARD_WIDTH } from "./socialCardSize.ts";

export interface SocialCardsOptions {
  siteTitle: string;
  /**
   * `social_cards: true` in _config.yml turns cards on. Off by default: drawing costs 25–50 ms a card, so a blog of
   * 1,000 posts spends 30–50 CPU-seconds on its first build (later builds copy them from .cache/social-cards/).
   */
  enabled?: boolean;
  /** Where drawn cards are kept between builds, relative to the input folder. */
  cacheDir?: string;
  /** URL folder of the cards; under /assets/, so `_headers` caches them for a year. */
  urlPath?: string;
}

export interface SocialCard {
  path: string;
  width: number;
  height: number;
  alt: string;
}

let rendererFingerprint: string | undefined;

/** What draws a card besides its text: the drawing code, its fonts, and satori's and resvg's versions. Read once. */
export function cardRenderer(): string {
  const root = process.cwd();
  rendererFingerprint ??= contentHash([
    codeFingerprint([new URL("./socialCardImage.ts", import.meta.url).href]),
    packageVersion(root, "satori"),
    packageVersion(root, "@resvg/resvg-js"),
    ...CARD_FONT_FILES.map(([file]) => fileBytes(cardFontPath(file))),
  ]);
  return rendererFingerprint;
}

/** The card's file name: its text, design and renderer, hashed. */
export function cardHash(text: CardText, renderer = cardRenderer()): string {
  return createHash("sha256")
    .update(JSON.stringify([CARD_DESIGN_VERSION, text, renderer]))
    .digest("hex")
    .slice(0, 16);
}

/** For the SEO plugin's `fallbackImage`: a post's card as its shared picture when it names no `image:`. */
export function socialCardFallback(data: Record<string, unknown>): SocialImage | null {
  return data.socialCard && data.site ? pageImage(data.socialCard, data.site as SiteData) : null;
}

interface EleventyResult {
  inputPath: string;
  outputPath: string | false;
}

export default function socialCards(eleventyConfig: UserConfig, options: SocialCardsOptions): void {
  if (!options?.siteTitle) throw new Error("socialCards plugin: the `siteTitle` option is required");
  const { siteTitle, enabled = true, cacheDir = ".cache/social-cards", urlPath = "/assets/cards/" } = options;
  /** The card each post wants, by input file; a page Eleventy did not write gets none. */
  const wanted = new Map<string, { hash: string; text: CardText }>();

  // Eleventy calls a function given as global data once: this one returns the computed-data function.
  eleventyConfig.addGlobalData(
    "eleventyComputed.socialCard",
    () =>
      (data: Record<string, unknown>): SocialCard | null => {
        const page = data.page as { inputPath: string; date: Date } | undefined;
        if (!enabled || data.isPost !== true || typeof data.title !== "string" || !page) return null;
        const text: CardText = {
          title: data.title,
          date: readableDate(page.date),
          siteTitle,
          tags: postTags({ tags: data.jekyllTags }),
        };
        const hash = cardHash(text);
        wanted.set(page.inputPath, { hash, text });
        return {
          path: `${urlPath}${hash}.png`,
          width: CARD_WIDTH,
          height: CARD_HEIGHT,
          alt: `${text.title} · ${siteTitle}`,
        };
      },
  );

  eleventyConfig.on(
    "eleventy.after",
    async ({
      directories,
      results,
      runMode,
    }: {
      directories: { input: string; output: string };
      results: EleventyResult[];
      runMode: string;
    }) => {
      // Drawing is ~0.15 s a card: `npm start` (serve/watch) leaves it to `npm run build`, where sharing happens.
      if (runMode !== "build") return;
      const endPhase = startPhase("social cards", { concurrent: true });
      const region = buildCacheFor(directories.input).region("social-cards", cacheDir);
      const output = path.join(directories.output, urlPath);
      await mkdir(output, { recursive: true });
      const written = new Set(results.filter((result) => result.outputPath).map((result) => result.inputPath));
      const cards = new Map(
        [...wanted].filter(([inputPath]) => written.has(inputPath)).map(([, card]) => [card.hash, card.text]),
      );
      // One at a time: satori and resvg are CPU-bound, and a build has no spare core to give them.
      for (const [hash, text] of cards) {
        const cached = region.entry(`${hash}.png`);
        const target = path.join(output, `${hash}.png`);
        // Another `eleventy.after` check may fail the build meanwhile, and the build then removes its staging
        // folder: stop quietly instead of failing (and crashing the process) on a folder that is gone.
        const whileOutputExists = (error: unknown): void => {
          if (existsSync(output)) throw error;
        };
        if (region.enabled && existsSync(cached)) {
          region.hit();
          // Pruned by another build since the check: draw it below.
          if (
            await copyFile(cached, target).then(
              () => true,
              () => false,
            )
          )
            continue;
        } else region.miss();
        const { renderCardPng } = await import("./socialCardImage.ts");
        const png = await renderCardPng(text);
        await region.writeFile(`${hash}.png`, png);
        if (!existsSync(output)) return;
        await writeFile(target, png).catch(whileOutputExists);
      }
      endPhase();
    },
  );
}
