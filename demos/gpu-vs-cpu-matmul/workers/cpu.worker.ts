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
  const verify = (product: Float32Array) => verifyProduct(a, b, n, flatEntry(product, n));
  if (backend === "js-ijk") {
    const rowsA = toRows(a, n);
    const rowsB = toRows(b, n);
    const start = now();
    const first = matmulIjkRows(rowsA, rowsB, n);
    const firstMs = now() - start;
    const samplesMs = await measureRepeated(() => matmulIjkRows(rowsA, rowsB, n), policy, { now, onSample });
    const product = new Float32Array(n * n);
    first.forEach((row, i) => product.set(row, i * n));
    return {
      type: "matmul",
      id,
      firstMs,
      samplesMs,
      verification: verify(product),
      ran: "js (arrays of arrays)",
      fallbackReason: null,
      threads: 1,
    };
  }
  if (backend === "js-ikj") {
    const out = new Float32Array(n * n);
    const start = now();
    matmulIkjFlat(a, b, n, out);
    const firstMs = now() - start;
    const product = out.slice();
    const samplesMs = await measureRepeated(() => matmulIkjFlat(a, b, n, out), policy, { now, onSample });
    return {
      type: "matmul",
      id,
      firstMs,
      samplesMs,
      verification: verify(product),
      ran: "js (Float32Array)",
      fallbackReason: null,
      threads: 1,
    };
  }
  if (backend === "wasm-tiled") {
    const kernel = await wasmTiledKernel();
    const start = now();
    const product = kernel.multiply(a, b, n).slice();
    const firstMs = now() - start;
    const samplesMs = await measureRepeated(() => kernel.multiply(a, b, n), policy, { now, onSample });
    return {
      type: "matmul",
      id,
      firstMs,
      samplesMs,
      verification: verify(product),
      ran: `wasm-tiled (${kernel.kind}, ${kernel.threads} thread${kernel.threads === 1 ? "" : "s"})`,
      fallbackReason: null,
      threads: kernel.threads,
    };
  }
  const { GPU, input } = await loadGpuJs();
  webasmGpu ??= new GPU({ mode: "webasm" });
  // Threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages.
  const threaded = Boolean(scope.crossOriginIsolated);
  const kernel = createMatmulKernel(webasmGpu, n, { asyncMode: threaded });
  const args = [input(a, [n, n]), input(b, [n, n])];
  try {
    const start = now();
    const first = (await kernel(...args)) as Float32Array[];
    const firstMs = now() - start;
    const product = flattenRows(first, n);
    const samplesMs = await measureRepeated(() => kernel(...args), policy, { now, onSample });
    const info = describeRan(kernel);
    const threads = threaded ? (kernel.kernel._pool?.size ?? 1) : 1;
    return {
      type: "matmul",
      id,
      firstMs,
      samplesMs,
      verification: verify(product),
      ran: info.ran,
      fallbackReason: info.fallbackReason,
      threads,
    };
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
