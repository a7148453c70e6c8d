// `npm start`: a save that breaks the build shows its error (file, line, message) over the open page, and the next
// good build takes it away. Real dev server, real Chromium; `npm run build` pages never load the overlay.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./helpers/chromium.ts";
import { startDevServer, type DevServer } from "./helpers/devServer.ts";
import { fixtureSite } from "./helpers/sharedSites.ts";
import { selectAll } from "./helpers/html.ts";
import { expectBuilt, makeFixtureSite, readDocument } from "./helpers/site.ts";

const POST = "posts/2024-01-01-first.md";
const POST_URL = "/notes/2024/01/01/first.html";
const GOOD = `---\nlayout: post\ntitle: "First post"\ncategories: notes\n---\nA first paragraph.\n\nMore text.\n`;
const OVERLAY = "[data-dev-error-overlay]";

describe("npm start: the build error overlay", () => {
  let root: string;
  let dev: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    root = makeFixtureSite({ files: { [POST]: GOOD } });
    dev = await startDevServer(root);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    dev?.stop();
  });

  it("shows a broken save's file, line and message until the next good build", async () => {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${dev.port}${POST_URL}`);
    await page.waitForLoadState("networkidle");
    expect(await page.locator(OVERLAY).count()).toBe(0);

    writeFileSync(path.join(root, POST), GOOD.replace("More text.", "More text.\n\n{% nosuchtag %}"));
    const overlay = page.locator(OVERLAY);
    await overlay.waitFor({ timeout: 60_000 });
    const text = await overlay.textContent();
    // The file and line as the terminal shows them (_config/liquid/liquidErrors.ts counts from the file's top).
    expect(text).toMatch(/posts\/2024-01-01-first\.md:10:1\b/);
    expect(text).toMatch(/nosuchtag/);

    // Still there after a reload while the build is broken.
    await page.reload();
    await expect.poll(() => page.locator(OVERLAY).count()).toBe(1);

    writeFileSync(path.join(root, POST), GOOD.replace("More text.", "Fixed text."));
    await expect.poll(() => page.locator(OVERLAY).count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => page.textContent("main"), { timeout: 30_000 }).toContain("Fixed text.");
    await page.close();
  }, 180_000);

  it("is not on pages that npm run build writes", async () => {
    const site = expectBuilt(await fixtureSite("jekyll"));
    const plainPost = "/stories/2018/10/31/date-from-file-name.html";
    expect(selectAll("script", readDocument(site, plainPost))).toHaveLength(1); // the JSON-LD only
  });
});
