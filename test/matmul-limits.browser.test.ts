// The matmul demo's CPU at its best and its honesty, in headless Chromium on the built seed post: wasm-tiled with
// and without cross-origin isolation, the measured peaks and each row's share of them, the roofline, the auto-tune,
// the default run within its budget, and the cap on sizes from the URL hash.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxHashSizes } from "../demos/gpu-vs-cpu-matmul/view/hashState.ts";
import { runAndWait, SEED_POST, waitForSettled, watchProblems, serveBuiltBlog } from "./helpers/matmulPage.ts";
import type { ServedSite } from "./helpers/servedSite.ts";

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

function inkedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const { width, height } = canvas as HTMLCanvasElement;
    const pixels = (canvas as HTMLCanvasElement).getContext("2d")!.getImageData(0, 0, width, height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
    return painted;
  });
}

beforeAll(async () => {
  ({ browser, close, baseUrl } = await serveBuiltBlog());
});

afterAll(async () => {
  await close?.();
});

describe("gpu-vs-cpu-matmul: the CPU at its best, measured against its peak", () => {
  it("cross-origin isolated: wasm-tiled verifies at n = 64 and 128 on every core; peaks, shares, roofline and tune shown", async () => {
    const { page, problems } = await openPost("#sizes=64,128&backends=js-ijk,wasm-tiled,wgsl-tiled");
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await runAndWait(page, 240_000)).toBe("done");
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const rows = await rowsOf(page);
    const tiled = rows.filter((row) => row["backend"] === "wasm-tiled");
    expect(tiled.map((row) => row["n"])).toEqual(["64", "128"]);
    for (const row of tiled) {
      expect(row["verified"], row["why"]).toBe("true");
      expect(row["gpu"]).toBe("false");
      expect(row["threads"]).toBe(String(cores));
      // Chromium 156 validates relaxed SIMD without a flag.
      expect(row["ran"]).toBe(`wasm-tiled (relaxed SIMD, ${cores} thread${cores === 1 ? "" : "s"})`);
      expect(Number(row["gflops"])).toBeGreaterThan(0);
    }

    // Peaks: the CPU loop per thread and on all threads, the GPU loop; every verified row has its share of its peak.
    const peaks = await page.$$eval(".mm-peaks tbody tr", (trs) =>
      Object.fromEntries(
        trs.map(
          (tr) => [String((tr as HTMLElement).dataset["peak"]), Number((tr as HTMLElement).dataset["gflops"])] as const,
        ),
      ),
    );
    expect(Object.keys(peaks).sort()).toEqual(["cpu-all", "cpu-thread", "gpu"]);
    for (const value of Object.values(peaks)) expect(value).toBeGreaterThan(0);
    for (const row of rows.filter((candidate) => candidate["verified"] === "true")) {
      const share = Number(row["percentOfPeak"]);
      const peak = row["gpu"] === "true" ? peaks["gpu"]! : peaks["cpu-thread"]! * Number(row["threads"] || 1);
      expect(share, `${row["backend"]} n=${row["n"]}`).toBeCloseTo((100 * Number(row["gflops"])) / peak, 1);
    }

    // The roofline is drawn, with both roofs and each backend in its summary.
    expect(await inkedPixels(page, ".mm-roofline canvas")).toBeGreaterThan(500);
    const roofline = (await page.textContent(".mm-roofline .mm-chart-summary")) ?? "";
    expect(roofline).toMatch(/CPU roof: .* GB\/s up to .* FLOP\/byte, then flat at .* GFLOP\/s/);
    expect(roofline).toMatch(/GPU roof/);
    for (const backend of ["js-ijk", "wasm-tiled", "wgsl-tiled"]) expect(roofline).toContain(`${backend} best at n =`);

    // The auto-tune says which variant won, and the wgsl-tiled rows ran it.
    const notices = (await page.textContent(".mm-notices")) ?? "";
    const winner = /wgsl-tiled auto-tune \(n = \d+, [\d.]+ s\): (.+?) won\./.exec(notices)?.[1];
    expect(winner, notices).toBeTruthy();
    for (const row of rows.filter((candidate) => candidate["backend"] === "wgsl-tiled"))
      expect(row["ran"]).toBe(`webgpu (hand-written WGSL, ${winner}, auto-tuned)`);

    // The honest ratio at the largest size both sides ran, and the empty reference list says why it is empty.
    await expect(page.textContent(".mm-conclusion")).resolves.toMatch(
      /The honest ratio, at n = 128, the best GPU path \(wgsl-tiled, .*\) against the best CPU path \(wasm-tiled.*\): the CPU is .*× faster\..*software renderer/,
    );
    await expect(page.textContent(".mm-references")).resolves.toMatch(/None yet\..*rather than invented/);
    expect(await page.$$(".mm-reference-list li")).toHaveLength(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

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
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the default choices finish: each backend grows until its next product would be over budget, then says why", async () => {
    const { page, problems } = await openPost("");
    await page.click(".mm-run");
    // The time left is shown while it runs.
    await page.waitForFunction(() => /left$/.test(document.querySelector(".mm-time-left")?.textContent ?? ""));
    expect(await waitForSettled(page, 600_000)).toBe("done");
    const rows = await rowsOf(page);
    for (const row of rows) {
      const where = `${row["backend"]} n=${row["n"]}: ${row["why"]}`;
      expect(["ok", "skipped"], where).toContain(row["status"]);
      if (row["status"] === "ok") expect(row["verified"], where).toBe("true");
    }
    // The software GPUs here cannot do n = 1024 in the budget: their stop is stated with the size and the estimate.
    const stops = rows.filter((row) =>
      /stopped at n = \d+: n = \d+ would take (about [\d.]+ (s|min)|under 0\.1 s) a product/.test(row["why"]!),
    );
    expect(stops.map((row) => row["backend"])).toContain("webgl2");
    await expect(page.textContent(".mm-notices")).resolves.toMatch(/webgl2 stopped at n = \d+/);
    await expect(page.textContent(".mm-conclusion")).resolves.toMatch(/The honest ratio, at n = \d+/);
    expect(
      await page.$eval(
        ".mm-progress progress",
        (bar) => (bar as HTMLProgressElement).value === (bar as HTMLProgressElement).max,
      ),
    ).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 660_000);

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
