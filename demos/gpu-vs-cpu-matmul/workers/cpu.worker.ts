// The CPU backends run here, off the page's main thread, so the page stays responsive while they loop.
import simdBytes from "../kernels/assembly/cpuKernels.ts?wasm-simd";
import relaxedSimdBytes from "../kernels/assembly/cpuKernels.ts?wasm-relaxed-simd";
import { matmulIjkRows, matmulIkjFlat, toRows } from "../kernels/cpuMatmul.ts";
import { chooseWasmBuild, WasmTiledMatmul, type HelperThread } from "../kernels/wasmTiled.ts";
import wasmThreadUrl from "./wasmThread.worker.ts?worker-url";
import type { WasmThreadReply } from "./wasmThread.worker.ts";
import { copyIsExact, makeCopyBuffers } from "../measurement/cpuBandwidth.ts";
import { createMatmulKernel, describeRan, flattenRows, loadGpuJs, type GpuJsInstance } from "../kernels/gpujsMatmul.ts";
import { measureRepeated } from "../measurement/measureRepeated.ts";
import { seededMatrix } from "../measurement/seededRandom.ts";
import { flatEntry, verifyProduct } from "../measurement/verifyProduct.ts";
import {
  errorMessage,
  progressIntervalMs,
  type CommonReply,
  type CpuWorkerReply,
  type CpuPeak,
  type CpuWorkerRequest,
  type MatmulReply,
} from "./workerProtocol.ts";

// A module worker's global scope; typed narrowly because tsconfig's DOM lib describes a window.
const scope = globalThis as unknown as {
  postMessage(message: CpuWorkerReply | CommonReply, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<CpuWorkerRequest>) => void): void;
  crossOriginIsolated?: boolean;
  navigator: { hardwareConcurrency?: number };
};

const now = (): number => performance.now();
let webasmGpu: GpuJsInstance | undefined;
let wasmTiled: Promise<WasmTiledMatmul> | undefined;

function startWasmThread(): HelperThread {
  const worker = new Worker(wasmThreadUrl, { type: "module", name: "wasm-tiled thread" });
  const ready = new Promise<void>((resolve, reject) => {
    worker.addEventListener("message", (event: MessageEvent<WasmThreadReply>) => {
      if (event.data.type === "ready") resolve();
      else reject(new Error(`a wasm-tiled thread failed: ${event.data.message}`));
    });
    worker.addEventListener("error", (event) =>
      reject(new Error(`a wasm-tiled thread could not start: ${event.message || "load error"}`)),
    );
  });
  return { postMessage: (message) => worker.postMessage(message), terminate: () => worker.terminate(), ready };
}

/** One kernel (and its threads) for the worker's life: threads over shared memory only where the page may share it. */
function wasmTiledKernel(): Promise<WasmTiledMatmul> {
  const isolated = Boolean(scope.crossOriginIsolated);
  const threads = isolated ? Math.max(1, scope.navigator.hardwareConcurrency ?? 1) : 1;
  wasmTiled ??= WasmTiledMatmul.create(
    chooseWasmBuild(simdBytes, relaxedSimdBytes),
    threads,
    isolated ? startWasmThread : undefined,
  );
  return wasmTiled;
}

/** Warm the loop (the engine's first tier is slower), then the best of a few runs of about 50 ms each. */
async function measurePeak(): Promise<CpuPeak> {
  const kernel = await wasmTiledKernel();
  const iterations = 1_000_000;
  kernel.peakGflops(iterations, false);
  const best = (allThreads: boolean): number =>
    Math.max(...Array.from({ length: 5 }, () => kernel.peakGflops(iterations, allThreads)));
  return {
    perThreadGflops: best(false),
    allThreadsGflops: best(true),
    threads: kernel.threads,
    simd: kernel.kind,
  };
}

async function matmul(request: Extract<CpuWorkerRequest, { type: "matmul" }>): Promise<MatmulReply> {
  const { id, backend, n, policy } = request;
  const a = seededMatrix(n, request.seedA);
  const b = seededMatrix(n, request.seedB);
  let lastProgress = 0;
  const onSample = (samples: number): void => {
    if (now() - lastProgress < progressIntervalMs) return;
    lastProgress = now();
    scope.postMessage({ type: "progress", id, step: `run ${samples}` });
  };
  /** Every backend alike: the first run timed and its product verified, then the repeat policy's samples. */
  const measure = async <T>(
    run: () => T,
    productOf: (first: Awaited<T>) => Float32Array,
    describe: () => Pick<MatmulReply, "ran" | "fallbackReason" | "threads">,
  ): Promise<MatmulReply> => {
    const start = now();
    const first = await run();
    const firstMs = now() - start;
    const product = productOf(first);
    const samplesMs = await measureRepeated(run, policy, { now, onSample });
    const verification = verifyProduct(a, b, n, flatEntry(product, n));
    return { type: "matmul", id, firstMs, samplesMs, verification, ...describe() };
  };
  if (backend === "js-ijk") {
    const rowsA = toRows(a, n);
    const rowsB = toRows(b, n);
    return measure(
      () => matmulIjkRows(rowsA, rowsB, n),
      (rows) => flattenRows(rows, n),
      () => ({ ran: "js (arrays of arrays)", fallbackReason: null, threads: 1 }),
    );
  }
  if (backend === "js-ikj") {
    const out = new Float32Array(n * n);
    return measure(
      () => matmulIkjFlat(a, b, n, out),
      () => out.slice(),
      () => ({ ran: "js (Float32Array)", fallbackReason: null, threads: 1 }),
    );
  }
  if (backend === "wasm-tiled") {
    const kernel = await wasmTiledKernel();
    return measure(
      () => kernel.multiply(a, b, n),
      (product) => product.slice(),
      () => ({
        ran: `wasm-tiled (${kernel.kind}, ${kernel.threads} thread${kernel.threads === 1 ? "" : "s"})`,
        fallbackReason: null,
        threads: kernel.threads,
      }),
    );
  }
  const { GPU, input } = await loadGpuJs();
  webasmGpu ??= new GPU({ mode: "webasm" });
  // Threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages.
  const threaded = Boolean(scope.crossOriginIsolated);
  const kernel = createMatmulKernel(webasmGpu, n, { asyncMode: threaded });
  const args = [input(a, [n, n]), input(b, [n, n])];
  try {
    return await measure(
      () => kernel(...args),
      (first) => flattenRows(first as Float32Array[], n),
      () => ({ ...describeRan(kernel), threads: threaded ? (kernel.kernel._pool?.size ?? 1) : 1 }),
    );
  } finally {
    kernel.destroy();
  }
}

async function bandwidth(request: Extract<CpuWorkerRequest, { type: "bandwidth" }>): Promise<CpuWorkerReply> {
  const { source, target } = makeCopyBuffers(request.bytes);
  target.set(source);
  const verified = copyIsExact(source, target);
  target.fill(0);
  const samplesMs = await measureRepeated(() => target.set(source), request.policy, { now });
  return {
    type: "bandwidth",
    id: request.id,
    bytes: source.byteLength,
    samplesMs,
    verified: verified && copyIsExact(source, target),
  };
}

async function handle(request: CpuWorkerRequest): Promise<void> {
  try {
    if (request.type === "matmul") {
      scope.postMessage(await matmul(request));
    } else if (request.type === "peak") {
      scope.postMessage({ type: "peak", id: request.id, peak: await measurePeak() });
    } else {
      scope.postMessage(await bandwidth(request));
    }
  } catch (error) {
    scope.postMessage({ type: "error", id: request.id, message: errorMessage(error) });
  }
}

// Requests are handled one at a time, in order.
let queue: Promise<void> = Promise.resolve();
scope.addEventListener("message", (event) => {
  queue = queue.then(() => handle(event.data));
});
