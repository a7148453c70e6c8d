// axe-core (via @axe-core/playwright, in Debian's Chromium) on the home page, the seed post, a tag page,
// and the seed post's demo once mounted and once it has run: no serious or critical violations.
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveInChromium, type ServedSite } from "./helpers/servedSite.ts";
import { SEED_POST_URL as SEED_POST } from "./helpers/fixtures.ts";
import { repoSite } from "./helpers/sharedSites.ts";
import { expectBuilt } from "./helpers/site.ts";

const DEMO = "[data-demo='gpu-vs-cpu-matmul']";

let close: ServedSite["close"] | undefined;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  const site = expectBuilt(await repoSite());
  ({ baseUrl, browser, close } = await serveInChromium(site.output));
});

afterAll(async () => {
  await close?.();
});

/** Serious and critical violations, one line each: rule, impact, and the elements it found. */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
}

async function open(url: string, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  // AxeBuilder needs a page from an explicit context.
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  // The context goes with its page; it may already be gone when the browser closes first.
  page.on("close", () => {
    context.close().catch(() => undefined);
  });
  await page.goto(`${baseUrl}${url}`);
  return page;
}

describe("no serious or critical axe violations", () => {
  for (const [name, url] of [
    ["home", "/"],
    ["the seed post", SEED_POST],
    ["a tag page", "/tags/gpu/"],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      it(`${name} (${scheme})`, async () => {
        const page = await open(url, scheme);
        expect(await seriousViolations(page)).toEqual([]);
        await page.close();
      });
    }
  }

  it("the seed post's demo, mounted after scrolling to it", async () => {
    const page = await open(SEED_POST);
    await page.locator(DEMO).scrollIntoViewIfNeeded();
    await page.waitForSelector(".mm-demo[data-state='idle']", { timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it("the seed post's demo after it has run", async () => {
    const page = await open(`${SEED_POST}#sizes=64&backends=js-ijk,webgl2`);
    await page.locator(DEMO).scrollIntoViewIfNeeded();
    await page.waitForSelector(".mm-demo[data-state='idle']", { timeout: 60_000 });
    await page.click(".mm-run");
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>(".mm-demo")?.dataset["state"] === "done",
      null,
      { timeout: 180_000 },
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it("axe does report a violation when there is one (the check can fail)", async () => {
    const page = await open("/");
    await page.evaluate(() =>
      document
        .querySelector("main")!
        .insertAdjacentHTML("beforeend", '<img src="/public/favicon.svg"><button></button>'),
    );
    expect((await seriousViolations(page)).join("\n")).toMatch(/image-alt|button-name/);
    await page.close();
  });
});
