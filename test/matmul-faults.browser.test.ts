// The matmul demo's fault paths on the built seed post, in headless Chromium: no WebGL or WebGPU, a size too big,
// a lost context.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./helpers/chromium.ts";
import { runAndWait as runMatmulDemo, SEED_POST, watchProblems, serveBuiltBlog } from "./helpers/matmulPage.ts";
import type { ServedSite } from "./helpers/servedSite.ts";

// `--disable-webgl`/`--disable-3d-apis` only stop document canvases in Chromium 156; workers' OffscreenCanvas
// still gets WebGL2. Without a GPU process and its software fallback, no WebGL (nor WebGPU) exists anywhere.
const NO_GPU_FLAGS = ["--disable-gpu", "--disable-software-rasterizer"];
// SwiftShader here: WebGL2 MAX_TEXTURE_SIZE 8192, WebGPU maxBufferSize 1 GiB; 16400² float32 is 1.0002 GiB.
const TOO_BIG = 16400;

let close: ServedSite["close"] | undefined;
let baseUrl: string;
let browser: Browser;

interface Watched {
  page: Page;
  problems: string[];
}

async function openPost(target: Browser, hash: string): Promise<Watched> {
  const page = await target.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = watchProblems(page);
  await page.goto(`${baseUrl}${SEED_POST}${hash}`);
  await page.locator("[data-demo='gpu-vs-cpu-matmul']").scrollIntoViewIfNeeded();
  await page.waitForSelector(".mm-demo[data-state='idle']");
  await page.uncheck(".mm-demo input[value='bandwidth']");
  return { page, problems };
}

async function runAndWait(page: Page, timeout = 120_000): Promise<string> {
  return runMatmulDemo(page, timeout);
}

interface ShownRow {
  key: string;
  status: string;
  verified: string;
  gpu: string;
  ran: string;
  why: string;
}

function rowsOf(page: Page): Promise<ShownRow[]> {
  return page.$$eval(".mm-results tbody tr", (rows) =>
    rows.map((row) => {
      const data = (row as HTMLElement).dataset;
      return {
        key: `${data["backend"]}@${data["n"]}`,
        status: data["status"] ?? "",
        verified: data["verified"] ?? "",
        gpu: data["gpu"] ?? "",
        ran: data["ran"] ?? "",
        why: row.querySelector(".mm-verified")?.textContent ?? "",
      };
    }),
  );
}

function byKey(rows: ShownRow[]): Record<string, ShownRow> {
  return Object.fromEntries(rows.map((row) => [row.key, row]));
}

beforeAll(async () => {
  ({ browser, close, baseUrl } = await serveBuiltBlog());
});

afterAll(async () => {
  await close?.();
});

describe("gpu-vs-cpu-matmul faults in the built post", () => {
  it("without WebGL or WebGPU, says so, skips those rows with the reason, and the CPU rows run and verify", async () => {
    const noGpu = await launchChromium({ args: NO_GPU_FLAGS });
    try {
      const { page, problems } = await openPost(
        noGpu,
        "#sizes=64&backends=js-ikj,webasm,webgl2,webgl,webgpu,wgsl-tiled",
      );
      expect(await runAndWait(page)).toBe("done");
      await expect(page.textContent(".mm-notices")).resolves.toMatch(/No WebGL here/);
      await expect(page.textContent(".mm-notices")).resolves.toMatch(
        /No WebGPU: .*\. The WebGPU rows are skipped, the others carry on\./,
      );
      await expect(page.textContent(".mm-devices")).resolves.toMatch(/WebGL: not available/);
      const rows = await rowsOf(page);
      const keys = ["js-ikj@64", "webasm@64", "webgl2@64", "webgl@64", "webgpu@64", "wgsl-tiled@64"];
      expect(rows.map((row) => row.key)).toEqual(keys);
      const shown = byKey(rows);
      for (const key of ["js-ikj@64", "webasm@64"]) {
        expect(shown[key], key).toMatchObject({ status: "ok", verified: "true", gpu: "false" });
      }
      for (const key of ["webgl2@64", "webgl@64", "webgpu@64", "wgsl-tiled@64"]) {
        // Never shown as a GPU result: skipped, with the reason in the row.
        expect(shown[key], key).toMatchObject({ status: "skipped", verified: "false", gpu: "false" });
      }
      for (const key of ["webgl2@64", "webgl@64"]) expect(shown[key]!.why, key).toMatch(/skipped: no WebGL/);
      for (const key of ["webgpu@64", "wgsl-tiled@64"]) expect(shown[key]!.why, key).toMatch(/skipped: .*WebGPU/);
      await expect(page.textContent(".mm-status")).resolves.toMatch(/Done: 6 results, 2 verified/);

      // Still usable: a second run works the same way.
      expect(await runAndWait(page)).toBe("done");
      expect((await rowsOf(page)).map((row) => row.status)).toEqual([
        "ok",
        "ok",
        "skipped",
        "skipped",
        "skipped",
        "skipped",
      ]);
      expect(problems).toEqual([]);
    } finally {
      await noGpu.close();
    }
  });

  it(`skips n = ${TOO_BIG} on every path, naming the limit it exceeds: the GPU's texture or buffer limit, the CPU loops' size limit`, async () => {
    const { page, problems } = await openPost(
      browser,
      `#sizes=${TOO_BIG}&backends=js-ijk,js-ikj,webasm,webgl2,webgpu,wgsl-tiled`,
    );
    expect(await runAndWait(page)).toBe("done");
    const shown = byKey(await rowsOf(page));
    expect(Object.keys(shown)).toEqual(
      ["js-ijk", "js-ikj", "webasm", "webgl2", "webgpu", "wgsl-tiled"].map((backend) => `${backend}@${TOO_BIG}`),
    );
    for (const row of Object.values(shown)) {
      expect(row, row.key).toMatchObject({ status: "skipped", verified: "false", gpu: "false" });
    }
    expect(shown[`webgl2@${TOO_BIG}`]!.why).toMatch(/skipped: larger than this GPU's texture limit \(8192\)/);
    for (const key of [`webgpu@${TOO_BIG}`, `wgsl-tiled@${TOO_BIG}`]) {
      expect(shown[key]!.why, key).toMatch(
        /skipped: a 16400×16400 matrix \(1026 MiB\) exceeds this device's buffer limit \(1024 MiB\)/,
      );
    }
    // A CPU backend asked for a size past its limit is skipped, not run.
    for (const key of [`js-ijk@${TOO_BIG}`, `js-ikj@${TOO_BIG}`, `webasm@${TOO_BIG}`])
      expect(shown[key]!.why, key).toMatch(/skipped: too slow on a CPU above n = (2048|4096)/);
    await expect(page.textContent(".mm-status")).resolves.toMatch(/Done: 6 results, 0 verified/);
    // No auto-tune of a kernel that no chosen size fits.
    await expect(page.textContent(".mm-notices")).resolves.not.toMatch(/auto-tune/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a WebGL context lost mid-run marks that row as an error, skips the backend's later sizes, and the others carry on", async () => {
    const { page, problems } = await openPost(browser, "#sizes=32,64&backends=js-ikj,webgl2,webgpu&debug=lose-context");
    expect(await runAndWait(page)).toBe("done");
    const rows = await rowsOf(page);
    expect(rows.map((row) => [row.key, row.status])).toEqual([
      ["js-ikj@32", "ok"],
      ["webgl2@32", "error"],
      ["webgpu@32", "ok"],
      ["js-ikj@64", "ok"],
      ["webgl2@64", "skipped"],
      ["webgpu@64", "ok"],
    ]);
    const shown = byKey(rows);
    expect(shown["webgl2@32"]).toMatchObject({ verified: "false", gpu: "false" });
    expect(shown["webgl2@32"]!.why).toMatch(/^error: .*WebGL context lost/);
    expect(shown["webgl2@64"]!.why).toMatch(/^skipped: stopped earlier in this run: .*WebGL context lost/);
    // The others carry on, the other gpu.js backend in the same worker too, and still on the GPU.
    for (const key of ["js-ikj@32", "webgpu@32", "js-ikj@64", "webgpu@64"])
      expect(shown[key]!.verified, key).toBe("true");
    expect(shown["webgpu@64"]!.gpu).toBe("true");
    await expect(page.textContent(".mm-notices")).resolves.toMatch(
      /webgl2: .*WebGL context lost.*Its remaining sizes are skipped; the other backends carry on\./,
    );
    // The hook stays in the hash (off unless asked for), and a run without it is healthy again.
    expect(await page.evaluate(() => location.hash)).toBe(
      "#sizes=32,64&backends=js-ikj,webgl2,webgpu&debug=lose-context",
    );
    await page.evaluate(() => {
      location.hash = "#sizes=32&backends=webgl2";
    });
    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>(".mm-demo input[value='64']")?.checked);
    expect(await runAndWait(page)).toBe("done");
    expect(await rowsOf(page)).toMatchObject([{ key: "webgl2@32", status: "ok", verified: "true", gpu: "true" }]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
