// Runs every chosen backend at every chosen size, smallest first, and reports each row as soon as it is known.
import { backendInfo, maxCpuSize, type BackendId } from "./backends.ts";
import type { GpuMeasurement } from "./measureGpu.ts";
import { CancelledError, throwIfCancelled, type RepeatPolicy } from "./measureRepeated.ts";
import { isChartable, type ResultRow } from "./results.ts";
import {
  defaultProductBudgetMs,
  estimateRemainingMs,
  predictProductMs,
  stopMessage,
  type LastMeasured,
} from "./runBudget.ts";
import { inputSeeds } from "./seededRandom.ts";
import { isSoftwareRenderer } from "../devices/softwareRenderer.ts";
import { gflopsPerSecond, summarizeTimings } from "./statistics.ts";
import type { WorkerClient } from "../workers/workerClient.ts";
import type {
  CpuWorkerReply,
  CpuWorkerRequest,
  GpuProbe,
  GpuWorkerReply,
  GpuWorkerRequest,
} from "../workers/workerProtocol.ts";

export interface SweepEnvironment {
  probe: GpuProbe;
  cores: number;
  crossOriginIsolated: boolean;
}

export interface SweepOptions {
  sizes: readonly number[];
  backends: readonly BackendId[];
  cpuWorker: WorkerClient<CpuWorkerRequest, CpuWorkerReply>;
  gpuWorker: WorkerClient<GpuWorkerRequest, GpuWorkerReply>;
  environment: SweepEnvironment;
  policy: RepeatPolicy;
  signal: AbortSignal;
  between: () => Promise<void>;
  onRowStart: (backend: BackendId, n: number) => void;
  onRow: (row: ResultRow) => void;
  /** `leftMs`: the estimated time the rest of the sweep will take. */
  onStep: (step: string, done: number, total: number, leftMs: number) => void;
  onNotice: (message: string) => void;
  /** A backend stops growing before a size whose single product would take longer than this (default 0.5 s). */
  productBudgetMs?: number;
  /** Debug hook from the URL hash (#debug=lose-context); off by default. */
  loseWebglContext?: boolean;
}

/** Plain JS i-j-k at 4096 is ~69 billion scalar steps: hours, not minutes. */
const sizeLimits: Partial<Record<BackendId, number>> = {
  "js-ijk": 2048,
  "js-ikj": maxCpuSize,
  webasm: maxCpuSize,
  "wasm-tiled": maxCpuSize,
};

function emulatedSuffix(name: string, isFallbackAdapter = false): string {
  return isSoftwareRenderer(name, isFallbackAdapter) ? " (software renderer: emulated on the CPU)" : "";
}

export function deviceLabel(backend: BackendId, environment: SweepEnvironment, threads = 1): string {
  if (backend === "js-ijk" || backend === "js-ikj") return `CPU (${environment.cores} logical cores; 1 used)`;
  if (backend === "webasm" || backend === "wasm-tiled") {
    const why = environment.crossOriginIsolated ? "" : ", page not cross-origin isolated";
    return `CPU, WASM SIMD, ${threads} thread${threads === 1 ? "" : "s"}${why}`;
  }
  if (backend === "webgl2" || backend === "webgl") {
    const renderer = environment.probe.webgl?.renderer ?? "no WebGL";
    return renderer + emulatedSuffix(renderer);
  }
  const gpu = environment.probe.webgpu;
  if (!gpu.ok) return "no WebGPU adapter";
  return gpu.description + emulatedSuffix(gpu.description, gpu.isFallbackAdapter);
}

/** Any GPU the browser offered that is really software. */
export function emulatedGpuNames(probe: GpuProbe): string[] {
  const names: string[] = [];
  if (probe.webgl && isSoftwareRenderer(probe.webgl.renderer)) names.push(`WebGL: ${probe.webgl.renderer}`);
  const gpu = probe.webgpu;
  if (gpu.ok && isSoftwareRenderer(gpu.description, gpu.isFallbackAdapter)) {
    names.push(`WebGPU: ${gpu.description}${gpu.isFallbackAdapter ? " (fallback adapter)" : ""}`);
  }
  return names;
}

function skipped(backend: BackendId, n: number, note: string, environment: SweepEnvironment): ResultRow {
  return {
    backend,
    n,
    status: "skipped",
    ran: "—",
    ranOnGpu: false,
    device: deviceLabel(backend, environment),
    verified: false,
    note,
  };
}

export function gpuRow(
  backend: BackendId,
  n: number,
  measured: GpuMeasurement,
  ran: string,
  ranOnGpu: boolean,
  device: string,
): ResultRow {
  const failed =
    measured.residentVerification && !measured.residentVerification.ok
      ? measured.residentVerification
      : measured.verification;
  const verified = measured.verification.ok && (measured.residentVerification?.ok ?? true);
  return {
    backend,
    n,
    ran,
    ranOnGpu,
    device,
    status: verified ? "ok" : "wrong",
    firstMs: measured.firstMs,
    ...(measured.timing ? { timing: measured.timing, gflops: gflopsPerSecond(n, measured.timing.medianMs) } : {}),
    ...(measured.resident
      ? { resident: measured.resident, residentGflops: gflopsPerSecond(n, measured.resident.medianMs) }
      : {}),
    verified,
    worstError: failed.worstError,
    checked: measured.verification.checked,
    ...(verified ? {} : { note: `wrong result at (${failed.worstAt.join(", ")})` }),
  };
}

export async function runSweep(options: SweepOptions): Promise<ResultRow[]> {
  const { sizes, backends, cpuWorker, gpuWorker, environment, policy, signal, between } = options;
  const rows: ResultRow[] = [];
  const total = sizes.length * backends.length;
  let done = 0;
  const deadBackends = new Map<BackendId, string>();
  const budgetMs = options.productBudgetMs ?? defaultProductBudgetMs;
  const lastMeasured = new Map<BackendId, LastMeasured>();
  const stopped = new Map<BackendId, string>();
  const plan = sizes.flatMap((n) =>
    backends.map((backend) => ({ backend, n, gpu: backendInfo(backend).target === "gpu" })),
  );
  const leftMs = (): number =>
    estimateRemainingMs(
      plan.slice(done).filter(({ backend }) => !stopped.has(backend) && !deadBackends.has(backend)),
      lastMeasured,
      budgetMs,
      policy,
    );
  const stopWorkers = (): void => {
    cpuWorker.terminate("cancelled");
    gpuWorker.terminate("cancelled");
  };
  signal.addEventListener("abort", stopWorkers);

  const measureRow = async (backend: BackendId, n: number, step: (text: string) => void): Promise<ResultRow> => {
    const dead = deadBackends.get(backend);
    if (dead) return skipped(backend, n, dead, environment);
    const stop = stopped.get(backend);
    if (stop) return skipped(backend, n, stop, environment);
    const last = lastMeasured.get(backend);
    const predictedMs = last ? predictProductMs(last.productMs, last.n, n) : 0;
    if (last && predictedMs > budgetMs) {
      const message = stopMessage(backend, last.n, n, predictedMs);
      stopped.set(backend, message);
      options.onNotice(`${message} (over this run's ${budgetMs / 1000} s budget per product).`);
      return skipped(backend, n, message, environment);
    }
    const limit = sizeLimits[backend];
    if (limit !== undefined && n > limit)
      return skipped(backend, n, `too slow on a CPU above n = ${limit} (n³ steps: hours)`, environment);
    const { seedA, seedB } = inputSeeds(n);
    if (backend === "js-ijk" || backend === "js-ikj" || backend === "webasm" || backend === "wasm-tiled") {
      step("running in the CPU worker");
      const reply = await cpuWorker.request({ type: "matmul", backend, n, seedA, seedB, policy }, step);
      if (reply.type !== "matmul") throw new Error(`unexpected reply ${reply.type}`);
      const { verification } = reply;
      const timing = summarizeTimings(reply.samplesMs);
      return {
        backend,
        n,
        ran: reply.ran,
        ranOnGpu: false,
        device: deviceLabel(backend, environment, reply.threads),
        threads: reply.threads,
        status: verification.ok ? "ok" : "wrong",
        firstMs: reply.firstMs,
        timing,
        gflops: gflopsPerSecond(n, timing.medianMs),
        verified: verification.ok,
        worstError: verification.worstError,
        checked: verification.checked,
        ...(reply.fallbackReason ? { note: `gpu.js fell back: ${reply.fallbackReason}` } : {}),
        ...(verification.ok ? {} : { note: `wrong result at (${verification.worstAt.join(", ")})` }),
      };
    }
    step("running in the GPU worker");
    const loseWebglContext = options.loseWebglContext === true;
    const reply = await gpuWorker.request(
      { type: "measure", backend, n, seedA, seedB, policy, loseWebglContext },
      step,
    );
    if (reply.type === "skip") return skipped(backend, n, reply.reason, environment);
    if (reply.type !== "measure") throw new Error(`unexpected reply ${reply.type}`);
    const { ran, measurement } = reply;
    const device = ran.ranOnGpu ? deviceLabel(backend, environment) : "CPU (gpu.js fell back: not a GPU result)";
    const row = gpuRow(backend, n, measurement, ran.ran, ran.ranOnGpu, device);
    if (!ran.ranOnGpu) row.note = `gpu.js fell back to the CPU: ${ran.fallbackReason ?? "no GPU kernel ran"}`;
    else if (reply.note && row.verified) row.note = reply.note;
    return row;
  };

  try {
    for (const n of sizes) {
      for (const backend of backends) {
        throwIfCancelled(signal);
        const step = (text: string): void => options.onStep(`${backend}, n = ${n}: ${text}`, done, total, leftMs());
        options.onRowStart(backend, n);
        let row: ResultRow;
        try {
          row = await measureRow(backend, n, step);
        } catch (error) {
          if (error instanceof CancelledError || signal.aborted) throw new CancelledError();
          const message = (error as Error).message || String(error);
          if (/context lost|device (was )?lost|worker stopped/i.test(message)) {
            deadBackends.set(backend, `stopped earlier in this run: ${message}`);
            options.onNotice(`${backend}: ${message}. Its remaining sizes are skipped; the other backends carry on.`);
          }
          row = { ...skipped(backend, n, message, environment), status: "error" };
        }
        rows.push(row);
        if (isChartable(row)) lastMeasured.set(backend, { n, productMs: row.timing.medianMs });
        options.onRow(row);
        done += 1;
        options.onStep(`${backend}, n = ${n}: done`, done, total, leftMs());
        await between();
      }
    }
  } finally {
    signal.removeEventListener("abort", stopWorkers);
  }
  return rows;
}
