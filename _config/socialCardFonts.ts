// The font files a social card is drawn with, apart from the drawing code (socialCardImage.ts), so the card cache's
// key (socialCards.ts) can hash them without loading satori and resvg.
import { createRequire } from "node:module";

/** Inter's Latin and Latin Extended subsets, regular and bold (@fontsource/inter, OFL). */
export const CARD_FONT_FILES = [
  ["inter-latin-400-normal.woff", 400],
  ["inter-latin-ext-400-normal.woff", 400],
  ["inter-latin-700-normal.woff", 700],
  ["inter-latin-ext-700-normal.woff", 700],
] as const;

export function cardFontPath(file: string): string {
  return createRequire(import.meta.url).resolve(`@fontsource/inter/files/${file}`);
}
