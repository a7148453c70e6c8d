// Tests launch Chromium through here; the launcher itself is tools/chromium.ts, which bench/ uses too.
export { chromiumMissingMessage, findChromium, launchChromium } from "../../tools/chromium.ts";
