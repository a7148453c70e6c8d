// The matmul demo's limits, in headless Chromium on the built seed post: wasm-tiled without cross-origin isolation,
// the default run within a budget, and the cap on sizes from the URL hash. wasm-tiled on every core, the peaks, the
// roofline and the auto-tune are checked on matmul-demo.browser.test.ts's run of every backend.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultBackends, defaultSizes } from "../demos/gpu-vs-cpu-matmul/measurement/backends.ts";
import { maxHashSizes } from "../demos/gpu-vs-cpu-matmul/view/hashState.ts";
import { runAndWait, SEED_POST, waitForSettled, watchProblems, serveBuiltBlog } from "./helpers/matmulPage.ts";
import type { ServedSite } from "./helpers/servedSite.ts";

/** The smallest budget a link may set: every backend still runs its first size, and stops soon after. */
const BUDGET_SECONDS = 0.01;

let close: ServedSite["close"] | undefined;
let baseUrl: string;
let browser: Browser;

interface Opened {
  page: Page;
  problems: string[];
}

/** The post; `isolated: false` strips COOP/COEP from every response, as a host without those headers serves it. */
async function openPost(hash: string, { isolated = true } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  if (!isolated) {
    await page.route("**/*", async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["cross-origin-opener-policy"];
      delete headers["cross-origin-embedder-policy"];
      await route.fulfill({ response, headers });
    });
  }
  await page.goto(`${baseUrl}${SEED_POST}${hash}`);
  await page.locator("[data-demo='gpu-vs-cpu-matmul']").scrollIntoViewIfNeeded();
  await page.waitForSelector(".mm-demo[data-state='idle']");
  return { page, problems };
}

function rowsOf(page: Page): Promise<Array<Record<string, string>>> {
  return page.$$eval(".mm-results tbody tr", (rows) =>
    rows.map((row) => ({
      ...(row as HTMLElement).dataset,
      why: row.querySelector(".mm-verified")?.textContent ?? "",
    })),
  );
}

beforeAll(async () => {
  ({ browser, close, baseUrl } = await serveBuiltBlog());
});

afterAll(async () => {
  await close?.();
});

describe("gpu-vs-cpu-matmul: the CPU at its best, measured against its peak", () => {
  it("not cross-origin isolated: wasm-tiled runs on one thread, verified, and says so", async () => {
    const { page, problems } = await openPost("#sizes=64,128&backends=wasm-tiled", { isolated: false });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.uncheck(".mm-demo input[value='bandwidth']");
    expect(await runAndWait(page, 120_000)).toBe("done");
    const rows = await rowsOf(page);
    expect(rows.map((row) => [row["n"], row["verified"], row["threads"], row["ran"]])).toEqual([
      ["64", "true", "1", "wasm-tiled (relaxed SIMD, 1 thread)"],
      ["128", "true", "1", "wasm-tiled (relaxed SIMD, 1 thread)"],
    ]);
    const devices = await page.$$eval(".mm-results tbody .mm-device", (cells) => cells.map((cell) => cell.textContent));
    for (const device of devices) expect(device).toMatch(/1 thread, page not cross-origin isolated/);
    await expect(page.textContent(".mm-peaks tr[data-peak='cpu-all']")).resolves.toMatch(
      /one thread: the page is not cross-origin isolated/,
    );
    // No budget in the link: the default one, not announced.
    await expect(page.textContent(".mm-notices")).resolves.not.toMatch(/budget/);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the default choices finish: each backend grows until its next product would be over the link's budget, then says why", async () => {
    // The default sizes and backends with a 0.01 s budget: the same stops as the 0.5 s default (matmul-honesty.test.ts
    // checks that default), reached at smaller sizes.
    const { page, problems } = await openPost(`#budget=${BUDGET_SECONDS}`);
    await page.click(".mm-run");
    // The time left is shown while it runs.
    await page.waitForFunction(() => /left$/.test(document.querySelector(".mm-time-left")?.textContent ?? ""));
    expect(await waitForSettled(page, 240_000)).toBe("done");
    // Run wrote the choices into the hash and kept the link's budget there.
    expect(await page.evaluate(() => location.hash)).toBe(
      `#sizes=${defaultSizes.join(",")}&backends=${defaultBackends.join(",")}&budget=${BUDGET_SECONDS}`,
    );
    const rows = await rowsOf(page);
    expect(rows).toHaveLength(defaultSizes.length * defaultBackends.length);
    for (const row of rows) {
      const where = `${row["backend"]} n=${row["n"]}: ${row["why"]}`;
      expect(["ok", "skipped"], where).toContain(row["status"]);
      if (row["status"] === "ok") expect(row["verified"], where).toBe("true");
    }
    // Every backend grows, then stops: measured rows first, then its stop, stated with the size and the estimate, in
    // each later row. Nothing here does n = 1024 in 0.01 s, so every backend stops.
    for (const backend of defaultBackends) {
      const own = rows.filter((row) => row["backend"] === backend);
      expect(
        own.map((row) => Number(row["n"])),
        backend,
      ).toEqual([...defaultSizes]);
      const firstStop = own.findIndex((row) => row["status"] === "skipped");
      expect(firstStop, `${backend} stops`).toBeGreaterThan(0);
      const grown = own[firstStop - 1]!["n"];
      for (const row of own.slice(0, firstStop)) expect(row["status"], `${backend} n=${row["n"]}`).toBe("ok");
      for (const row of own.slice(firstStop))
        expect(row["why"], `${backend} n=${row["n"]}`).toMatch(
          new RegExp(
            `^skipped: ${backend} stopped at n = ${grown}: n = ${own[firstStop]!["n"]} would take about [\\d.]+ (ms|s|min) a product$`,
          ),
        );
    }
    const notices = (await page.textContent(".mm-notices")) ?? "";
    expect(notices).toContain(
      `This link sets the budget: each backend stops before a product predicted to take over ${BUDGET_SECONDS} s (the default is 0.5 s).`,
    );
    for (const backend of defaultBackends)
      expect(notices).toMatch(
        new RegExp(
          `${backend} stopped at n = \\d+: .* a product \\(over this run's ${BUDGET_SECONDS} s budget per product\\)`,
        ),
      );
    // The auto-tune gets six products' worth of the budget: the first variant, no more.
    expect(notices).toMatch(
      /wgsl-tiled auto-tune \(n = \d+, [\d.]+ s\): .* won\..*not tried \(over the 0\.06 s budget\)/,
    );
    await expect(page.textContent(".mm-conclusion")).resolves.toMatch(/The honest ratio, at n = \d+/);
    expect(
      await page.$eval(
        ".mm-progress progress",
        (bar) => (bar as HTMLProgressElement).value === (bar as HTMLProgressElement).max,
      ),
    ).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("a hash listing 3,000 sizes offers at most the first few distinct ones and says what it left out", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => 3000 - i).join(",");
    const { page, problems } = await openPost(`#sizes=${many},7,7&backends=js-ikj,js-ikj`);
    const offered = await page.$$eval(".mm-demo fieldset:first-of-type input", (inputs) => inputs.length);
    // The demo's own sizes plus at most maxHashSizes from the link.
    expect(offered).toBeLessThanOrEqual(7 + maxHashSizes);
    const checked = await page.$$eval(".mm-demo fieldset:first-of-type input:checked", (inputs) =>
      inputs.map((input) => Number((input as HTMLInputElement).value)),
    );
    expect(checked).toEqual(Array.from({ length: maxHashSizes }, (_, i) => 3000 - maxHashSizes + 1 + i));
    await expect(page.textContent(".mm-status")).resolves.toBe(
      `This link listed 3000 different sizes; only the first ${maxHashSizes} are offered, the other ${3000 - maxHashSizes} are left out.`,
    );
    expect(await page.$$eval(".mm-demo fieldset:nth-of-type(2) input:checked", (inputs) => inputs.length)).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
