// The demo pipeline in real Chromium: nothing heavy loads until the placeholder nears the viewport, then the
// demo mounts (with its CSS and worker, under the site's CSP and COOP/COEP from `_headers`).
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPreview } from "../cli/preview.ts";
import { launchChromium } from "./helpers/chromium.ts";
import { COMMENTED_POST, DEMO_AND_COMMENTS_POST, GISCUS } from "./helpers/commentsSite.ts";
import { DEMO_PAGE_INITIAL_BUDGET as BYTE_BUDGET } from "./helpers/fixtures.ts";
import { fixtureSite } from "./helpers/sharedSites.ts";
import { expectBuilt, type BuiltSite } from "./helpers/site.ts";

const COUNTER_POST = "notes/2024/01/01/counter-demo.html";

interface Served {
  url: string;
  server: Server;
}

async function serve(root: string): Promise<Served> {
  const { server, url } = await startPreview({ root, port: 0, host: "127.0.0.1" });
  return { server, url };
}

/** The site as a host that sends no headers serves it: a copy without `_headers`, removed when the server closes. */
async function serveWithoutHeaders(output: string): Promise<Served> {
  const copy = mkdtempSync(path.join(tmpdir(), "blog-no-headers-"));
  cpSync(output, copy, { recursive: true });
  rmSync(path.join(copy, "_headers"));
  const served = await serve(copy);
  served.server.on("close", () => rmSync(copy, { recursive: true, force: true }));
  return served;
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

let browser: Browser;
let demoSite: BuiltSite;
let commentsSite: BuiltSite;

// Both sites build at once (one on each core) while Chromium starts; one Chromium serves both groups of tests.
beforeAll(async () => {
  let demo: BuiltSite, comments: BuiltSite;
  [demo, comments, browser] = await Promise.all([fixtureSite("demo"), fixtureSite("comments"), launchChromium()]);
  demoSite = expectBuilt(demo);
  commentsSite = expectBuilt(comments);
});
afterAll(async () => {
  await browser?.close();
});

describe("demos in Chromium", () => {
  let site: BuiltSite;
  let served: Served;

  beforeAll(async () => {
    site = demoSite;
    served = await serve(site.output);
  });
  afterAll(() => {
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
    await page.goto(served.url + COUNTER_POST);
    // The loader reveals the button once it runs; that nothing heavy comes before near view is the test above's.
    await page.locator("[data-demo-run]").waitFor();
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
    const plain = await serveWithoutHeaders(site.output);
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

describe("comments in Chromium", () => {
  let site: BuiltSite;
  let served: Served;
  /** giscus.app is not reachable here: a stand-in page that answers as giscus's does, with its height. */
  const GISCUS_STAND_IN = `<!doctype html><title>giscus</title><p>Thread</p><script>parent.postMessage({ giscus: { resizeHeight: 321 } }, "*");</script>`;

  beforeAll(async () => {
    site = commentsSite;
    served = await serve(site.output);
  });
  afterAll(() => {
    served?.server.close();
  });

  async function openWithGiscus(
    url: string,
    { init, waitUntil = "load" }: { init?: () => void; waitUntil?: "load" | "networkidle" } = {},
  ) {
    const recording = await openRecording(browser);
    const giscus: string[] = [];
    await recording.context.route("https://giscus.app/**", (route) => {
      giscus.push(route.request().url());
      return route.fulfill({ contentType: "text/html", body: GISCUS_STAND_IN });
    });
    if (init) await recording.page.addInitScript(init);
    await recording.page.goto(served.url + url.slice(1), { waitUntil });
    return { ...recording, giscus };
  }

  it("creates giscus's frame only when the reader nears the comments, and sizes it as giscus asks", async () => {
    const { context, page, requests, problems, giscus } = await openWithGiscus(COMMENTED_POST, {
      // Quiet for 500 ms: nothing more loads while the reader stays at the top.
      waitUntil: "networkidle",
    });
    const frame = page.locator("section.comments iframe");
    expect(await frame.count()).toBe(0);
    expect(giscus).toEqual([]);
    // Only our own comments client loaded: no demo loader, no third-party script.
    expect(requests.filter((url) => url.endsWith(".js"))).toEqual([
      expect.stringMatching(/\/assets\/comments\/comments-[A-Z0-9]{8}\.js$/),
    ]);
    await page.locator("section.comments").scrollIntoViewIfNeeded();
    await frame.waitFor({ state: "attached" });
    const src = new URL((await frame.getAttribute("src"))!);
    expect(src.origin + src.pathname).toBe("https://giscus.app/en/widget");
    expect(Object.fromEntries(src.searchParams)).toMatchObject({
      repo: GISCUS.repo,
      repoId: GISCUS.repoId,
      category: GISCUS.category,
      categoryId: GISCUS.categoryId,
      term: "notes/2024/03/01/commented",
      theme: "preferred_color_scheme",
    });
    expect(await frame.getAttribute("title")).toBe("Comments");
    // Not isolated: an ordinary frame.
    expect(await frame.getAttribute("credentialless")).toBeNull();
    await expect
      .poll(() => page.$eval("section.comments", (el) => (el as HTMLElement).dataset.commentsState))
      .toBe("loaded");
    expect(await frame.evaluate((el) => (el as HTMLElement).style.height)).toBe("321px");
    expect(await page.locator("section.comments h2").textContent()).toBe("Comments");
    expect(await page.locator("section.comments").textContent()).not.toMatch(/demo/i);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("loads on a cross-origin-isolated demo page through a credentialless frame", async () => {
    const { context, page, problems, giscus } = await openWithGiscus(DEMO_AND_COMMENTS_POST);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.locator("section.comments").scrollIntoViewIfNeeded();
    const frame = page.locator("section.comments iframe");
    await frame.waitFor({ state: "attached" });
    expect(await frame.getAttribute("credentialless")).toBe("");
    // COEP let the frame load: the stand-in's message arrived.
    await expect
      .poll(() => page.$eval("section.comments", (el) => (el as HTMLElement).dataset.commentsState))
      .toBe("loaded");
    expect(giscus).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("loads on a page isolated by coi-serviceworker, on a host that sends no headers", async () => {
    const plain = await serveWithoutHeaders(site.output);
    try {
      const { context, page } = await openRecording(browser);
      await context.route("https://giscus.app/**", (route) =>
        route.fulfill({ contentType: "text/html", body: GISCUS_STAND_IN }),
      );
      // The service worker registers, then reloads the page once it controls it.
      await page.goto(plain.url + DEMO_AND_COMMENTS_POST.slice(1));
      await expect.poll(() => page.evaluate(() => crossOriginIsolated), { timeout: 15_000 }).toBe(true);
      await page.locator("section.comments").scrollIntoViewIfNeeded();
      expect(await page.locator("section.comments iframe").getAttribute("credentialless")).toBe("");
      await expect
        .poll(() => page.$eval("section.comments", (el) => (el as HTMLElement).dataset.commentsState))
        .toBe("loaded");
      await context.close();
    } finally {
      plain.server.close();
    }
  });

  it("says so, with a link, where the browser has no credentialless frames and the page is isolated", async () => {
    const { context, page, giscus } = await openWithGiscus(DEMO_AND_COMMENTS_POST, {
      init: () => {
        // As in Firefox and Safari, which do not implement <iframe credentialless>.
        delete (HTMLIFrameElement.prototype as { credentialless?: boolean }).credentialless;
      },
    });
    await page.locator("section.comments").scrollIntoViewIfNeeded();
    const status = page.locator("section.comments [data-comments-status]");
    await status.waitFor();
    expect(await status.textContent()).toContain("Comments cannot load on this page in this browser");
    expect(await status.locator("a").getAttribute("href")).toBe(`https://github.com/${GISCUS.repo}/discussions`);
    expect(await page.locator("section.comments iframe").count()).toBe(0);
    expect(giscus).toEqual([]);
    await context.close();
  });

  it("says so, with a link, when giscus does not answer", async () => {
    const { context, page } = await openRecording(browser);
    await context.route("https://giscus.app/**", (route) => route.abort("internetdisconnected"));
    // The client's wait is on the page's clock, which the test moves on instead of waiting.
    await page.clock.install();
    await page.goto(served.url + COMMENTED_POST.slice(1));
    await page.locator("section.comments").scrollIntoViewIfNeeded();
    await page.locator("section.comments iframe").waitFor({ state: "attached" });
    const status = page.locator("section.comments [data-comments-status]");
    expect(await status.textContent()).toBe("Loading comments…");
    await page.clock.fastForward(30_000);
    await expect.poll(() => status.textContent()).toContain("Comments did not load (giscus.app did not answer).");
    expect(await status.locator("a").getAttribute("href")).toBe(`https://github.com/${GISCUS.repo}/discussions`);
    await context.close();
  });

  it("shows readers without JavaScript a link to the discussions", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(served.url + COMMENTED_POST.slice(1));
    const section = page.locator("section.comments");
    expect(await section.innerText()).toContain("Comments are shown with JavaScript, which is off in this browser.");
    expect(await section.locator("a").getAttribute("href")).toBe(`https://github.com/${GISCUS.repo}/discussions`);
    await context.close();
  });
});
