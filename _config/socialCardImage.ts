// A post's social card: a 1200×630 PNG with its title, date and the site's name, in the site's dark look.
// Laid out by satori (flexbox to SVG, with a shipped font so every machine draws the same card) and rasterised
// by resvg. https://github.com/vercel/satori#documentation
import { Resvg } from "@resvg/resvg-js";
import { readFile } from "node:fs/promises";
import satori, { type Font } from "satori";
import { CARD_FONT_FILES, cardFontPath } from "./socialCardFonts.ts";
import { CARD_HEIGHT, CARD_WIDTH } from "./socialCardSize.ts";

export { CARD_DESIGN_VERSION, CARD_HEIGHT, CARD_WIDTH } from "./socialCardSize.ts";

export interface CardText {
  title: string;
  /** As readers see it, e.g. "31 October 2018". */
  date: string;
  siteTitle: string;
  tags: string[];
}

/** The site's dark palette (public/css/site.css). */
const COLORS = { bg: "#111318", fg: "#e7e9ee", muted: "#a4abb9", accent: "#8fb2ff", border: "#2b303a" };
/** Longer titles are cut at a word with an ellipsis: five lines at the smallest size is the most that fits. */
const MAX_TITLE_CHARS = 150;

let fonts: Promise<Font[]> | undefined;

function loadFonts(): Promise<Font[]> {
  fonts ??= Promise.all(
    CARD_FONT_FILES.map(async ([file, weight]) => ({
      name: "Inter",
      data: await readFile(cardFontPath(file)),
      weight,
      style: "normal" as const,
    })),
  );
  return fonts;
}

export function shortenTitle(title: string, max = MAX_TITLE_CHARS): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max * 0.6)).trimEnd()}…`;
}

/** Big titles for short headlines, smaller for long ones, so each fits in the card. */
export function titleFontSize(title: string): number {
  if (title.length <= 40) return 72;
  if (title.length <= 80) return 60;
  return 48;
}

/** A node of satori's element tree (React's shape, without React). */
interface Node {
  type: string;
  props: { style?: Record<string, string | number>; children?: Array<Node | string> | Node | string };
}

function h(type: string, style: Node["props"]["style"], ...children: Array<Node | string>): Node {
  return { type, props: { style, children } };
}

function cardTree({ title, date, siteTitle, tags }: CardText): Node {
  const shown = shortenTitle(title);
  // satori sizes boxes without box-sizing: the frame has the card's size, the margin of its child is the padding.
  return h(
    "div",
    {
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      display: "flex",
      background: COLORS.bg,
      color: COLORS.fg,
      fontFamily: "Inter",
      borderTop: `12px solid ${COLORS.accent}`,
    },
    h(
      "div",
      {
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        flexGrow: 1,
        margin: "52px 72px 56px",
      },
      h("div", { display: "flex", fontSize: 30, fontWeight: 700, color: COLORS.accent }, siteTitle),
      h(
        "div",
        {
          display: "flex",
          fontSize: titleFontSize(shown),
          fontWeight: 700,
          lineHeight: 1.15,
          letterSpacing: "-0.02em",
        },
        shown,
      ),
      h(
        "div",
        {
          display: "flex",
          justifyContent: "space-between",
          fontSize: 28,
          color: COLORS.muted,
          borderTop: `2px solid ${COLORS.border}`,
          paddingTop: 26,
        },
        h("div", { display: "flex" }, date),
        h(
          "div",
          { display: "flex" },
          tags
            .slice(0, 3)
            .map((tag) => `#${tag.replace(/\s+/g, "")}`)
            .join("   "),
        ),
      ),
    ),
  );
}

/** The card as SVG (text drawn as paths, so it needs no font where it is rasterised). */
export async function renderCardSvg(text: CardText): Promise<string> {
  return satori(cardTree(text), {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: await loadFonts(),
  });
}

export async function renderCardPng(text: CardText): Promise<Buffer> {
  return new Resvg(await renderCardSvg(text), {
    fitTo: { mode: "width", value: CARD_WIDTH },
    font: { loadSystemFonts: false },
  })
    .render()
    .asPng();
}
