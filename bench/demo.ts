// `npm run bench:demo`: builds the site, runs the GPU vs CPU matmul demo in headless Chromium, prints its results.
// Two runs: the reader's default run (its wall time is the figure that matters for a first visit), then n = 512 on
// js-ijk and wasm-tiled alone, for wasm-tiled's GFLOP/s, its ratio to js-ijk and its share of the measured peak.
// Options: --sizes 64,128 --backends js-ikj,webgl2 (the first run; default: the demo's defaults),
// --dir <built site> (skip the build).
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { createPreviewServer } from "../cli/preview.ts";
import { defaultBackends, defaultSizes } from "../demos/gpu-vs-cpu-matmul/measurement/backends.ts";
import { percentOfPeak, type MeasuredPeaks } from "../demos/gpu-vs-cpu-matmul/measurement/peaks.ts";
import type { ResultRow } from "../demos/gpu-vs-cpu-matmul/measurement/results.ts";
import { serializeHashState } from "../demos/gpu-vs-cpu-matmul/view/hashState.ts";
import { resultsToMarkdown, type RunContext } from "../demos/gpu-vs-cpu-matmul/view/resultsFormat.ts";
import { commandArgsOrExit } from "../cli/commandArgs.ts";
import { launchChromium } from "../tools/chromium.ts";
import { buildRepoSite, expectBuilt } from "../tools/siteBuilds.ts";

const POST = "stories/2018/10/31/why-gpu-is-important-for-training-deeplearning-models.html";

interface DemoRun {
  state: string;
  seconds: number;
  rows: ResultRow[];
  context: RunContext & { peaks?: MeasuredPeaks };
  texts: Record<string, string>;
}

async function runDemo(browser: Browser, origin: string, hash: string): Promise<DemoRun> {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await context.newPage();
  page.on("console", (message) => message.type() === "error" && console.error(`[page] ${message.text()}`));
  await page.goto(`${origin}/${POST}${hash}`);
  await page.locator("[data-demo='gpu-vs-cpu-matmul']").scrollIntoViewIfNeeded();
  await page.waitForSelector(".mm-demo[data-state='idle']");
  const started = Date.now();
  await page.click(".mm-run");
  let lastStep = "";
  const progress = setInterval(() => {
    void page
      .evaluate(
        () =>
          `${document.querySelector(".mm-time-left")?.textContent ?? ""} | ${document.querySelector(".mm-step")?.textContent ?? ""}`,
      )
      .then(
        (step) => {
          if (step !== lastStep)
            console.error(`  ${((Date.now() - started) / 1000).toFixed(0)} s  ${(lastStep = step)}`);
        },
        () => undefined,
      );
  }, 2000);
  await page.waitForFunction(
    () =>
      ["done", "cancelled", "error"].includes(document.querySelector<HTMLElement>(".mm-demo")?.dataset["state"] ?? ""),
    null,
    { timeout: 0 },
  );
  const seconds = (Date.now() - started) / 1000;
  clearInterval(progress);
  const state = await page.$eval(".mm-demo", (el) => (el as HTMLElement).dataset["state"] ?? "");
  await page.click("text=Copy results as JSON");
  await page.waitForFunction(() => document.querySelector(".mm-copy-status")?.textContent !== "");
  const { rows, ...runContext } = JSON.parse(
    await page.evaluate(() => navigator.clipboard.readText()),
  ) as RunContext & {
    rows: ResultRow[];
  };
  const texts: Record<string, string> = {};
  for (const selector of [
    ".mm-devices",
    ".mm-notices",
    ".mm-conclusion",
    ".mm-crossover",
    ".mm-roofline .mm-chart-summary",
  ])
    texts[selector] = (await page.textContent(selector)) ?? "";
  texts["bandwidth"] = (
    await page.$$eval(".mm-bandwidth tbody tr, .mm-peaks tbody tr", (trs) =>
      trs.map((tr) => [...tr.children].map((cell) => cell.textContent).join(" | ")),
    )
  ).join("\n");
  await context.close();
  return { state, seconds, rows, context: runContext, texts };
}

function printRun(title: string, run: DemoRun): void {
  console.log(`\n## ${title}\n`);
  console.log(resultsToMarkdown(run.rows, run.context));
  console.log(`State: ${run.state}; wall time ${run.seconds.toFixed(0)} s.`);
  for (const [selector, text] of Object.entries(run.texts)) if (text) console.log(`\n${selector}:\n${text}`);
}

const { values } = commandArgsOrExit(
  "usage: npm run bench:demo -- [--sizes 64,128] [--backends js-ikj,webgl2] [--dir <built site>]",
  {
    args: process.argv.slice(2),
    options: { sizes: { type: "string" }, backends: { type: "string" }, dir: { type: "string" } },
  },
);
const sizes = values.sizes?.split(",").map(Number) ?? [...defaultSizes];
const backends = (values.backends?.split(",") ?? [...defaultBackends]) as ResultRow["backend"][];
const dir = values.dir ?? (console.error("Building the site…"), expectBuilt(buildRepoSite()).output);

const server = createPreviewServer({ root: dir });
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium({ webgpu: true });
try {
  const first = await runDemo(browser, origin, serializeHashState({ sizes, backends }));
  printRun("The default run (what a reader gets on pressing Run)", first);
  const focus = await runDemo(
    browser,
    origin,
    serializeHashState({ sizes: [512], backends: ["js-ijk", "wasm-tiled"] }),
  );
  printRun("n = 512: js-ijk and wasm-tiled", focus);

  const at512 = (backend: string): ResultRow | undefined =>
    focus.rows.find((row) => row.backend === backend && row.n === 512 && row.status === "ok" && row.verified);
  const tiled = at512("wasm-tiled");
  const ijk = at512("js-ijk");
  const peaks = focus.context.peaks ?? {};
  console.log("\n## Summary\n");
  if (tiled?.gflops && ijk?.gflops) {
    const ofPeak = percentOfPeak(tiled, peaks);
    console.log(`wasm-tiled at n = 512: ${tiled.gflops.toFixed(1)} GFLOP/s (${tiled.ran}).`);
    console.log(
      `Ratio to js-ijk (${ijk.gflops.toFixed(2)} GFLOP/s): ${(tiled.gflops / ijk.gflops).toFixed(1)}× (goal ≥ 10×).`,
    );
    console.log(
      `Share of the page's measured SIMD peak × threads (${peaks.cpuPerThreadGflops?.toFixed(1)} GFLOP/s × ${tiled.threads ?? 1}): ` +
        `${ofPeak?.toFixed(0)}% (goal ≥ 30%, stretch 50%).`,
    );
  } else console.log("wasm-tiled or js-ijk did not verify at n = 512: no ratio.");
  console.log(`Default-run wall time: ${first.seconds.toFixed(0)} s (goal ≤ 120 s), state ${first.state}.`);
} finally {
  await browser.close();
  server.close();
}
