// The demo pipeline in real Chromium: nothing heavy loads until the placeholder nears the viewport, then the
// demo mounts (with its CSS and worker, under the site's CSP and COOP/COEP from `_headers`).
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPreview } from "../_config/cli/preview.ts";
import { launchChromium } from "./helpers/chromium.ts";
import { DEMO_FIXTURE, DEMO_PAGE_INITIAL_BUDGET as BYTE_BUDGET } from "./helpers/fixtures.ts";
import { fixtureSite } from "./helpers/sharedSites.ts";
import { buildFixtureSite, expectBuilt, repoRoot, type BuiltSite } from "./helpers/site.ts";

const COUNTER_POST = "notes/2024/01/01/counter-demo.html";

interface Served {
  url: string;
  server: Server;
}

async function serve(root: string): Promise<Served> {
  const { server, url } = await startPreview({ root, port: 0, host: "127.0.0.1" });
  return { server, url };
}

/** A page that records every request and every console error or uncaught exception. */
async function openRecording(browser: Browser, viewport = { width: 1000, height: 700 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return { context, page, requests, problems };
}

/** The loader and what it imports statically: the only demo scripts a page may fetch before a demo is near. */
function loaderFiles(output: string, pagePath: string): Set<string> {
  const html = readFileSync(path.join(output, pagePath), "utf8");
  const loader = /src="(\/assets\/demos\/loader-[A-Z0-9]{8}\.js)"/.exec(html)![1]!;
  const files = new Set<string>();
  const visit = (url: string): void => {
    files.add(url);
    const source = readFileSync(path.join(output, url), "utf8");
    for (const match of source.matchAll(/(?:\bfrom|\bimport)\s*"(\.\/[^"]+)"/g))
      visit(new URL(match[1]!, `http://site${url}`).pathname);
  };
  visit(loader);
  return files;
}

/** Demo scripts fetched that are not the loader's: the heavy parts. */
function heavyRequests(requests: string[], allowed: Set<string>): string[] {
  return requests.filter((url) => /\/assets\/demos\/.*\.js$/.test(url) && !allowed.has(new URL(url).pathname));
}

function mountedState(page: Page, name: string): Promise<string | undefined> {
  return page.$eval(`[data-demo="${name}"]`, (el) => (el as HTMLElement).dataset.demoState);
}

describe("demos in Chromium", () => {
  let site: BuiltSite;
  let browser: Browser;
  let served: Served;

  beforeAll(async () => {
    site = expectBuilt(await fixtureSite("demo"));
    [browser, served] = await Promise.all([launchChromium(), serve(site.output)]);
  });
  afterAll(async () => {
    await browser?.close();
    served?.server.close();
  });

  it("loads nothing heavy until the demo is scrolled near, then mounts it", async () => {
    const { context, page, requests, problems } = await openRecording(browser);
    await page.goto(served.url + COUNTER_POST, { waitUntil: "networkidle" });
    // The loader ran (it reveals the Run button) but has not imported the demo.
    await expect
      .poll(() => page.$eval("[data-demo-run]", (button) => (button as HTMLButtonElement).hidden))
      .toBe(false);
    const loader = loaderFiles(site.output, COUNTER_POST);
    expect(heavyRequests(requests, loader)).toEqual([]);
    expect(requests.filter((url) => url.includes("/assets/demos/loader-"))).toHaveLength(1);
    expect(await mountedState(page, "counter")).toBeUndefined();

    const upFrontBytes = requests
      .map((url) => new URL(url))
      .filter((url) => url.origin === new URL(served.url).origin)
      .reduce(
        (sum, url) => sum + gzipSync(readFileSync(path.join(site.output, decodeURIComponent(url.pathname)))).length,
        0,
      );
    console.log(`Chromium, before near view: ${requests.length} requests, ${upFrontBytes} B gzipped`);
    expect(upFrontBytes).toBeLessThan(BYTE_BUDGET);

    await page.locator('[data-demo="counter"]').scrollIntoViewIfNeeded();
    await page.locator('[data-mounted="counter"]').waitFor();
    expect(heavyRequests(requests, loader).some((url) => /\/assets\/demos\/counter-[A-Z0-9]{8}\.js$/.test(url))).toBe(
      true,
    );
    expect(await mountedState(page, "counter")).toBe("mounted");
    // keepNames kept the class name; the demo's CSS is linked; its module worker runs under the CSP.
    expect(await page.$eval(".counter-demo", (el) => (el as HTMLElement).dataset.className)).toBe("CounterDemo");
    expect(await page.$eval(".counter-demo", (el) => getComputedStyle(el).borderTopColor)).toBe("rgb(0, 128, 0)");
    await page.locator(".counter-demo button").click();
    await expect.poll(() => page.textContent(".counter-demo output")).toBe("squared: 1");
    // `_headers` gives the demo page COOP/COEP, so SharedArrayBuffer is available.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("mounts a far-away demo when the reader presses Run", async () => {
    const { context, page, requests } = await openRecording(browser);
    await page.goto(served.url + COUNTER_POST, { waitUntil: "networkidle" });
    expect(heavyRequests(requests, loaderFiles(site.output, COUNTER_POST))).toEqual([]);
    // A click event without scrolling: only the button can have started it.
    await page.locator("[data-demo-run]").dispatchEvent("click");
    await page.locator('[data-mounted="counter"]').waitFor();
    expect(await page.evaluate(() => scrollY)).toBe(0);
    await context.close();
  });

  it("mounts a demo already in view at once, and shows a message when a demo fails to mount", async () => {
    const { context, page, problems } = await openRecording(browser);
    await page.goto(`${served.url}notes/2024/01/02/sparkline-demo.html`);
    await page.locator('[data-mounted="sparkline"] polyline').waitFor({ state: "attached" });
    await page.goto(`${served.url}notes/2024/01/04/failing-demo.html`);
    const alert = page.locator('[data-demo="failing"] [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain("This demo could not start: no WebGL in this fixture");
    expect(await mountedState(page, "failing")).toBe("failed");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("isolates a demo page through coi-serviceworker on a host that sends no headers", async () => {
    const noHeaders = mkdtempSync(path.join(tmpdir(), "blog-no-headers-"));
    cpSync(site.output, noHeaders, { recursive: true });
    rmSync(path.join(noHeaders, "_headers"));
    const plain = await serve(noHeaders);
    try {
      const { context, page } = await openRecording(browser);
      // The service worker registers, then reloads the page once it controls it.
      await page.goto(plain.url + COUNTER_POST);
      await expect.poll(() => page.evaluate(() => crossOriginIsolated), { timeout: 15_000 }).toBe(true);
      await context.close();
    } finally {
      plain.server.close();
    }
  });
});

describe("giscus comments", () => {
  const commentedPost = [
    "---",
    "layout: post",
    'title: "Commented"',
    "date: 2024-03-01",
    "comments: true",
    "---",
    ...Array.from({ length: 60 }, (_, i) => `Paragraph ${i}.\n`),
  ].join("\n");
  const siteWithComments = `${readFileSync(path.join(repoRoot, "_config.yml"), "utf8")}
comments: { provider: giscus, repo: owner/blog, repoId: R_1, category: Comments, categoryId: DIC_1 }
`;

  it("renders nothing and names no giscus URL without a provider", () => {
    const site = expectBuilt(
      buildFixtureSite({
        ...DEMO_FIXTURE,
        keepRepoDemos: ["giscus-comments"],
        files: { "posts/2024-03-01-commented.md": commentedPost },
      }),
    );
    const html = readFileSync(path.join(site.output, "2024/03/01/commented.html"), "utf8");
    expect(html).not.toContain("giscus");
    expect(html).not.toContain('class="comments"');
    expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
  });

  it("with a provider, loads only the loader until the reader nears the comments", async () => {
    expect(siteWithComments).toContain("provider: giscus");
    const site = expectBuilt(
      buildFixtureSite({
        ...DEMO_FIXTURE,
        keepRepoDemos: ["giscus-comments"],
        files: { "posts/2024-03-01-commented.md": commentedPost, "_config.yml": siteWithComments },
      }),
    );
    const html = readFileSync(path.join(site.output, "2024/03/01/commented.html"), "utf8");
    expect(html).toContain('data-demo="giscus-comments"');
    expect(html).toContain('data-repo="owner/blog"');
    // The CSP may name giscus; no element loads from it until the demo mounts.
    expect(html).not.toMatch(/(src|href)="https:\/\/giscus\.app/);
    const [browser, served] = await Promise.all([launchChromium(), serve(site.output)]);
    try {
      const { page, requests, problems } = await openRecording(browser);
      await page.route("https://giscus.app/**", (route) => route.fulfill({ contentType: "text/javascript", body: "" }));
      await page.goto(`${served.url}2024/03/01/commented.html`, { waitUntil: "networkidle" });
      const scripts = requests.filter((url) => url.endsWith(".js"));
      expect(scripts).toEqual([expect.stringMatching(/\/assets\/demos\/loader-[A-Z0-9]{8}\.js$/), ...scripts.slice(1)]);
      expect(scripts.every((url) => /\/assets\/demos\/(loader|chunk)-/.test(url))).toBe(true);
      expect(requests.some((url) => url.includes("giscus"))).toBe(false);
      await page.locator('[data-demo="giscus-comments"]').scrollIntoViewIfNeeded();
      const script = page.locator('script[src="https://giscus.app/client.js"]');
      await script.waitFor({ state: "attached" });
      expect(await script.getAttribute("data-repo-id")).toBe("R_1");
      expect(await script.getAttribute("data-mapping")).toBe("pathname");
      await expect.poll(() => requests.includes("https://giscus.app/client.js")).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      served.server.close();
    }
  });
});
