// The GPU vs CPU matmul demo on the built seed post, in headless Chromium (SwiftShader WebGL2 and WebGPU): a run of
// every backend, cross-origin isolated, with its peaks, shares, roofline and auto-tune; Cancel and a run after it.
// A browser without WebGPU is in matmul-faults.browser.test.ts.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAndWait as runMatmulDemo, SEED_POST, watchProblems, serveBuiltBlog } from "./helpers/matmulPage.ts";
import type { ServedSite } from "./helpers/servedSite.ts";
import { repoRoot } from "./helpers/site.ts";

const ALL_BACKENDS = ["js-ijk", "js-ikj", "webasm", "wasm-tiled", "webgl2", "webgpu", "wgsl-tiled"];
const GPU_BACKENDS = new Set(["webgl2", "webgpu", "wgsl-tiled"]);
const CANCELLED_BACKENDS = ALL_BACKENDS.filter((backend) => backend !== "wgsl-tiled");
const LONG_TASK_LIMIT_MS = 200;

let close: ServedSite["close"] | undefined;
let baseUrl: string;
let browser: Browser;

interface Watched {
  page: Page;
  problems: string[];
}

/** Opens the post with a long-task observer installed before any script, and collects console errors. */
async function openPost(target: Browser, hash: string): Promise<Watched> {
  const context = await target.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.addInitScript(() => {
    const tasks: Array<{ start: number; duration: number }> = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  });
  await page.goto(`${baseUrl}${SEED_POST}${hash}`);
  await page.locator("[data-demo='gpu-vs-cpu-matmul']").scrollIntoViewIfNeeded();
  await page.waitForSelector(".mm-demo[data-state='idle']");
  return { page, problems };
}

/** Long tasks count from here: page load and mount are the loader's, the run is the demo's. */
async function markRunStart(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __runStart: number }).__runStart = performance.now()));
}

async function runAndWait(page: Page, timeout = 240_000): Promise<string> {
  await markRunStart(page);
  return runMatmulDemo(page, timeout);
}

/** Main-thread tasks over the limit since the last markRunStart. */
function longTasksOverLimit(page: Page): Promise<Array<{ start: number; duration: number }>> {
  return page.evaluate((limit) => {
    const { __longTasks, __runStart } = window as unknown as {
      __longTasks: Array<{ start: number; duration: number }>;
      __runStart: number;
    };
    return __longTasks.filter((task) => task.start + task.duration >= __runStart && task.duration > limit);
  }, LONG_TASK_LIMIT_MS);
}

function rowsOf(page: Page): Promise<Array<Record<string, string>>> {
  return page.$$eval(".mm-results tbody tr", (rows) =>
    rows.map((row) => ({ ...(row as HTMLElement).dataset }) as Record<string, string>),
  );
}

beforeAll(async () => {
  ({ browser, close, baseUrl } = await serveBuiltBlog());
});

afterAll(async () => {
  await close?.();
});

describe("gpu-vs-cpu-matmul in the built post", () => {
  it("runs n = 64 and 128 on every backend, verified, labelled with what ran, charted, responsive; peaks, shares, roofline and tune shown", async () => {
    const { page, problems } = await openPost(browser, `#sizes=64,128&backends=${ALL_BACKENDS.join(",")}`);
    expect(await runAndWait(page)).toBe("done");
    // Read before the test itself copies, screenshots or resizes: those are the test's tasks, not the demo's.
    expect(await longTasksOverLimit(page), "main-thread tasks over 200 ms").toEqual([]);

    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const rows = await rowsOf(page);
    expect(rows).toHaveLength(2 * ALL_BACKENDS.length);
    for (const row of rows) {
      const where = `${row["backend"]} n=${row["n"]}`;
      expect(row["verified"], where).toBe("true");
      expect(row["status"], where).toBe("ok");
      for (const key of ["firstMs", "medianMs", "gflops"])
        expect(Number(row[key]), `${where} ${key}`).toBeGreaterThan(0);
      // Labels say what ran: GPU rows really ran on the (emulated) GPU, CPU rows never claim to.
      expect(row["gpu"], where).toBe(String(GPU_BACKENDS.has(row["backend"]!)));
      if (GPU_BACKENDS.has(row["backend"]!)) expect(Number(row["residentMs"]), `${where} resident`).toBeGreaterThan(0);
    }
    const ran = Object.fromEntries(rows.map((row) => [String(row["backend"]), row["ran"]] as const));
    expect(ran["webgl2"]).toBe("webgl2");
    expect(ran["webgpu"]).toBe("webgpu");
    expect(ran["webasm"]).toBe("webasm");
    expect(new Set(rows.map((row) => `${row["backend"]}@${row["n"]}`)).size).toBe(rows.length);
    // Cross-origin isolated: wasm-tiled ran on every core (Chromium 156 validates relaxed SIMD without a flag).
    for (const row of rows.filter((candidate) => candidate["backend"] === "wasm-tiled")) {
      expect(row["threads"]).toBe(String(cores));
      expect(row["ran"]).toBe(`wasm-tiled (relaxed SIMD, ${cores} thread${cores === 1 ? "" : "s"})`);
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
    await expect(page.textContent(".mm-peaks tr[data-peak='gpu']")).resolves.toMatch(
      /WGSL vec4 fma loop, 8 independent chains, \d+[KM] invocations/,
    );
    for (const row of rows) {
      const share = Number(row["percentOfPeak"]);
      const peak = row["gpu"] === "true" ? peaks["gpu"]! : peaks["cpu-thread"]! * Number(row["threads"] || 1);
      expect(share, `${row["backend"]} n=${row["n"]}`).toBeCloseTo((100 * Number(row["gflops"])) / peak, 1);
    }

    // The auto-tune says which variant won, and the wgsl-tiled rows ran it.
    const notices = (await page.textContent(".mm-notices")) ?? "";
    const winner = /wgsl-tiled auto-tune \(n = \d+, [\d.]+ s\): (.+?) won\./.exec(notices)?.[1];
    expect(winner, notices).toBeTruthy();
    for (const row of rows.filter((candidate) => candidate["backend"] === "wgsl-tiled"))
      expect(row["ran"]).toBe(`webgpu (hand-written WGSL, ${winner}, auto-tuned)`);

    // The honest ratio at the largest size both sides ran: the fastest verified GPU row against the fastest CPU row.
    const fastest = (gpu: boolean): string => {
      const side = rows.filter((row) => row["n"] === "128" && row["gpu"] === String(gpu));
      const top = Math.max(...side.map((row) => Number(row["gflops"])));
      // The table rounds to 4 decimals: rows equal there are both the best.
      return `(${side
        .filter((row) => Number(row["gflops"]) === top)
        .map((row) => row["backend"])
        .join("|")})`;
    };
    await expect(page.textContent(".mm-conclusion")).resolves.toMatch(
      new RegExp(
        `^The honest ratio, at n = 128, the best GPU path \\(${fastest(true)}, .*\\) against the best CPU path \\(${fastest(false)},.*\\): the CPU is .*× faster\\..*software renderer`,
      ),
    );
    // The empty reference list says why it is empty.
    await expect(page.textContent(".mm-references")).resolves.toMatch(/None yet\..*rather than invented/);
    expect(await page.$$(".mm-reference-list li")).toHaveLength(0);

    // The software renderer is named and flagged.
    await expect(page.textContent(".mm-devices")).resolves.toMatch(/SwiftShader/i);
    expect(await page.isVisible(".mm-emulated")).toBe(true);
    await expect(page.textContent(".mm-emulated")).resolves.toMatch(/emulated on the CPU/);
    const gpuDevices = await page.$$eval(".mm-results tbody tr[data-gpu='true'] .mm-device", (cells) =>
      cells.map((cell) => cell.textContent ?? ""),
    );
    for (const device of gpuDevices) expect(device).toMatch(/software renderer/);

    // Accessible structure.
    await expect(page.textContent(".mm-results caption")).resolves.toBeTruthy();
    expect(
      await page.$$eval(".mm-results thead th", (cells) => cells.every((cell) => cell.getAttribute("scope") === "col")),
    ).toBe(true);
    expect(
      await page.$$eval(".mm-results tbody th", (cells) => cells.every((cell) => cell.getAttribute("scope") === "row")),
    ).toBe(true);
    expect(await page.getAttribute(".mm-status", "aria-live")).toBe("polite");

    // The three charts (throughput, time, roofline) drew something, and each has a text summary.
    const inked = await page.$$eval(".mm-chart canvas", (canvases) =>
      canvases.map((canvas) => {
        const { width, height } = canvas as HTMLCanvasElement;
        const pixels = (canvas as HTMLCanvasElement).getContext("2d")!.getImageData(0, 0, width, height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
        return painted;
      }),
    );
    expect(inked).toHaveLength(3);
    for (const painted of inked) expect(painted).toBeGreaterThan(500);
    const summaries = await page.$$eval(".mm-chart-summary", (nodes) => nodes.map((node) => node.textContent ?? ""));
    for (const summary of summaries) expect(summary).toMatch(/wgsl-tiled/);
    // The roofline's summary names both roofs and each backend's best point.
    const roofline = (await page.textContent(".mm-roofline .mm-chart-summary")) ?? "";
    expect(roofline).toMatch(/CPU roof: .* GB\/s up to .* FLOP\/byte, then flat at .* GFLOP\/s/);
    expect(roofline).toMatch(/GPU roof/);
    for (const backend of ALL_BACKENDS) expect(roofline).toContain(`${backend} best at n =`);
    await expect(page.textContent(".mm-crossover")).resolves.toMatch(/crossover|GPU wins/i);

    // Bandwidth panel: both copies measured and verified.
    const bandwidth = await page.$$eval(".mm-bandwidth tr.mm-measured", (trs) =>
      trs.map((tr) => ({ ...(tr as HTMLElement).dataset })),
    );
    expect(bandwidth).toHaveLength(2);
    for (const row of bandwidth) {
      expect(row["verified"]).toBe("true");
      expect(Number(row["gbps"])).toBeGreaterThan(0);
    }

    // The setup is in the hash, and the results copy as JSON.
    expect(await page.evaluate(() => location.hash)).toBe(`#sizes=64,128&backends=${ALL_BACKENDS.join(",")}`);
    await page.click("text=Copy results as JSON");
    await page.waitForFunction(() => document.querySelector(".mm-copy-status")?.textContent !== "");
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { rows: unknown[] };
    expect(copied.rows).toHaveLength(rows.length);

    mkdirSync(path.join(repoRoot, "test-results"), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, "test-results/matmul-demo.png"), fullPage: true });

    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("Cancel stops a run mid-way, keeps the finished rows, and the demo runs again, responsive throughout", async () => {
    // No wgsl-tiled (so no auto-tune) and no bandwidth copies: the first row comes soon, and the rest is to cancel.
    const { page, problems } = await openPost(browser, `#sizes=64,128,256&backends=${CANCELLED_BACKENDS.join(",")}`);
    await page.uncheck(".mm-demo input[value='bandwidth']");
    await markRunStart(page);
    await page.click(".mm-run");
    await page.waitForSelector(".mm-results tbody tr[data-status='ok']");
    await page.click(".mm-cancel");
    await page.waitForSelector(".mm-demo[data-state='cancelled']", { timeout: 10_000 });
    await expect(page.textContent(".mm-status")).resolves.toMatch(/Cancelled/);
    expect(await page.$$(".mm-results tbody tr.mm-running")).toHaveLength(0);
    expect(await page.isEnabled(".mm-run")).toBe(true);
    expect((await rowsOf(page)).length).toBeLessThan(3 * CANCELLED_BACKENDS.length);
    // Cancelling (the workers stopped, the unfinished row removed) keeps the page responsive too.
    expect(await longTasksOverLimit(page), "main-thread tasks over 200 ms, up to the cancel").toEqual([]);

    await page.evaluate(() => {
      location.hash = "#sizes=64&backends=js-ikj";
    });
    await page.waitForFunction(
      () => !document.querySelector<HTMLInputElement>(".mm-demo input[value='webgl2']")?.checked,
    );
    await page.uncheck(".mm-demo input[value='bandwidth']");
    expect(await runAndWait(page)).toBe("done");
    expect(await rowsOf(page)).toMatchObject([{ backend: "js-ikj", n: "64", verified: "true" }]);
    expect(await longTasksOverLimit(page), "main-thread tasks over 200 ms, the run after").toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
