// `npm run bench:demo`: builds the site, runs the GPU vs CPU matmul demo in headless Chromium, prints its results table.
// Options: --sizes 64,128 --backends js-ikj,webgl2 (default: the demo's defaults), --dir <built site> (skip the build).
import type { AddressInfo } from "node:net";
import { createPreviewServer } from "../_config/cli/preview.ts";
import { defaultBackends, defaultSizes } from "../demos/gpu-vs-cpu-matmul/measurement/backends.ts";
import { serializeHashState } from "../demos/gpu-vs-cpu-matmul/view/hashState.ts";
import type { ResultRow } from "../demos/gpu-vs-cpu-matmul/measurement/results.ts";
import { resultsToMarkdown, type RunContext } from "../demos/gpu-vs-cpu-matmul/view/resultsFormat.ts";
import { launchChromium } from "../test/helpers/chromium.ts";
import { buildRepoSite, expectBuilt } from "../test/helpers/site.ts";

const POST = "stories/2018/10/31/why-gpu-is-important-for-training-deeplearning-models.html";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const sizes = option("--sizes")?.split(",").map(Number) ?? [...defaultSizes];
const backends = (option("--backends")?.split(",") ?? [...defaultBackends]) as ResultRow["backend"][];
const dir = option("--dir") ?? (console.error("Building the site…"), expectBuilt(buildRepoSite()).output);

const server = createPreviewServer({ root: dir });
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium({ webgpu: true });
try {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await context.newPage();
  page.on("console", (message) => message.type() === "error" && console.error(`[page] ${message.text()}`));
  await page.goto(`${origin}/${POST}${serializeHashState({ sizes, backends })}`);
  await page.locator("[data-demo='gpu-vs-cpu-matmul']").scrollIntoViewIfNeeded();
  await page.waitForSelector(".mm-demo[data-state='idle']");
  const started = Date.now();
  await page.click(".mm-run");
  let lastStep = "";
  const progress = setInterval(() => {
    void page.textContent(".mm-step").then(
      (step) => {
        if (step && step !== lastStep)
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
  clearInterval(progress);
  const state = await page.$eval(".mm-demo", (el) => (el as HTMLElement).dataset["state"]);
  await page.click("text=Copy results as JSON");
  await page.waitForFunction(() => document.querySelector(".mm-copy-status")?.textContent !== "");
  const { rows, ...runContext } = JSON.parse(
    await page.evaluate(() => navigator.clipboard.readText()),
  ) as RunContext & { rows: ResultRow[] };
  console.log(resultsToMarkdown(rows, runContext));
  console.log(`State: ${state}; ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  for (const selector of [".mm-devices", ".mm-crossover"]) console.log(await page.textContent(selector));
  const bandwidth = await page.$$eval(".mm-bandwidth tbody tr", (trs) =>
    trs.map((tr) => [...tr.children].map((cell) => cell.textContent).join(" | ")),
  );
  console.log(["", "Memory bandwidth:", ...bandwidth].join("\n"));
} finally {
  await browser.close();
  server.close();
}
