// Site search: `npm run build` writes Pagefind's index of the posts, and /search/ finds them in Chromium,
// under a path prefix and served as `npm run preview` serves it (no network), with WebAssembly allowed there only.
import { existsSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPreview } from "../cli/preview.ts";
import { headersForPath, parseHeadersFile } from "../server/headersFile.ts";
import { launchChromium } from "./helpers/chromium.ts";
import { attributeOf, selectAll, selectOne } from "./helpers/html.ts";
import { buildFixtureSite, expectBuilt, readDocument, type BuiltSite } from "./helpers/site.ts";

const PREFIX = "/blog/";

let site: BuiltSite;
let server: Server;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  site = expectBuilt(
    await buildFixtureSite(
      { posts: "test/fixtures/visual/posts", demos: "test/fixtures/visual/demos" },
      { env: { PATH_PREFIX: PREFIX, SITE_URL: "https://example.org" } },
    ),
  );
  ({ server, url: baseUrl } = await startPreview({
    root: site.output,
    port: 0,
    host: "127.0.0.1",
    pathPrefix: PREFIX,
  }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Opens a page and collects console errors (a CSP violation is one) and uncaught exceptions. */
async function open(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(new URL(url, baseUrl).href);
  return { page, problems };
}

async function resultLinks(page: Page): Promise<Array<{ text: string; href: string }>> {
  await page.waitForSelector(".search-results a");
  return page.$$eval(".search-results a", (links) =>
    links.map((a) => ({ text: a.textContent ?? "", href: a.getAttribute("href") ?? "" })),
  );
}

describe("site search", () => {
  it("indexes the posts, and only the posts", () => {
    expect(existsSync(path.join(site.output, "pagefind/pagefind.js"))).toBe(true);
    const entry = JSON.parse(readFileSync(path.join(site.output, "pagefind/pagefind-entry.json"), "utf8")) as {
      languages: Record<string, { page_count: number }>;
    };
    expect(Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0)).toBe(3);
  });

  it("finds a post from ?q= under the path prefix, with the match marked", async () => {
    const { page, problems } = await open("search/?q=bandwidth");
    expect(await resultLinks(page)).toEqual([
      { text: "A short note on memory bandwidth", href: `${PREFIX}notes/2024/02/01/a-short-note.html` },
    ]);
    expect(await page.locator(".search-excerpt mark").first().textContent()).toMatch(/bandwidth/i);
    expect(await page.locator("input#search-query").getAttribute("type")).toBe("search");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("searches as the reader types, and says when nothing matches", async () => {
    const { page, problems } = await open("search/");
    await page.fill("#search-query", "kernels");
    expect((await resultLinks(page)).map((link) => link.text)).toEqual([
      "Kernels, tables and a figure: a post that uses every block",
    ]);
    await page.fill("#search-query", "zzzqqq");
    await expect.poll(() => page.textContent(".search-status")).toMatch(/No posts match/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("allows WebAssembly on the search page only, and links the page from every header", () => {
    const rules = parseHeadersFile(readFileSync(path.join(site.output, "_headers"), "utf8"));
    const policy = (url: string) => headersForPath(rules, url).get("content-security-policy")?.value ?? "";
    expect(policy("/search/")).toContain("'wasm-unsafe-eval'");
    expect(policy("/")).not.toContain("wasm-unsafe-eval");
    expect(
      attributeOf(selectOne('meta[http-equiv="Content-Security-Policy"]', readDocument(site, "/search/")), "content"),
    ).toContain("'wasm-unsafe-eval'");
    expect(attributeOf(selectOne(".site-header a[href$='/search/']", readDocument(site, "/")), "href")).toBe(
      `${PREFIX}search/`,
    );
    expect(selectAll("script[src]", readDocument(site, "/"))).toHaveLength(0);
  });
});
