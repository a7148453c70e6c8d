// `npm start` with demos: the dev server sends `_headers`' COOP/COEP and CSP, and editing a demo rebuilds
// only its bundles (esbuild's incremental context) and reloads the open page, without re-rendering pages.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { freePort } from "../tools/freePort.ts";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demosCalledIn, findDemos } from "../_config/demos/demoCatalog.ts";
import { predictedDevManifest } from "../_config/demos/demoBundler.ts";
import { launchChromium } from "./helpers/chromium.ts";
import { DEMO_FIXTURE } from "./helpers/fixtures.ts";
import { makeFixtureSite, repoRoot } from "./helpers/site.ts";

const COUNTER_POST = "notes/2024/01/01/counter-demo.html";

describe("dev server (npm start) with demos", () => {
  let root: string;
  let dev: ChildProcess;
  let log = "";
  let base: string;
  let browser: Browser;

  /** Resolves when the dev server's output (from `from` on) matches `pattern`. */
  async function waitForLog(pattern: RegExp, from = 0): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!pattern.test(log.slice(from))) {
      if (Date.now() > deadline) throw new Error(`dev server never printed ${pattern}:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    root = makeFixtureSite(DEMO_FIXTURE);
    const port = await freePort();
    base = `http://localhost:${port}/`;
    // The same command as `npm start`, on a free port.
    dev = spawn(
      process.execPath,
      [
        path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
        "node_modules/@11ty/eleventy/cmd.cjs",
        "--config=.eleventy.ts",
        "--serve",
        "--output=.cache/dev-site",
        `--port=${port}`,
      ],
      { cwd: root, env: { ...process.env, FORCE_COLOR: "0" } },
    );
    dev.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    dev.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    [browser] = await Promise.all([launchChromium(), waitForLog(/Server at/)]);
  });
  afterAll(async () => {
    await browser?.close();
    dev?.kill();
  });

  it("sends COOP/COEP and the demo policy on demo pages, the site policy elsewhere, and no long caching", async () => {
    const demoPage = await fetch(base + COUNTER_POST);
    expect(demoPage.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(demoPage.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(demoPage.headers.get("content-security-policy")).toContain("'unsafe-eval'");
    const plain = await fetch(`${base}notes/2024/01/03/plain.html`);
    expect(plain.headers.get("cross-origin-embedder-policy")).toBeNull();
    expect(plain.headers.get("content-security-policy")).not.toContain("unsafe-eval");
    const bundle = await fetch(`${base}assets/demos/counter.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("cache-control") ?? "").not.toContain("immutable");
  });

  it("rebuilds only the bundles when a demo changes, and reloads the open page", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(base + COUNTER_POST);
    await page.locator('[data-demo="counter"]').scrollIntoViewIfNeeded();
    await page.locator('[data-mounted="counter"]').waitFor();
    expect(await page.textContent(".counter-demo button")).toBe("0 clicks");

    const html = path.join(root, ".cache/dev-site", COUNTER_POST);
    const renderedAt = statSync(html).mtimeMs;
    const from = log.length;
    const shared = path.join(root, "demos/_shared/formatCount.ts");
    const reloaded = page.waitForEvent("load", { timeout: 60_000 });
    writeFileSync(shared, readFileSync(shared, "utf8").replace('"click" : "clicks"', '"tap" : "taps"'));
    await waitForLog(/\[demos\] bundles rebuilt/, from);
    await reloaded;
    await page.locator('[data-demo="counter"]').scrollIntoViewIfNeeded();
    await expect.poll(() => page.textContent(".counter-demo button"), { timeout: 30_000 }).toBe("0 taps");
    // No page was written again: the edit never reached Eleventy.
    expect(log.slice(from)).not.toContain("Writing");
    expect(statSync(html).mtimeMs).toBe(renderedAt);
  });

  it("reports a demo's syntax error with file:line:column and recovers when it is fixed", async () => {
    const index = path.join(root, "demos/counter/index.ts");
    const good = readFileSync(index, "utf8");
    let from = log.length;
    writeFileSync(index, good.replace("const state = new CounterDemo();", "const state = new CounterDemo(;"));
    await waitForLog(/demos\/counter\/index\.ts:\d+:\d+: /, from);
    expect(log.slice(from)).toContain("[demos] Demo bundling failed");
    from = log.length;
    writeFileSync(index, good);
    await waitForLog(/\[demos\] bundles rebuilt/, from);
  });

  it("writes the bundle names pages were rendered with", () => {
    const called = demosCalledIn(root, new Set([path.join(root, ".cache/dev-site")]));
    const demos = [...findDemos(root).values()].filter((demo) => called.has(demo.name));
    // site-search is the search page's island (pages/search.njk).
    expect(demos.map((demo) => demo.name)).toEqual(["counter", "failing", "site-search", "sparkline"]);
    const predicted = predictedDevManifest({
      root,
      output: path.join(root, ".cache/dev-site"),
      demos,
      stableNames: true,
    });
    const written = readdirSync(path.join(root, ".cache/dev-site/assets/demos"));
    expect(written).toContain(predicted.loader);
    for (const { module, css } of Object.values(predicted.demos))
      for (const file of [module, ...css]) expect(written).toContain(file);
    expect(predicted.demos.counter!.css).toEqual(["counter.css"]);
  });
});
