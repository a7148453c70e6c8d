// A social card's size and design version, apart from the drawing code (socialCardImage.ts), so a build that
// draws no card never loads satori and resvg.
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
/** Part of every card's cache key: change it when the card's look changes, so old cards are redrawn. */
export const CARD_DESIGN_VERSION = "1";
