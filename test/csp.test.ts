// The site runs under its Content-Security-Policy: no inline script or handler on any built page, each
// page's <meta http-equiv> equal to its `_headers` policy, and no violation in Chromium on the home page
// or on the demo post while the demo runs. That run's results are also where axe checks the finished demo: a run
// is the slowest step here, so one serves both.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Browser, ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersForPath, parseHeadersFile } from "../server/headersFile.ts";
import { decodeHTMLAttribute as decodeEntities } from "entities";
import { axeViolations } from "./helpers/axe.ts";
import { serveInChromium, type ServedSite } from "./helpers/servedSite.ts";
import { SEED_POST_URL as DEMO_POST } from "./helpers/fixtures.ts";
import { repoSite } from "./helpers/sharedSites.ts";
import { expectBuilt, type BuiltSite } from "./helpers/site.ts";

// The smallest run with a CPU and a GPU row, through the paths that need the policy's exceptions: gpu.js's eval,
// WebAssembly (webasm), WebGL2.
const DEMO_RUN = "#sizes=16&backends=webasm,webgl2";
// <script> types that are data, not code: CSP does not apply to them.
const DATA_SCRIPT_TYPES = new Set(["application/ld+json", "application/json"]);

let site: BuiltSite;
let pages: { file: string; url: string; html: string }[];

beforeAll(async () => {
  site = expectBuilt(await repoSite());
  pages = readdirSync(site.output, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".html"))
    .map((file) => ({
      file,
      url: `/${file.replace(/(^|\/)index\.html$/, "$1")}`,
      html: readFileSync(path.join(site.output, file), "utf8"),
    }));
});

/** Inline code a page carries: scripts without src (other than data blocks), on* handlers, javascript: URLs. */
function inlineCode(html: string): string[] {
  const found: string[] = [];
  for (const [, attributes = "", body = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
    if (!/\bsrc\s*=/i.test(attributes) && !(type && DATA_SCRIPT_TYPES.has(type)))
      found.push(`inline <script>: ${body.slice(0, 60)}`);
  }
  const markup = html.replace(/<script\b[\s\S]*?<\/script\s*>/gi, "").replace(/<!--[\s\S]*?-->/g, "");
  for (const [handler] of markup.matchAll(/<[a-z][^>]*?\son[a-z]+\s*=/gi))
    found.push(`inline handler: ${handler.slice(0, 80)}`);
  for (const [url] of markup.matchAll(/\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/gi))
    found.push(`javascript: URL: ${url}`);
  return found;
}

describe("every built page", () => {
  it("has no inline script, inline event handler or javascript: URL", () => {
    expect(pages.length).toBeGreaterThan(5);
    for (const { file, html } of pages) expect(inlineCode(html), file).toEqual([]);
  });

  it("the scan finds inline code when there is some", () => {
    expect(
      inlineCode('<script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'),
    ).toHaveLength(3);
    expect(
      inlineCode('<script type="application/ld+json">{}</script><script type="module" src="/a.js"></script>'),
    ).toEqual([]);
  });

  it("carries a CSP <meta> first in <head>, equal to the policy `_headers` gives it", () => {
    const rules = parseHeadersFile(readFileSync(path.join(site.output, "_headers"), "utf8"), "_headers");
    for (const { file, url, html } of pages) {
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
      expect(meta, file).not.toBeNull();
      expect(html.indexOf("<script"), `${file}: a <script> comes before the policy`).toBeGreaterThan(meta!.index);
      const headerPolicy = headersForPath(rules, url).get("content-security-policy")?.value;
      expect(decodeEntities(meta![1]!), file).toBe(headerPolicy);
    }
  });

  it("gives demo pages the demo policy and the others the strict one", () => {
    const policyOf = (url: string) =>
      decodeEntities(
        /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(
          pages.find((page) => page.url === url)!.html,
        )![1]!,
      );
    expect(policyOf(DEMO_POST)).toContain("'unsafe-eval'");
    expect(policyOf("/")).toMatch(/script-src 'self';/);
  });
});

describe("in Chromium, with the host's headers", () => {
  let browser: Browser;
  let close: ServedSite["close"] | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    ({ baseUrl, browser, close } = await serveInChromium(site.output));
  });

  afterAll(async () => {
    await close?.();
  });

  /** Opens a page that records every CSP violation (events from the document, and console reports). */
  async function openWatched(url: string): Promise<{ page: Page; violations: () => Promise<string[]> }> {
    const page = await browser.newPage();
    const console: string[] = [];
    const report = (message: ConsoleMessage): void => {
      if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
    };
    page.on("console", report);
    // The demo's eval and WebAssembly run in workers: their refusals are reported in the worker, not the document.
    page.on("worker", (worker) => worker.on("console", report));
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (event) =>
        seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(`${baseUrl}${url}`);
    return {
      page,
      violations: async () => [
        ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)),
        ...console,
      ],
    };
  }

  it("the home page runs without a violation", async () => {
    const { page, violations } = await openWatched("/");
    await page.waitForLoadState("load");
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it("the watcher sees a violation when there is one (an inline script added to the home page)", async () => {
    const { page, violations } = await openWatched("/");
    await page.addScriptTag({ content: "window.injected = 1;" }).catch(() => undefined);
    await page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length > 0);
    expect((await violations()).join("\n")).toContain("script-src-elem inline");
    await page.close();
  });

  it("a page without demos refuses eval, blob: workers and frames", async () => {
    const { page, violations } = await openWatched("/");
    // A same-origin script file, as the site's own code would be: code DevTools evaluates may eval regardless of CSP.
    // Served by the browser's router: the shared site is read-only.
    await page.route("**/csp-probe.js", (route) =>
      route.fulfill({
        contentType: "text/javascript",
        body: `try { window.cspProbeEval = (0, eval)("true"); } catch { window.cspProbeEval = false; }
const frame = document.createElement("iframe");
frame.src = "/";
document.body.append(frame);
try { new Worker(URL.createObjectURL(new Blob(["postMessage(1)"], { type: "text/javascript" }))); } catch {}`,
      }),
    );
    await page.waitForLoadState("load");
    // Not page.addScriptTag: it fails on the worker the policy blocks, which is what this test wants to see.
    await page.evaluate(() =>
      document.head.append(Object.assign(document.createElement("script"), { src: "/csp-probe.js" })),
    );
    await page.waitForFunction(() => (window as unknown as { cspProbeEval?: boolean }).cspProbeEval !== undefined);
    expect(await page.evaluate(() => (window as unknown as { cspProbeEval?: boolean }).cspProbeEval)).toBe(false);
    await page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length >= 3);
    const seen = (await violations()).join("\n");
    expect(seen).toMatch(/script-src eval/);
    expect(seen).toMatch(/worker-src blob/);
    expect(seen).toMatch(/frame-src/);
    await page.close();
  });

  it("the demo post mounts and runs its demo without a violation, and axe finds no serious one in its results", async () => {
    const { page, violations } = await openWatched(`${DEMO_POST}${DEMO_RUN}`);
    await page.locator("[data-demo='gpu-vs-cpu-matmul']").scrollIntoViewIfNeeded();
    await page.waitForSelector(".mm-demo[data-state='idle']", { timeout: 60_000 });
    await page.click(".mm-run");
    await page.waitForFunction(
      () =>
        ["done", "cancelled", "error"].includes(
          document.querySelector<HTMLElement>(".mm-demo")?.dataset["state"] ?? "",
        ),
      null,
      { timeout: 180_000 },
    );
    expect(await page.$eval(".mm-demo", (el) => (el as HTMLElement).dataset["state"])).toBe("done");
    // A refused eval or WebAssembly compile in a worker ends its row in an error, not the run: every row must verify.
    const rows = await page.$$eval(".mm-results tbody tr", (trs) =>
      trs.map((tr) => {
        const { backend, status, verified } = (tr as HTMLElement).dataset;
        return `${backend} ${status} ${verified}`;
      }),
    );
    expect(rows).toEqual(["webasm ok true", "webgl2 ok true"]);
    expect(await violations()).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
