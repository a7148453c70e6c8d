// The first post, built from the repo as the blogger will publish it.
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { serveInChromium } from "./helpers/servedSite.ts";
import { SEED_POST_URL as SEED_URL } from "./helpers/fixtures.ts";
import { repoSite } from "./helpers/sharedSites.ts";
import { expectBuilt, fileForUrl, readPage, type BuiltSite } from "./helpers/site.ts";

let site: BuiltSite;

beforeAll(async () => {
  site = expectBuilt(await repoSite());
});

describe("the seed post", () => {
  it("is at its Jekyll URL, with its text repaired", () => {
    const page = readPage(site, SEED_URL);
    expect(page.querySelector("h1")?.textContent).toBe("Why GPU is Important for training Deeplearning Models");
    const text = page.querySelector(".post-content")!.textContent;
    expect(text).toContain("it is 💚");
    expect(text).toContain("It’s a Jupyter notebook");
    expect(text).not.toMatch(/ðŸ|â€/);
    expect(page.querySelector("article time")?.getAttribute("datetime")).toBe("2018-10-31T00:00:00Z");
  });

  it("captions its image with a figure, links it with an encoded URL, and sizes it", () => {
    const figure = readPage(site, SEED_URL).querySelector(".post-content figure")!;
    expect(figure.querySelector("figcaption")?.textContent.trim()).toBe('"Out Of Memory when training"');
    const link = figure.querySelector("a")!;
    expect(link.getAttribute("href")).toBe("/public/img/Killed%20.png");
    expect(existsSync(fileForUrl(site.output, "/public/img/Killed%20.png"))).toBe(true);
    const img = figure.querySelector("img")!;
    expect(img.getAttribute("alt")).toBe("Out of Memory");
    expect(img.getAttribute("width")).toBe("960");
    expect(img.getAttribute("height")).toBe("420");
    expect(existsSync(fileForUrl(site.output, img.getAttribute("src")!))).toBe(true);
  });

  it("makes Chromium fetch the image at the size it is shown: 720 px on a phone, 960 px on a 2× laptop", async () => {
    const served = await serveInChromium(site.output);
    try {
      const chosen = async (
        viewport: { width: number; height: number },
        deviceScaleFactor: number,
      ): Promise<string> => {
        const context = await served.browser.newContext({ viewport, deviceScaleFactor });
        const page = await context.newPage();
        await page.goto(`${served.baseUrl}${SEED_URL}`);
        const img = page.locator(".post-content figure img");
        await img.scrollIntoViewIfNeeded();
        await img.evaluate((element: HTMLImageElement) => element.decode());
        const source = await img.evaluate((element: HTMLImageElement) => element.currentSrc);
        await context.close();
        return source;
      };
      expect(await chosen({ width: 412, height: 823 }, 1.75)).toMatch(/-720\.webp$/);
      expect(await chosen({ width: 1280, height: 800 }, 2)).toMatch(/-960\.webp$/);
    } finally {
      await served.close();
    }
  });

  it("is listed on its tag and category pages", () => {
    for (const url of ["/tags/neural-network/", "/tags/deep-learning/", "/tags/gpu/", "/stories/", "/"]) {
      const links = readPage(site, url)
        .querySelectorAll(".post-summary h2 a, .archive-list a")
        .map((a) => a.getAttribute("href"));
      expect(links, url).toContain(SEED_URL);
    }
  });
});
