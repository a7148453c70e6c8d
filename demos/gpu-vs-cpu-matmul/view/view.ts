// The demo's DOM: controls, status, progress, results table, charts and the bandwidth panel. No logic beyond display.
import { backends, defaultBackends, defaultSizes, largeSizes, type BackendId } from "../measurement/backends.ts";
import { h, uniqueId } from "./dom.ts";
import { percentOfPeak, type MeasuredPeaks } from "../measurement/peaks.ts";
import type { ReferenceResult } from "../measurement/references.ts";
import { isChartable, type ResultRow } from "../measurement/results.ts";
import { formatSpread, verifiedText } from "./resultsFormat.ts";

export type DemoState = "idle" | "running" | "done" | "cancelled" | "error";

export interface DemoView {
  root: HTMLElement;
  runButton: HTMLButtonElement;
  cancelButton: HTMLButtonElement;
  copyMarkdownButton: HTMLButtonElement;
  copyJsonButton: HTMLButtonElement;
  bandwidthCheckbox: HTMLInputElement;
  sizeBoxes: Map<number, HTMLInputElement>;
  backendBoxes: Map<BackendId, HTMLInputElement>;
  gflopsCanvas: HTMLCanvasElement;
  timeCanvas: HTMLCanvasElement;
  rooflineCanvas: HTMLCanvasElement;
  gflopsSummary: HTMLElement;
  timeSummary: HTMLElement;
  rooflineSummary: HTMLElement;
  crossoverText: HTMLElement;
  conclusion: HTMLElement;
  timeLeft: HTMLElement;
  peaksBody: HTMLTableSectionElement;
  devices: HTMLElement;
  emulated: HTMLElement;
  notices: HTMLUListElement;
  status: HTMLElement;
  step: HTMLElement;
  progress: HTMLProgressElement;
  tbody: HTMLTableSectionElement;
  copyStatus: HTMLElement;
  copyFallback: HTMLTextAreaElement;
  bandwidthBody: HTMLTableSectionElement;
}

const columns = [
  "backend",
  "ran",
  "device",
  "n",
  "first call (ms)",
  "median (ms)",
  "spread min–max (ms)",
  "GFLOP/s",
  "% of its device's measured peak",
  "share of best GPU",
  "data kept on GPU: median (ms)",
  "verified",
];

function checkbox(name: string, value: string, text: string, checked: boolean): [HTMLLabelElement, HTMLInputElement] {
  const input = h("input", { type: "checkbox", name, value, checked });
  return [h("label", { class: "mm-choice" }, input, " ", text), input];
}

export function buildView(
  root: HTMLElement,
  sizes: readonly number[],
  chosenSizes: readonly number[],
  chosenBackends: readonly BackendId[],
  references: readonly ReferenceResult[],
): DemoView {
  root.classList.add("mm-demo");
  root.dataset["state"] = "idle";
  const name = uniqueId("mm");

  const sizeBoxes = new Map<number, HTMLInputElement>();
  const sizeLabels = sizes.map((n) => {
    const slow = largeSizes.includes(n) ? " (slow)" : "";
    const [label, input] = checkbox(`${name}-size`, String(n), `${n}${slow}`, chosenSizes.includes(n));
    sizeBoxes.set(n, input);
    return label;
  });
  const backendBoxes = new Map<BackendId, HTMLInputElement>();
  const backendLabels = backends.map((backend) => {
    const [label, input] = checkbox(
      `${name}-backend`,
      backend.id,
      `${backend.id}: ${backend.label}`,
      chosenBackends.includes(backend.id),
    );
    backendBoxes.set(backend.id, input);
    return label;
  });
  const [bandwidthLabel, bandwidthCheckbox] = checkbox(
    `${name}-bandwidth`,
    "bandwidth",
    "also measure memory bandwidth",
    true,
  );

  const runButton = h("button", { type: "button", class: "mm-run" }, "Run");
  const cancelButton = h("button", { type: "button", class: "mm-cancel", disabled: true }, "Cancel");
  const progressId = `${name}-progress`;
  const progress = h("progress", { id: progressId, max: "1", value: "0" });
  const step = h("span", { class: "mm-step" }, "Not started.");
  const timeLeft = h("span", { class: "mm-time-left" });
  const status = h(
    "p",
    { class: "mm-status", role: "status", "aria-live": "polite" },
    "Press Run to measure on this device. Nothing runs until you do.",
  );
  const devices = h("p", { class: "mm-devices" });
  const emulated = h("p", { class: "mm-emulated", role: "note", hidden: true });
  const notices = h("ul", { class: "mm-notices", "aria-live": "polite" });

  const tbody = h("tbody");
  const table = h(
    "table",
    { class: "mm-results" },
    h(
      "caption",
      {},
      "Matrix multiplication C = A·B (n×n, float32): time per product and throughput. Numbers appear only after the product is checked against float64.",
    ),
    h("thead", {}, h("tr", {}, ...columns.map((column) => h("th", { scope: "col" }, column)))),
    tbody,
  );
  const tableWrap = h(
    "div",
    {
      class: "mm-table-wrap",
      tabindex: "0",
      role: "region",
      "aria-label": "Results table, scrolls sideways on small screens",
    },
    table,
  );

  const copyMarkdownButton = h("button", { type: "button", disabled: true }, "Copy results as Markdown");
  const copyJsonButton = h("button", { type: "button", disabled: true }, "Copy results as JSON");
  const copyStatus = h("span", { class: "mm-copy-status", "aria-live": "polite" });
  const copyFallback = h("textarea", {
    class: "mm-copy-fallback",
    readonly: true,
    rows: "6",
    hidden: true,
    "aria-label": "Results to copy",
  });

  const chart = (title: string): [HTMLElement, HTMLCanvasElement, HTMLElement] => {
    const summaryId = uniqueId(`${name}-summary`);
    const canvas = h("canvas", { role: "img", "aria-label": title, "aria-describedby": summaryId });
    const summary = h("p", { class: "mm-chart-summary", id: summaryId }, "No results yet.");
    const figure = h(
      "figure",
      { class: "mm-chart" },
      h("div", { class: "mm-canvas-box" }, canvas),
      h("figcaption", {}, h("strong", {}, title), summary),
    );
    return [figure, canvas, summary];
  };
  const [gflopsFigure, gflopsCanvas, gflopsSummary] = chart("Throughput: GFLOP/s against matrix size");
  const [timeFigure, timeCanvas, timeSummary] = chart("Time per product against matrix size");
  const [rooflineFigure, rooflineCanvas, rooflineSummary] = chart(
    "Roofline: GFLOP/s against arithmetic intensity (FLOP per byte), with each device's measured roof",
  );
  rooflineFigure.classList.add("mm-roofline");
  const crossoverText = h("p", { class: "mm-crossover" });
  const conclusion = h("p", { class: "mm-conclusion", "aria-live": "polite" });

  const peaksBody = h("tbody");
  const peaks = h(
    "section",
    { class: "mm-peaks", "aria-labelledby": `${name}-peaks-title` },
    h("h3", { id: `${name}-peaks-title` }, "This device's measured limits"),
    h(
      "p",
      {},
      "Measured at the start of each run: a loop of independent multiply-adds with no memory traffic, which no matrix product can beat. Each result row shows its percentage of its own device's figure (a CPU row: the per-thread peak times the threads it used).",
    ),
    h(
      "div",
      { class: "mm-table-wrap", tabindex: "0", role: "region", "aria-label": "Peaks table" },
      h(
        "table",
        { class: "mm-peaks-table" },
        h("caption", {}, "Peak float32 throughput measured in this browser"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "what"),
            h("th", { scope: "col" }, "GFLOP/s"),
            h("th", { scope: "col" }, "how"),
          ),
        ),
        peaksBody,
      ),
    ),
  );

  const bandwidthBody = h("tbody");
  const reference = (what: string, value: string): HTMLTableRowElement =>
    h(
      "tr",
      { class: "mm-reference" },
      h("th", { scope: "row" }, what),
      h("td", {}, value),
      h("td", {}, "reference figure"),
    );
  bandwidthBody.append(
    reference("The post (2018): CPU memory", "50 GB/s"),
    reference("The post (2018): GPU memory", "750 GB/s"),
    reference("Today: dual-channel DDR5", "≈ 90–100 GB/s"),
    reference("Today: discrete GPUs", "0.5–1 TB/s"),
    reference("Today: NVIDIA H100 (HBM3)", "3.35 TB/s"),
  );
  const bandwidth = h(
    "section",
    { class: "mm-bandwidth", "aria-labelledby": `${name}-bw-title` },
    h("h3", { id: `${name}-bw-title` }, "Memory bandwidth"),
    h(
      "p",
      {},
      "A copy reads and writes every byte, so GB/s here counts both. Browser copies add overhead, so expect well below the hardware's peak.",
    ),
    h(
      "div",
      { class: "mm-table-wrap", tabindex: "0", role: "region", "aria-label": "Bandwidth table" },
      h(
        "table",
        { class: "mm-bandwidth-table" },
        h("caption", {}, "Copy bandwidth measured in this browser, next to the post's figures and today's"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "what"),
            h("th", { scope: "col" }, "bandwidth"),
            h("th", { scope: "col" }, "how"),
          ),
        ),
        bandwidthBody,
      ),
    ),
  );

  // The page may label the demo's region by an id its placeholder title carried; keep that label alive.
  const labelId = root.getAttribute("aria-labelledby");
  const title =
    labelId && !document.getElementById(labelId)
      ? h("p", { class: "mm-title", id: labelId }, h("strong", {}, "GPU vs CPU: matrix multiplication in your browser"))
      : null;

  root.replaceChildren(
    ...(title ? [title] : []),
    h(
      "div",
      { class: "mm-controls" },
      h("fieldset", {}, h("legend", {}, "Matrix sizes n (n×n)"), ...sizeLabels),
      h("fieldset", {}, h("legend", {}, "Backends"), ...backendLabels),
      h("div", { class: "mm-buttons" }, runButton, cancelButton, bandwidthLabel),
    ),
    h("div", { class: "mm-progress" }, h("label", { for: progressId }, "Progress"), progress, timeLeft, step),
    status,
    devices,
    emulated,
    notices,
    tableWrap,
    h("div", { class: "mm-copy" }, copyMarkdownButton, copyJsonButton, copyStatus),
    copyFallback,
    conclusion,
    h("div", { class: "mm-charts" }, gflopsFigure, timeFigure),
    crossoverText,
    peaks,
    bandwidth,
    h("div", { class: "mm-charts mm-charts-wide" }, rooflineFigure),
    referencesSection(name, references),
  );

  return {
    root,
    runButton,
    cancelButton,
    copyMarkdownButton,
    copyJsonButton,
    bandwidthCheckbox,
    sizeBoxes,
    backendBoxes,
    gflopsCanvas,
    timeCanvas,
    rooflineCanvas,
    gflopsSummary,
    timeSummary,
    rooflineSummary,
    crossoverText,
    conclusion,
    timeLeft,
    peaksBody,
    devices,
    emulated,
    notices,
    status,
    step,
    progress,
    tbody,
    copyStatus,
    copyFallback,
    bandwidthBody,
  };
}

export function setState(view: DemoView, state: DemoState): void {
  view.root.dataset["state"] = state;
  const running = state === "running";
  view.runButton.disabled = running;
  view.cancelButton.disabled = !running;
  for (const box of [...view.sizeBoxes.values(), ...view.backendBoxes.values(), view.bandwidthCheckbox])
    box.disabled = running;
}

export function addNotice(view: DemoView, message: string): void {
  view.notices.append(h("li", {}, message));
}

function num(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? "" : value.toFixed(digits);
}

function rowKey(backend: string, n: number): string {
  return `${backend}@${n}`;
}

export function showRunning(view: DemoView, backend: BackendId, n: number): void {
  const tr = h(
    "tr",
    {
      "data-key": rowKey(backend, n),
      "data-backend": backend,
      "data-n": String(n),
      "data-status": "running",
      class: "mm-running",
    },
    h("th", { scope: "row" }, backend),
    h("td", { colspan: String(columns.length - 1) }, `running n = ${n}…`),
  );
  view.tbody.append(tr);
}

/** Writes one finished row, and refreshes the GPU share for every row of the same n. */
export function showRow(view: DemoView, row: ResultRow, allRows: readonly ResultRow[], peaks: MeasuredPeaks): void {
  const ofPeak = row.status === "ok" && row.verified ? percentOfPeak(row, peaks) : undefined;
  const shown = row.status === "ok" && row.verified;
  const data: Record<string, string> = {
    "data-key": rowKey(row.backend, row.n),
    "data-backend": row.backend,
    "data-n": String(row.n),
    "data-ran": row.ran,
    "data-gpu": String(row.ranOnGpu),
    "data-threads": row.threads === undefined ? "" : String(row.threads),
    "data-status": row.status,
    "data-verified": String(row.verified),
    "data-first-ms": num(row.firstMs, 4),
    "data-median-ms": shown ? num(row.timing?.medianMs, 4) : "",
    "data-gflops": shown ? num(row.gflops, 4) : "",
    "data-percent-of-peak": ofPeak === undefined ? "" : ofPeak.toFixed(2),
    "data-resident-ms": shown ? num(row.resident?.medianMs, 4) : "",
    "data-worst-error": row.worstError === undefined ? "" : String(row.worstError),
  };
  const tr = h(
    "tr",
    { ...data, class: `mm-${row.status}` },
    h("th", { scope: "row" }, row.backend),
    h("td", {}, row.ran),
    h("td", { class: "mm-device" }, row.device),
    h("td", { class: "mm-num" }, String(row.n)),
    h("td", { class: "mm-num" }, num(row.firstMs, 2)),
    h("td", { class: "mm-num" }, shown ? num(row.timing?.medianMs) : ""),
    h("td", { class: "mm-num" }, shown ? formatSpread(row.timing) : ""),
    h("td", { class: "mm-num" }, shown ? num(row.gflops) : ""),
    h(
      "td",
      { class: "mm-num mm-of-peak" },
      ofPeak === undefined ? "" : `${ofPeak < 1 ? ofPeak.toFixed(2) : ofPeak.toFixed(0)}%`,
    ),
    h("td", { class: "mm-num mm-share" }),
    h(
      "td",
      { class: "mm-num" },
      shown && row.resident ? `${num(row.resident.medianMs)} (${num(row.residentGflops, 2)} GFLOP/s)` : "",
    ),
    h(
      "td",
      { class: "mm-verified" },
      verifiedText(row) + (row.note && row.status !== "skipped" && row.status !== "error" ? ` — ${row.note}` : ""),
    ),
  );
  const existing = view.tbody.querySelector(`tr[data-key="${CSS.escape(rowKey(row.backend, row.n))}"]`);
  if (existing) existing.replaceWith(tr);
  else view.tbody.append(tr);
  refreshShares(view, allRows, row.n);
}

function refreshShares(view: DemoView, rows: readonly ResultRow[], n: number): void {
  const gpuRows = rows.filter((row) => row.n === n && row.ranOnGpu && isChartable(row));
  const best = Math.max(0, ...gpuRows.map((row) => row.gflops!));
  for (const row of gpuRows) {
    const cell = view.tbody.querySelector(`tr[data-key="${CSS.escape(rowKey(row.backend, n))}"] .mm-share`);
    if (cell && best > 0) cell.textContent = `${Math.round((100 * row.gflops!) / best)}%`;
  }
}

export function showBandwidth(
  view: DemoView,
  what: string,
  gbps: number | undefined,
  how: string,
  verified: boolean,
): void {
  const value = gbps === undefined ? "not measured" : `${gbps.toFixed(1)} GB/s`;
  const tr = h(
    "tr",
    {
      class: "mm-measured",
      "data-bandwidth": what,
      "data-gbps": gbps === undefined ? "" : gbps.toFixed(3),
      "data-verified": String(verified),
    },
    h("th", { scope: "row" }, `This browser: ${what}`),
    h("td", {}, value),
    h("td", {}, `${how}${verified ? ", verified" : gbps === undefined ? "" : ", NOT verified"}`),
  );
  view.bandwidthBody.insertBefore(tr, view.bandwidthBody.querySelector(".mm-reference"));
}

/** One measured peak in the peaks table; `gflops` undefined says why it is missing in `how`. */
export function showPeak(view: DemoView, key: string, what: string, gflops: number | undefined, how: string): void {
  view.peaksBody.append(
    h(
      "tr",
      { "data-peak": key, "data-gflops": gflops === undefined ? "" : gflops.toFixed(3) },
      h("th", { scope: "row" }, what),
      h("td", { class: "mm-num" }, gflops === undefined ? "not measured" : gflops.toFixed(1)),
      h("td", {}, how),
    ),
  );
}

function referencesSection(name: string, references: readonly ReferenceResult[]): HTMLElement {
  const intro =
    references.length === 0
      ? "None yet. Reference results are added only from real measurements on real machines (npm run bench:demo on a machine with a GPU); no such run has been made for this version of the demo, so this list is empty rather than invented."
      : "Measured with npm run bench:demo on the machines named; compare them with your own rows above.";
  const list = h(
    "ul",
    { class: "mm-reference-list" },
    ...references.map((reference) =>
      h(
        "li",
        { "data-reference": reference.device },
        h("strong", {}, reference.device),
        ` (${reference.browser}, ${reference.date}): `,
        reference.results.map((result) => `${result.backend} n = ${result.n}: ${result.gflops} GFLOP/s`).join("; "),
      ),
    ),
  );
  return h(
    "section",
    { class: "mm-references", "aria-labelledby": `${name}-ref-title` },
    h("h3", { id: `${name}-ref-title` }, "Reference results from other machines"),
    h("p", {}, intro),
    list,
  );
}

export function clearResults(view: DemoView): void {
  view.peaksBody.replaceChildren();
  view.conclusion.textContent = "";
  view.timeLeft.textContent = "";
  view.tbody.replaceChildren();
  view.notices.replaceChildren();
  view.bandwidthBody.querySelectorAll(".mm-measured").forEach((row) => row.remove());
  view.crossoverText.textContent = "";
  view.copyFallback.hidden = true;
  view.copyStatus.textContent = "";
}

export const defaultChoices = { sizes: defaultSizes, backends: defaultBackends };
