// The look, checked in real Chromium at a phone's and a desktop's width, light and dark: nothing scrolls sideways,
// the first heading has room below the header, the demo breaks out of the text column on a wide screen, text has
// enough contrast (axe), and a full-page screenshot of each lands in test-results/visual/ for a person to look at.
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveInChromium, type ServedSite } from "./helpers/servedSite.ts";
import { buildFixtureSite, expectBuilt, repoRoot } from "./helpers/site.ts";

const SEED_FILE = "posts/2018-10-31-why-gpu-is-important-for-training-deeplearning-models.md";
const SEED_POST = "/stories/2018/10/31/why-gpu-is-important-for-training-deeplearning-models.html";
const SMALL_DEMO_POST = "/2023/05/01/a-small-demo.html";
const PAGES = [
  ["home", "/"],
  ["code-post", "/notes/2024/03/02/code-and-figures.html"],
  ["seed-post", SEED_POST],
  ["tag", "/tags/gpu/"],
  ["archive", "/archive/"],
  ["search", "/search/?q=gpu"],
] as const;
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;
const SCHEMES = ["light", "dark"] as const;
const SCREENSHOTS = path.join(repoRoot, "test-results/visual");
/** The least room between the header's bottom edge and the first heading (issue 15). */
const MIN_HEADING_GAP = 12;

let served: ServedSite;

beforeAll(async () => {
  const site = expectBuilt(
    buildFixtureSite({
      posts: "test/fixtures/visual/posts",
      demos: "test/fixtures/visual/demos",
      files: { [SEED_FILE]: readFileSync(path.join(repoRoot, SEED_FILE), "utf8") },
    }),
  );
  served = await serveInChromium(site.output);
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await served?.close();
});

async function open(
  url: string,
  viewport: (typeof VIEWPORTS)[number],
  colorScheme: (typeof SCHEMES)[number],
): Promise<Page> {
  const context = await served.browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.on("close", () => {
    context.close().catch(() => undefined);
  });
  await page.goto(`${served.baseUrl}${url}`, { waitUntil: "load" });
  return page;
}

/** Mounts the seed post's demo (it mounts near the viewport), then goes back to the top for the screenshot. */
async function mountDemo(page: Page): Promise<void> {
  await page.locator("[data-demo]").scrollIntoViewIfNeeded();
  await page.waitForSelector(".mm-demo[data-state='idle']", { timeout: 60_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
}

describe("the look at 390 and 1280 px, light and dark", () => {
  for (const [name, url] of PAGES) {
    for (const viewport of VIEWPORTS) {
      for (const scheme of SCHEMES) {
        it(`${name} at ${viewport.width} px, ${scheme}`, async () => {
          const page = await open(url, viewport, scheme);
          if (url === SEED_POST) await mountDemo(page);

          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow, "the page scrolls sideways").toBeLessThanOrEqual(0);

          const gap = await page.evaluate(() => {
            const header = document.querySelector(".site-header")!.getBoundingClientRect();
            const heading = [...document.querySelectorAll("main :is(h1, h2)")].find(
              (h) => h.getBoundingClientRect().height > 1,
            )!;
            return heading.getBoundingClientRect().top - header.bottom;
          });
          expect(gap).toBeGreaterThanOrEqual(MIN_HEADING_GAP);

          const { violations } = await new AxeBuilder({ page }).withRules(["color-contrast"]).analyze();
          expect(violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(" ")}`))).toEqual([]);

          // Lazy images load only near the viewport: load them all, so the full-page screenshot shows them.
          await page.evaluate(() =>
            Promise.all(
              [...document.images].map((img) => ((img.loading = "eager"), img.decode().catch(() => undefined))),
            ),
          );
          await page.screenshot({
            path: path.join(SCREENSHOTS, `${name}-${viewport.width}-${scheme}.png`),
            fullPage: true,
          });
          await page.close();
        });
      }
    }
  }

  it("the demo is wider than the text column at 1280 px, and the phone gives it the whole width", async () => {
    const wide = await open(SEED_POST, VIEWPORTS[1], "light");
    await mountDemo(wide);
    const desktop = await wide.evaluate(() => ({
      demo: document.querySelector("[data-demo]")!.getBoundingClientRect().width,
      text: document.querySelector(".post-content > p")!.getBoundingClientRect().width,
    }));
    expect(desktop.demo).toBeGreaterThan(desktop.text + 100);
    await wide.close();

    const phone = await open(SEED_POST, VIEWPORTS[0], "light");
    const demoWidth = await phone.evaluate(() => document.querySelector("[data-demo]")!.getBoundingClientRect().width);
    expect(demoWidth).toBe(VIEWPORTS[0].width);
    await phone.close();
  });

  it("keeps the contents beside the text at 1280 px while the post scrolls, and above the text on a phone", async () => {
    const wide = await open(PAGES[1][1], VIEWPORTS[1], "light");
    const place = () =>
      wide.evaluate(() => {
        const toc = document.querySelector(".toc")!.getBoundingClientRect();
        const text = document.querySelector(".post-content > p")!.getBoundingClientRect();
        return { tocRight: toc.right, textLeft: text.left, tocTop: toc.top, viewport: innerHeight };
      });
    const before = await place();
    expect(before.tocRight).toBeLessThanOrEqual(before.textLeft);
    await wide.evaluate(() => document.getElementById("lists-and-quotes")!.scrollIntoView());
    const after = await place();
    expect(after.tocTop).toBeGreaterThanOrEqual(0);
    expect(after.tocTop).toBeLessThan(after.viewport / 2);
    await wide.close();

    const phone = await open(PAGES[1][1], VIEWPORTS[0], "light");
    const stacked = await phone.evaluate(() => ({
      tocBottom: document.querySelector(".toc")!.getBoundingClientRect().bottom,
      textTop: document.querySelector(".post-content > p")!.getBoundingClientRect().top,
    }));
    expect(stacked.tocBottom).toBeLessThanOrEqual(stacked.textTop);
    await phone.close();
  });

  it("tag pills and code never share a style: Prism's .token.tag is no pill", async () => {
    const page = await open(PAGES[1][1], VIEWPORTS[1], "light");
    const styles = await page.evaluate(() => {
      const style = (el: Element) => ({
        radius: getComputedStyle(el).borderTopLeftRadius,
        border: getComputedStyle(el).borderTopWidth,
      });
      return { token: style(document.querySelector("pre .token.tag")!), pill: style(document.querySelector("a.tag")!) };
    });
    expect(styles.token).toEqual({ radius: "0px", border: "0px" });
    expect(styles.pill.radius).not.toBe("0px");
    await page.close();
  });

  it("a mounted demo keeps the title its region is labelled by", async () => {
    const page = await open(SMALL_DEMO_POST, VIEWPORTS[1], "light");
    await page.waitForSelector(".hello-note");
    const label = await page.evaluate(() => {
      const region = document.querySelector("[data-demo]")!;
      return document.getElementById(region.getAttribute("aria-labelledby")!)?.closest("[data-demo]") === region;
    });
    expect(label).toBe(true);
    await page.close();
  });
});
