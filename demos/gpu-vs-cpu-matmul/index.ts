// GPU vs CPU matrix multiplication, measured and verified in the reader's browser. Entry: mount(el) returns a cleanup.
import "./style.css";
import cpuWorkerUrl from "./workers/cpu.worker.ts?worker-url";
import gpuWorkerUrl from "./workers/gpu.worker.ts?worker-url";
import { defaultBackends, defaultSizes, largeSizes, type BackendId } from "./measurement/backends.ts";
import type { MatmulCharts } from "./view/charts.ts";
import { chartSummary } from "./view/chartText.ts";
import { copyGigabytesPerSecond } from "./measurement/cpuBandwidth.ts";
import { explainCrossover, findCrossover } from "./measurement/crossover.ts";
import { parseHashState, serializeHashState } from "./view/hashState.ts";
import { CancelledError, defaultRepeatPolicy, throwIfCancelled } from "./measurement/measureRepeated.ts";
import { isChartable, type ResultRow } from "./measurement/results.ts";
import { resultsToJson, resultsToMarkdown, type RunContext } from "./view/resultsFormat.ts";
import { emulatedWarning } from "./devices/softwareRenderer.ts";
import { summarizeTimings } from "./measurement/statistics.ts";
import { emulatedGpuNames, runSweep, type SweepEnvironment } from "./measurement/sweep.ts";
import {
  addNotice,
  buildView,
  clearResults,
  setState,
  showBandwidth,
  showRow,
  showRunning,
  type DemoView,
} from "./view/view.ts";
import { WorkerClient } from "./workers/workerClient.ts";
import type { CpuWorkerReply, CpuWorkerRequest, GpuWorkerReply, GpuWorkerRequest } from "./workers/workerProtocol.ts";
import { yieldToPage } from "./view/yieldToPage.ts";

/** 32 MiB per copy: far past every CPU cache, small enough for a phone. */
const bandwidthBytes = 32 * 2 ** 20;

function chosen(view: DemoView): { sizes: number[]; backends: BackendId[] } {
  const sizes = [...view.sizeBoxes]
    .filter(([, box]) => box.checked)
    .map(([n]) => n)
    .sort((x, y) => x - y);
  const backends = [...view.backendBoxes].filter(([, box]) => box.checked).map(([id]) => id);
  return { sizes, backends };
}

function environmentText(environment: SweepEnvironment): string {
  const { webgl, webgpu } = environment.probe;
  return [
    `CPU: ${environment.cores} logical cores${environment.crossOriginIsolated ? ", cross-origin isolated (WASM threads on)" : ""}.`,
    `WebGL: ${webgl ? `${webgl.renderer} (${webgl.version})` : "not available"}.`,
    `WebGPU: ${webgpu.ok ? `${webgpu.description}${webgpu.isFallbackAdapter ? " (fallback adapter)" : ""}` : webgpu.reason}.`,
  ].join(" ");
}

export function mount(el: HTMLElement): () => void {
  const fromHash = parseHashState(location.hash);
  const sizes = [...new Set([...defaultSizes, ...largeSizes, ...(fromHash.sizes ?? [])])].sort((x, y) => x - y);
  const view = buildView(el, sizes, fromHash.sizes ?? defaultSizes, fromHash.backends ?? defaultBackends);
  const cpuWorker = new WorkerClient<CpuWorkerRequest, CpuWorkerReply>(cpuWorkerUrl, "matmul CPU");
  const gpuWorker = new WorkerClient<GpuWorkerRequest, GpuWorkerReply>(gpuWorkerUrl, "matmul GPU");
  let controller: AbortController | undefined;
  let charts: MatmulCharts | undefined;
  let rows: ResultRow[] = [];
  let context: RunContext = {};
  let unmounted = false;

  const writeHash = (): void => {
    // A debug option stays in the hash until the reader removes it.
    const { debug } = parseHashState(location.hash);
    const hash = serializeHashState({ ...chosen(view), ...(debug ? { debug } : {}) });
    if (hash !== location.hash)
      history.replaceState(history.state, "", `${location.pathname}${location.search}${hash}`);
  };
  const readHash = (): void => {
    const state = parseHashState(location.hash);
    if (state.sizes) for (const [n, box] of view.sizeBoxes) box.checked = state.sizes.includes(n);
    if (state.backends) for (const [id, box] of view.backendBoxes) box.checked = state.backends.includes(id);
  };

  const chartColors = (): { text: string; grid: string } => {
    const style = getComputedStyle(view.root);
    return {
      text: style.getPropertyValue("--mm-fg").trim() || "#222",
      grid: style.getPropertyValue("--mm-grid").trim() || "rgba(128,128,128,0.3)",
    };
  };

  const refreshCharts = (runSizes: readonly number[], emulated: boolean): void => {
    const crossover = findCrossover(rows);
    const gpuSmallest = rows
      .filter((row) => row.ranOnGpu && isChartable(row))
      .sort((x, y) => x.n - y.n || x.timing!.medianMs - y.timing!.medianMs)[0];
    view.crossoverText.textContent = explainCrossover(crossover, gpuSmallest?.timing?.medianMs, emulated);
    view.gflopsSummary.textContent = chartSummary(rows, "gflops");
    view.timeSummary.textContent = chartSummary(rows, "ms");
    charts?.update(rows, runSizes, crossover);
  };

  const run = async (): Promise<void> => {
    const { sizes: runSizes, backends: runBackends } = chosen(view);
    if (runSizes.length === 0 || runBackends.length === 0) {
      view.status.textContent = "Choose at least one size and one backend.";
      return;
    }
    writeHash();
    controller = new AbortController();
    const { signal } = controller;
    // Terminating the workers is what makes Cancel immediate, whatever they are doing.
    signal.addEventListener("abort", () => {
      cpuWorker.terminate("cancelled");
      gpuWorker.terminate("cancelled");
    });
    rows = [];
    clearResults(view);
    setState(view, "running");
    view.status.textContent = `Running ${runBackends.length} backends × ${runSizes.length} sizes…`;
    try {
      view.step.textContent = "asking the browser about its GPU";
      const probed = await gpuWorker.request({ type: "probe" });
      if (probed.type !== "probe") throw new Error("the GPU worker did not answer the probe");
      const environment: SweepEnvironment = {
        probe: probed.probe,
        cores: navigator.hardwareConcurrency || 1,
        crossOriginIsolated: globalThis.crossOriginIsolated === true,
      };
      const { webgl, webgpu } = environment.probe;
      view.devices.textContent = environmentText(environment);
      const emulatedNames = emulatedGpuNames(environment.probe);
      view.emulated.hidden = emulatedNames.length === 0;
      view.emulated.textContent = emulatedNames.length ? `${emulatedWarning} (${emulatedNames.join("; ")})` : "";
      context = {
        environment: navigator.userAgent,
        gpuDevice: webgl?.renderer ?? (webgpu.ok ? webgpu.description : undefined),
        emulatedGpu: emulatedNames.length > 0,
      };
      if (!webgl) addNotice(view, "No WebGL here: the gpu.js webgl2/webgl rows are skipped, the others carry on.");
      if (!webgpu.ok) addNotice(view, `No WebGPU: ${webgpu.reason}. The WebGPU rows are skipped, the others carry on.`);

      if (!charts) {
        try {
          charts = await createChartsLazily(view, chartColors());
        } catch (error) {
          addNotice(
            view,
            `The charts could not load (${(error as Error).message}); the table still shows every result.`,
          );
        }
      }
      throwIfCancelled(signal);

      await runSweep({
        sizes: runSizes,
        backends: runBackends,
        cpuWorker,
        gpuWorker,
        environment,
        policy: defaultRepeatPolicy,
        signal,
        between: yieldToPage,
        onRowStart: (backend, n) => showRunning(view, backend, n),
        onRow: (row) => {
          rows.push(row);
          showRow(view, row, rows);
          refreshCharts(runSizes, emulatedNames.length > 0);
        },
        onStep: (step, done, total) => {
          view.step.textContent = step;
          view.progress.max = total;
          view.progress.value = done;
        },
        onNotice: (message) => addNotice(view, message),
        loseWebglContext: parseHashState(location.hash).debug === "lose-context",
      });

      if (view.bandwidthCheckbox.checked) {
        view.step.textContent = "memory bandwidth: CPU typed-array copy";
        const reply = await cpuWorker.request({
          type: "bandwidth",
          bytes: bandwidthBytes,
          policy: defaultRepeatPolicy,
        });
        if (reply.type === "bandwidth") {
          const timing = summarizeTimings(reply.samplesMs);
          showBandwidth(
            view,
            "CPU, typed-array copy",
            copyGigabytesPerSecond(reply.bytes, timing.medianMs),
            "Float32Array.set, 32 MiB, in a worker",
            reply.verified,
          );
        }
        throwIfCancelled(signal);
        view.step.textContent = "memory bandwidth: GPU buffer copy";
        try {
          const gpuReply = await gpuWorker.request({
            type: "bandwidth",
            bytes: bandwidthBytes,
            policy: defaultRepeatPolicy,
          });
          const gpuCopy = gpuReply.type === "bandwidth" ? gpuReply.result : undefined;
          const emulatedNote = emulatedNames.length ? " (software renderer: this is CPU memory)" : "";
          if (gpuCopy)
            showBandwidth(
              view,
              `GPU${emulatedNote}`,
              copyGigabytesPerSecond(gpuCopy.bytes, gpuCopy.timing.medianMs),
              `${gpuCopy.via}, 32 MiB × 8, in a worker`,
              gpuCopy.verified,
            );
          else showBandwidth(view, "GPU", undefined, "no WebGPU and no WebGL2 here", false);
        } catch (error) {
          if (signal.aborted) throw new CancelledError();
          showBandwidth(view, "GPU", undefined, `failed: ${(error as Error).message}`, false);
        }
      }
      const verified = rows.filter((row) => row.verified).length;
      const wrong = rows.filter((row) => row.status === "wrong").length;
      view.status.textContent = `Done: ${rows.length} results, ${verified} verified${wrong ? `, ${wrong} WRONG (kept out of the charts)` : ""}.`;
      view.step.textContent = "Done.";
      setState(view, "done");
    } catch (error) {
      if (unmounted) return;
      if (error instanceof CancelledError || signal.aborted) {
        view.status.textContent = `Cancelled. The ${rows.length} results measured so far are kept.`;
        view.step.textContent = "Cancelled.";
        view.tbody.querySelectorAll("tr.mm-running").forEach((tr) => tr.remove());
        setState(view, "cancelled");
      } else {
        view.status.textContent = `Stopped by an error: ${(error as Error).message ?? String(error)}`;
        setState(view, "error");
      }
    } finally {
      // Fresh workers next run: this frees the GPU memory and WebGPU device the last run held.
      cpuWorker.terminate("run finished");
      gpuWorker.terminate("run finished");
      view.copyMarkdownButton.disabled = rows.length === 0;
      view.copyJsonButton.disabled = rows.length === 0;
    }
  };

  const copy = async (format: "markdown" | "json"): Promise<void> => {
    const text = format === "markdown" ? resultsToMarkdown(rows, context) : resultsToJson(rows, context);
    const what = format === "markdown" ? "Markdown" : "JSON";
    try {
      await navigator.clipboard.writeText(text);
      view.copyFallback.hidden = true;
      view.copyStatus.textContent = `Copied the results as ${what}.`;
    } catch {
      view.copyFallback.value = text;
      view.copyFallback.hidden = false;
      view.copyFallback.select();
      view.copyStatus.textContent = `The clipboard is not available here: the ${what} is in the box below, selected for copying.`;
    }
  };

  const onRun = (): void => void run();
  const onCancel = (): void => controller?.abort();
  const onMarkdown = (): void => void copy("markdown");
  const onJson = (): void => void copy("json");
  view.runButton.addEventListener("click", onRun);
  view.cancelButton.addEventListener("click", onCancel);
  view.copyMarkdownButton.addEventListener("click", onMarkdown);
  view.copyJsonButton.addEventListener("click", onJson);
  view.root.addEventListener("change", writeHash);
  window.addEventListener("hashchange", readHash);
  // Compile Chart.js while the reader reads, not in the first task after Run (its longest, ~110 ms here).
  // A failure here is reported by Run, which imports the same modules again.
  const warmCharts = (): void =>
    void Promise.all([import("./view/charts.ts"), import("./view/chartSetup.ts")]).catch(() => undefined);
  const idle = "requestIdleCallback" in window ? requestIdleCallback(warmCharts, { timeout: 3000 }) : undefined;
  const timer = idle === undefined ? setTimeout(warmCharts, 1000) : undefined;

  return () => {
    unmounted = true;
    if (idle !== undefined) cancelIdleCallback(idle);
    clearTimeout(timer);
    controller?.abort();
    cpuWorker.terminate("unmounted");
    gpuWorker.terminate("unmounted");
    charts?.destroy();
    window.removeEventListener("hashchange", readHash);
    view.root.removeEventListener("change", writeHash);
    el.replaceChildren();
    el.classList.remove("mm-demo");
    delete el.dataset["state"];
  };
}

async function createChartsLazily(view: DemoView, colors: { text: string; grid: string }): Promise<MatmulCharts> {
  const { createCharts } = await import("./view/charts.ts");
  return createCharts(view.gflopsCanvas, view.timeCanvas, colors);
}
