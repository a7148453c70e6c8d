// The first post, built from the repo as the blogger will publish it.
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { SEED_POST_URL as SEED_URL } from "./helpers/fixtures.ts";
import { getAttributeValue, selectAll, selectOne, textContent } from "./helpers/html.ts";
import { serveInChromium } from "./helpers/servedSite.ts";
import { repoSite } from "./helpers/sharedSites.ts";
import { expectBuilt, fileForUrl, readDocument, type BuiltSite } from "./helpers/site.ts";

let site: BuiltSite;

beforeAll(async () => {
  site = expectBuilt(await repoSite());
});

describe("the seed post", () => {
  it("is at its Jekyll URL, with its text repaired", () => {
    const page = readDocument(site, SEED_URL);
    expect(textContent(selectOne("h1", page)!)).toBe("Why GPU is Important for training Deeplearning Models");
    const text = textContent(selectOne(".post-content", page)!);
    expect(text).toContain("it is 💚");
    expect(text).toContain("It’s a Jupyter notebook");
    expect(text).not.toMatch(/ðŸ|â€/);
    expect(getAttributeValue(selectOne("article time", page)!, "datetime")).toBe("2018-10-31T00:00:00Z");
  });

  it("captions its image with a figure, links it with an encoded URL, and sizes it", () => {
    const figure = selectOne(".post-content figure", readDocument(site, SEED_URL))!;
    const attribute = (selector: string, name: string) => getAttributeValue(selectOne(selector, figure)!, name);
    expect(textContent(selectOne("figcaption", figure)!).trim()).toBe('"Out Of Memory when training"');
    expect(attribute("a", "href")).toBe("/public/img/Killed%20.png");
    expect(existsSync(fileForUrl(site.output, "/public/img/Killed%20.png"))).toBe(true);
    expect(attribute("img", "alt")).toBe("Out of Memory");
    expect(attribute("img", "width")).toBe("960");
    expect(attribute("img", "height")).toBe("420");
    expect(existsSync(fileForUrl(site.output, attribute("img", "src")!))).toBe(true);
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
      const [phone, laptop] = await Promise.all([
        chosen({ width: 412, height: 823 }, 1.75),
        chosen({ width: 1280, height: 800 }, 2),
      ]);
      expect(phone).toMatch(/-720\.webp$/);
      expect(laptop).toMatch(/-960\.webp$/);
    } finally {
      await served.close();
    }
  });

  it("is listed on its tag and category pages", () => {
    for (const url of ["/tags/neural-network/", "/tags/deep-learning/", "/tags/gpu/", "/stories/", "/"]) {
      const links = selectAll(".post-summary h2 a, .archive-list a", readDocument(site, url)).map((a) =>
        getAttributeValue(a, "href"),
      );
      expect(links, url).toContain(SEED_URL);
    }
  });
});
