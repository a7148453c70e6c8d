// GPU vs CPU matrix multiplication, measured and verified in the reader's browser. Entry: mount(el) returns a cleanup.
import "./style.css";
import cpuWorkerUrl from "./workers/cpu.worker.ts?worker-url";
import gpuWorkerUrl from "./workers/gpu.worker.ts?worker-url";
import { defaultBackends, defaultSizes, largeSizes, type BackendId } from "./measurement/backends.ts";
import type { MatmulCharts } from "./view/charts.ts";
import { chartSummary } from "./view/chartText.ts";
import { copyGigabytesPerSecond } from "./measurement/cpuBandwidth.ts";
import { explainTune } from "./kernels/wgslTune.ts";
import { compareBest, explainComparison } from "./measurement/conclusion.ts";
import { explainCrossover, findCrossover } from "./measurement/crossover.ts";
import type { MeasuredPeaks } from "./measurement/peaks.ts";
import { references } from "./measurement/references.ts";
import { defaultProductBudgetMs, formatDuration, tuneBudgetFor } from "./measurement/runBudget.ts";
import { maxHashSizes, parseHashState, productBudgetMs, serializeHashState } from "./view/hashState.ts";
import type { RooflineChart } from "./view/rooflineChart.ts";
import { rooflineSummary } from "./view/rooflineText.ts";
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
  showPeak,
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
  const view = buildView(el, sizes, fromHash.sizes ?? defaultSizes, fromHash.backends ?? defaultBackends, references);
  const hashCapMessage = fromHash.sizesDropped
    ? `This link listed ${fromHash.sizesDropped + maxHashSizes} different sizes; only the first ${maxHashSizes} are offered, the other ${fromHash.sizesDropped} are left out.`
    : undefined;
  if (hashCapMessage) view.status.textContent = hashCapMessage;
  const cpuWorker = new WorkerClient<CpuWorkerRequest, CpuWorkerReply>(cpuWorkerUrl, "matmul CPU");
  const gpuWorker = new WorkerClient<GpuWorkerRequest, GpuWorkerReply>(gpuWorkerUrl, "matmul GPU");
  let controller: AbortController | undefined;
  let charts: MatmulCharts | undefined;
  let roofline: RooflineChart | undefined;
  let peaks: MeasuredPeaks = {};
  let rows: ResultRow[] = [];
  let context: RunContext = {};
  let unmounted = false;

  const writeHash = (): void => {
    // A budget or debug option stays in the hash until the reader removes it.
    const { budgetSeconds, debug } = parseHashState(location.hash);
    const hash = serializeHashState({
      ...chosen(view),
      ...(budgetSeconds === undefined ? {} : { budgetSeconds }),
      ...(debug ? { debug } : {}),
    });
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
    view.conclusion.textContent = explainComparison(compareBest(rows), emulated);
    charts?.update(rows, runSizes, crossover);
    refreshRoofline();
  };
  const refreshRoofline = (): void => {
    view.rooflineSummary.textContent = rooflineSummary(rows, peaks);
    roofline?.update(rows, peaks);
  };

  /** Both copy bandwidths, into the bandwidth panel and the roofline's slanted roofs. */
  const measureBandwidth = async (signal: AbortSignal, emulated: boolean): Promise<void> => {
    view.step.textContent = "memory bandwidth: CPU typed-array copy";
    const reply = await cpuWorker.request({ type: "bandwidth", bytes: bandwidthBytes, policy: defaultRepeatPolicy });
    if (reply.type === "bandwidth") {
      const gbps = copyGigabytesPerSecond(reply.bytes, summarizeTimings(reply.samplesMs).medianMs);
      if (reply.verified) peaks = { ...peaks, cpuBandwidthGBps: gbps };
      showBandwidth(view, "CPU, typed-array copy", gbps, "Float32Array.set, 32 MiB, in a worker", reply.verified);
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
      if (gpuCopy) {
        const gbps = copyGigabytesPerSecond(gpuCopy.bytes, gpuCopy.timing.medianMs);
        if (gpuCopy.verified) peaks = { ...peaks, gpuBandwidthGBps: gbps };
        const emulatedNote = emulated ? " (software renderer: this is CPU memory)" : "";
        showBandwidth(view, `GPU${emulatedNote}`, gbps, `${gpuCopy.via}, 32 MiB × 8, in a worker`, gpuCopy.verified);
      } else showBandwidth(view, "GPU", undefined, "no WebGPU and no WebGL2 here", false);
    } catch (error) {
      if (signal.aborted) throw new CancelledError();
      showBandwidth(view, "GPU", undefined, `failed: ${(error as Error).message}`, false);
    }
  };

  const run = async (): Promise<void> => {
    const { sizes: runSizes, backends: runBackends } = chosen(view);
    if (runSizes.length === 0 || runBackends.length === 0) {
      view.status.textContent = "Choose at least one size and one backend.";
      return;
    }
    writeHash();
    const linked = parseHashState(location.hash);
    const budgetMs = productBudgetMs(linked);
    controller = new AbortController();
    const { signal } = controller;
    // Terminating the workers is what makes Cancel immediate, whatever they are doing.
    signal.addEventListener("abort", () => {
      cpuWorker.terminate("cancelled");
      gpuWorker.terminate("cancelled");
    });
    rows = [];
    peaks = {};
    clearResults(view);
    if (hashCapMessage) addNotice(view, hashCapMessage);
    if (linked.budgetSeconds !== undefined)
      addNotice(
        view,
        `This link sets the budget: each backend stops before a product predicted to take over ${budgetMs / 1000} s (the default is ${defaultProductBudgetMs / 1000} s).`,
      );
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
          [charts, roofline] = await createChartsLazily(view, chartColors());
        } catch (error) {
          addNotice(
            view,
            `The charts could not load (${(error as Error).message}); the table still shows every result.`,
          );
        }
      }
      throwIfCancelled(signal);

      view.step.textContent = "measuring this device's peaks: CPU multiply-add loop";
      const cpuPeak = await cpuWorker.request({ type: "peak" });
      if (cpuPeak.type === "peak") {
        const { perThreadGflops, allThreadsGflops, threads, simd } = cpuPeak.peak;
        peaks = {
          ...peaks,
          cpuPerThreadGflops: perThreadGflops,
          cpuAllThreadsGflops: allThreadsGflops,
          cpuThreads: threads,
          cpuSimd: simd,
        };
        showPeak(
          view,
          "cpu-thread",
          "CPU, one thread",
          perThreadGflops,
          `WebAssembly ${simd} f32x4 multiply-add loop, 12 independent chains`,
        );
        showPeak(
          view,
          "cpu-all",
          `CPU, all ${threads} thread${threads === 1 ? "" : "s"}`,
          allThreadsGflops,
          threads === 1
            ? "one thread: the page is not cross-origin isolated, or the browser reports one core"
            : allThreadsGflops < 0.6 * threads * perThreadGflops
              ? `the same loop on every thread at once; well under ${threads} × one thread, so other work on this machine held cores (rows and the roofline use one thread × ${threads})`
              : "the same loop on every thread at once",
        );
      }
      throwIfCancelled(signal);
      if (webgpu.ok) {
        view.step.textContent = "measuring this device's peaks: GPU fma loop";
        const gpuPeak = await gpuWorker.request({ type: "peak" });
        if (gpuPeak.type === "peak") {
          if (gpuPeak.gflops !== undefined) peaks = { ...peaks, gpuGflops: gpuPeak.gflops };
          const emulatedNote = emulatedNames.length ? " (software renderer: this is the CPU)" : "";
          showPeak(
            view,
            "gpu",
            `GPU${emulatedNote}`,
            gpuPeak.gflops,
            gpuPeak.gflops === undefined ? `not measured: ${gpuPeak.reason ?? "no WebGPU"}` : (gpuPeak.how ?? ""),
          );
        }
      } else {
        showPeak(view, "gpu", "GPU", undefined, `not measured: ${webgpu.reason}`);
      }
      throwIfCancelled(signal);
      // No tune for a kernel that no chosen size fits (each n×n matrix is one storage buffer).
      const tiledFits = webgpu.ok && runSizes.some((n) => n * n * 4 <= webgpu.maxBufferBytes);
      if (tiledFits && runBackends.includes("wgsl-tiled")) {
        view.step.textContent = "auto-tuning the WGSL kernel (a few seconds at most)";
        const tuned = await gpuWorker.request({ type: "tune", budgetMs: tuneBudgetFor(budgetMs) });
        if (tuned.type === "tune" && tuned.result) {
          addNotice(view, explainTune(tuned.result));
        }
      }
      throwIfCancelled(signal);
      if (view.bandwidthCheckbox.checked) await measureBandwidth(signal, emulatedNames.length > 0);
      refreshRoofline();

      const sweepStart = performance.now();
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
          showRow(view, row, rows, peaks);
          refreshCharts(runSizes, emulatedNames.length > 0);
        },
        onStep: (step, _done, _total, leftMs) => {
          // The bar measures time, not rows: one row at n = 1024 can outlast all the small ones together.
          const elapsed = performance.now() - sweepStart;
          view.step.textContent = step;
          view.progress.max = elapsed + leftMs;
          view.progress.value = elapsed;
          view.timeLeft.textContent = leftMs > 0 ? `${formatDuration(leftMs)} left` : "finishing";
        },
        onNotice: (message) => addNotice(view, message),
        productBudgetMs: budgetMs,
        loseWebglContext: linked.debug === "lose-context",
      });

      const verified = rows.filter((row) => row.verified).length;
      const wrong = rows.filter((row) => row.status === "wrong").length;
      view.status.textContent = `Done: ${rows.length} results, ${verified} verified${wrong ? `, ${wrong} WRONG (kept out of the charts)` : ""}.`;
      view.step.textContent = "Done.";
      view.timeLeft.textContent = "";
      view.progress.value = view.progress.max;
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
    const full = { ...context, peaks };
    const text = format === "markdown" ? resultsToMarkdown(rows, full) : resultsToJson(rows, full);
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
    roofline?.destroy();
    window.removeEventListener("hashchange", readHash);
    view.root.removeEventListener("change", writeHash);
    el.replaceChildren();
    el.classList.remove("mm-demo");
    delete el.dataset["state"];
  };
}

async function createChartsLazily(
  view: DemoView,
  colors: { text: string; grid: string },
): Promise<[MatmulCharts, RooflineChart]> {
  const [{ createCharts }, { createRoofline }] = await Promise.all([
    import("./view/charts.ts"),
    import("./view/rooflineChart.ts"),
  ]);
  return [
    await createCharts(view.gflopsCanvas, view.timeCanvas, colors),
    await createRoofline(view.rooflineCanvas, colors),
  ];
}
