// Hostile front matter (titles, tags, categories that try to break out of HTML, XML, JSON and
// <script>) comes out as text in every output: HTML pages, the Atom feed, the sitemap, the JSON Feed
// and JSON-LD. Parsed by real parsers (Chromium's HTML and XML, JSON.parse), not by string matching.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveInChromium, type ServedSite } from "./helpers/servedSite.ts";
import { fixtureSite } from "./helpers/sharedSites.ts";
import { attributeOf, getAttributeValue, selectAll, selectOne, textContent, textOf } from "./helpers/html.ts";
import { expectBuilt, readDocument, readOutput, type BuiltSite } from "./helpers/site.ts";

const TITLE = '</script><script>alert(1)</script> "><img src=x onerror=alert(1)> ]]> & \u2028 end';
const DESCRIPTION = 'Description </script><script>alert(2)</script> "><img src=x onerror=alert(2)> ]]> & \u2028';
const TAGS = [
  "</script><script>alert(4)</script>",
  '"><img src=x onerror=alert(5)>',
  "]]>",
  "&",
  "line\u2028separator",
];
const CATEGORY = '"><img src=x onerror=alert(3)>';
const SECOND_TITLE = "A post in hostile categories ]]> &amp; &";
const POST_URL = `/${encodeURI(CATEGORY.toLowerCase())}/2018/10/31/hostile-title.html`;

let site: BuiltSite;
let browser: Browser;
let close: ServedSite["close"] | undefined;
let baseUrl: string;

beforeAll(async () => {
  site = expectBuilt(await fixtureSite("hostile"));
  ({ baseUrl, browser, close } = await serveInChromium(site.output));
});

afterAll(async () => {
  await close?.();
});

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".html"));
}

/** Parses XML with Chromium's strict parser: the document's text content, or the parser's error. */
async function parseXml(xml: string): Promise<{ error: string | null; texts: Record<string, string[]> }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, "application/xml");
      const error = doc.querySelector("parsererror")?.textContent ?? null;
      const texts: Record<string, string[]> = {};
      for (const name of ["title", "loc", "id"])
        texts[name] = [...doc.getElementsByTagName(name)].map((el) => el.textContent ?? "");
      texts["link"] = [...doc.getElementsByTagName("link")].map((el) => el.getAttribute("href") ?? "");
      return { error, texts };
    }, xml);
  } finally {
    await page.close();
  }
}

describe("HTML pages", () => {
  it("write the title, description, tags and categories as text, in elements and attributes", () => {
    const page = readDocument(site, POST_URL);
    expect(textOf(selectOne("h1", page))).toBe(TITLE);
    expect(textOf(selectOne("title", page))).toBe(`${TITLE} | GPU Notes`);
    expect(attributeOf(selectOne('meta[property="og:title"]', page), "content")).toBe(TITLE);
    expect(attributeOf(selectOne('meta[name="description"]', page), "content")).toBe(DESCRIPTION);
    expect(selectAll("a.tag", page).map((a) => textContent(a))).toEqual(TAGS);
    expect(selectAll('meta[property="article:tag"]', page).map((meta) => getAttributeValue(meta, "content"))).toEqual(
      TAGS,
    );
    expect(textOf(selectOne("a.p-category", page))).toBe(CATEGORY);
  });

  it("contain no element or script that front matter injected, on any page", () => {
    for (const file of htmlFiles(site.output)) {
      const page = readDocument(site, `/${file}`);
      expect(selectAll("img[src=x]", page), file).toHaveLength(0);
      const scripts = selectAll("script", page).filter((script) => !getAttributeValue(script, "src"));
      expect(
        scripts.map((script) => getAttributeValue(script, "type")),
        file,
      ).toEqual(scripts.map(() => "application/ld+json"));
    }
  });

  it("run no injected script in a browser, and keep the text intact", async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    for (const url of [POST_URL, "/", "/tags/", "/tags/u5d-u5d-u3e/", "/archive/"]) {
      await page.goto(`${baseUrl}${url}`);
      expect(await page.locator("img[src='x']").count(), url).toBe(0);
    }
    await page.goto(`${baseUrl}${POST_URL}`);
    expect(await page.locator("h1").textContent()).toBe(TITLE);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});

describe("JSON-LD", () => {
  it("parses, round-trips the hostile text, and cannot close its <script>", () => {
    const script = selectOne('script[type="application/ld+json"]', readDocument(site, POST_URL))!;
    // A script's text is raw (entities stay as written), as in a browser.
    const raw = textContent(script);
    expect(raw).not.toMatch(/<\/script|<!--|\u2028/i);
    const data = JSON.parse(raw) as { headline: string; description: string; keywords: string };
    expect(data.headline).toBe(TITLE);
    expect(data.description).toBe(DESCRIPTION);
    expect(data.keywords).toBe(TAGS.join(", "));
  });
});

describe("JSON Feed", () => {
  it("parses and round-trips the titles and tags, with U+2028 escaped", () => {
    const raw = readOutput(site, "/feed.json");
    expect(raw).not.toContain("\u2028");
    const feed = JSON.parse(raw) as { items: { title: string; tags: string[] }[] };
    expect(feed.items.map((item) => item.title)).toEqual([SECOND_TITLE, TITLE]);
    expect(feed.items[1]!.tags).toEqual(TAGS);
  });
});

describe("Atom feed and sitemap", () => {
  it("the Atom feed is well-formed XML with the titles as text", async () => {
    const { error, texts } = await parseXml(readOutput(site, "/feed.xml"));
    expect(error).toBeNull();
    expect(texts["title"]).toEqual(["GPU Notes", SECOND_TITLE, TITLE]);
    expect(texts["link"]).toContain(`https://example.github.io${POST_URL.replace(/ /g, "%20")}`);
  });

  // eleventy-plugin-rss 3.0.0's Atom template escapes entry URLs twice (`{% set %}…{% endset %}`, then
  // printed again), so a raw `&` came out as `&amp;amp;`; pageUrls.ts %-encodes it in `page.url` first.
  it('keeps an entry URL with & intact (category "&")', async () => {
    const { texts } = await parseXml(readOutput(site, "/feed.xml"));
    const secondUrl =
      "https://example.github.io/%3C/script%3E%3Cscript%3Ealert(6)%3C/script%3E/%5D%5D%3E/%26/2018/11/01/hostile-category.html";
    expect(texts["id"]).toContain(secondUrl);
    expect(texts["link"]).toContain(secondUrl);
  });

  it("the sitemap is well-formed XML whose URLs are the pages' URLs", async () => {
    const { error, texts } = await parseXml(readOutput(site, "/sitemap.xml"));
    expect(error).toBeNull();
    const paths = texts["loc"]!.map((loc) => decodeURIComponent(new URL(loc).pathname));
    expect(paths).toContain(decodeURIComponent(POST_URL));
    for (const sitePath of paths)
      expect(
        readFileSync(path.join(site.output, sitePath.endsWith("/") ? `${sitePath}index.html` : sitePath)),
      ).toBeTruthy();
  });
});
