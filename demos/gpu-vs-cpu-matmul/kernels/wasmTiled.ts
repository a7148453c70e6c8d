// Host side of wasm-tiled (kernels/assembly/): picks the SIMD variant, lays out shared memory, and splits C's rows
// between this thread and helper threads that wait on Atomics in that same memory. It also runs the peak loop
// (kernels/assembly/fmaPeak.ts) on one thread and on all, the figure each product is compared with.

/** What the AssemblyScript module exports (i32 and usize arrive as numbers, bool as 0/1). */
export interface WasmTiledExports {
  heapBase(): number;
  workspaceBytes(): number;
  rowsPerKernel(): number;
  usesRelaxedSimd(): number;
  gemm(n: number, a: number, b: number, c: number, rowStart: number, rowEnd: number, work: number): void;
  fmaPeak(iterations: number): number;
  fmaPeakFlopsPerIteration(): number;
}

export type SimdKind = "relaxed SIMD" | "SIMD";

/** The relaxed build (fused multiply-add) where the engine validates it, the plain SIMD build otherwise. */
export function chooseWasmBuild(
  simd: Uint8Array<ArrayBuffer>,
  relaxed: Uint8Array<ArrayBuffer>,
): { bytes: Uint8Array<ArrayBuffer>; kind: SimdKind } {
  return WebAssembly.validate(relaxed) ? { bytes: relaxed, kind: "relaxed SIMD" } : { bytes: simd, kind: "SIMD" };
}

const PAGE_BYTES = 65_536;
/** Matches WASM_MAXIMUM_PAGES in the bundler's asc options: the module declares its imported memory so. */
export const MAXIMUM_PAGES = 8192;
/** Control words in shared memory: [generation, done, task, n or iterations, a, b, c, next chunk, peak sink]. */
const CONTROL_WORDS = 16;
const GENERATION = 0;
const DONE = 1;
const TASK = 2;
const TASK_GEMM = 0;
const TASK_PEAK = 1;
const NEXT_CHUNK = 7;
const PEAK_SINK = 8;
/** Chunks per thread when threads share a product: a thread the OS pauses leaves its share to the others. */
const CHUNKS_PER_THREAD = 4;
/** A helper that has not answered in this long is stuck: better an error row than a page that waits for ever. */
const HELPER_TIMEOUT_MS = 120_000;

/** C's rows cut into `count` near-equal chunks, in multiples of the micro-kernel's rows; empty ranges at the end. */
export function rowChunks(n: number, count: number, rowsPerKernel: number): Array<[number, number]> {
  const panels = Math.ceil(n / rowsPerKernel);
  const chunks: Array<[number, number]> = [];
  let panel = 0;
  for (let t = 0; t < count; t++) {
    const size = Math.floor(panels / count) + (t < panels % count ? 1 : 0);
    const start = Math.min(n, panel * rowsPerKernel);
    panel += size;
    chunks.push([start, Math.min(n, panel * rowsPerKernel)]);
  }
  return chunks;
}

/** One chunk for one thread (each chunk re-packs all of B, so never more than needed); a few per thread otherwise. */
export function chunkCount(threads: number): number {
  return threads === 1 ? 1 : threads * CHUNKS_PER_THREAD;
}

/** Takes chunks from the shared counter until none is left: the same loop on every thread. */
function gemmChunks(exports: WasmTiledExports, control: Int32Array, threads: number, work: number): void {
  const [n, a, b, c] = [control[3]!, control[4]!, control[5]!, control[6]!];
  const chunks = rowChunks(n, chunkCount(threads), exports.rowsPerKernel());
  for (let i = Atomics.add(control, NEXT_CHUNK, 1); i < chunks.length; i = Atomics.add(control, NEXT_CHUNK, 1)) {
    const [rowStart, rowEnd] = chunks[i]!;
    exports.gemm(n, a, b, c, rowStart, rowEnd, work);
  }
}

const align64 = (value: number): number => Math.ceil(value / 64) * 64;

/** Byte offsets in the shared memory: control words and per-thread workspaces first (fixed), then A, B, C. */
export interface MemoryLayout {
  control: number;
  work: number[];
  a: number;
  b: number;
  c: number;
  end: number;
}

export function memoryLayout(heapBase: number, workspaceBytes: number, threads: number, n: number): MemoryLayout {
  const control = align64(heapBase);
  const workBase = align64(control + CONTROL_WORDS * 4);
  const work = Array.from({ length: threads }, (_, t) => workBase + t * align64(workspaceBytes));
  const a = workBase + threads * align64(workspaceBytes);
  const matrix = align64(n * n * 4);
  return { control, work, a, b: a + matrix, c: a + 2 * matrix, end: a + 3 * matrix };
}

/** A helper thread as the coordinator sees it: something to post the start message to, and to stop. */
export interface HelperThread {
  postMessage(message: WasmThreadStart): void;
  terminate(): void;
  /** Resolves once the helper has instantiated the module and waits for work. */
  ready: Promise<void>;
}

export interface WasmThreadStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  index: number;
  threads: number;
  control: number;
  work: number;
}

export async function instantiateWasmTiled(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): Promise<WasmTiledExports> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as WasmTiledExports;
}

/**
 * The helper's side: wait for a generation, run its task, count itself done; until the worker is stopped.
 * `ready` is called once the current generation is read, so no task posted after it can be missed.
 */
export function serveWasmThread(exports: WasmTiledExports, start: WasmThreadStart, ready: () => void): never {
  const control = new Int32Array(start.memory.buffer, start.control, CONTROL_WORDS);
  let seen = Atomics.load(control, GENERATION);
  ready();
  for (;;) {
    Atomics.wait(control, GENERATION, seen);
    seen = Atomics.load(control, GENERATION);
    // Kept, so the peak loop's result is used.
    if (control[TASK] === TASK_PEAK) Atomics.add(control, PEAK_SINK, exports.fmaPeak(control[3]!) | 0);
    else gemmChunks(exports, control, start.threads, start.work);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

export class WasmTiledMatmul {
  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly exports: WasmTiledExports,
    private readonly helpers: HelperThread[],
    readonly kind: SimdKind,
  ) {}

  get threads(): number {
    return this.helpers.length + 1;
  }

  /**
   * One module over one shared memory; `startHelper` (absent in a page that is not cross-origin isolated) starts a
   * worker per extra thread. Helper workers that fail to start throw here, before any product.
   */
  static async create(
    build: { bytes: Uint8Array<ArrayBuffer>; kind: SimdKind },
    threads: number,
    startHelper?: () => HelperThread,
  ): Promise<WasmTiledMatmul> {
    const module = await WebAssembly.compile(build.bytes);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAXIMUM_PAGES, shared: true });
    const exports = await instantiateWasmTiled(module, memory);
    const count = startHelper ? Math.max(1, threads) : 1;
    const layout = memoryLayout(exports.heapBase(), exports.workspaceBytes(), count, 0);
    const kernel = new WasmTiledMatmul(memory, exports, [], build.kind);
    kernel.ensureBytes(layout.end);
    for (let index = 1; index < count; index++) {
      const helper = startHelper!();
      kernel.helpers.push(helper);
      helper.postMessage({ module, memory, index, threads: count, control: layout.control, work: layout.work[index]! });
    }
    try {
      await Promise.all(kernel.helpers.map((helper) => helper.ready));
    } catch (error) {
      kernel.destroy();
      throw error;
    }
    return kernel;
  }

  private ensureBytes(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing <= 0) return;
    const pages = Math.ceil(missing / PAGE_BYTES);
    if (this.memory.buffer.byteLength / PAGE_BYTES + pages > MAXIMUM_PAGES)
      throw new RangeError(`wasm-tiled holds at most ${(MAXIMUM_PAGES * PAGE_BYTES) / 2 ** 20} MiB of matrices`);
    this.memory.grow(pages);
  }

  private layout(n: number): MemoryLayout {
    return memoryLayout(this.exports.heapBase(), this.exports.workspaceBytes(), this.threads, n);
  }

  /** C = A·B, A and B copied in (part of the timed work, as for every backend); returns C as a view into memory. */
  multiply(a: Float32Array, b: Float32Array, n: number): Float32Array {
    const layout = this.layout(n);
    this.ensureBytes(layout.end);
    const buffer = this.memory.buffer;
    new Float32Array(buffer, layout.a, n * n).set(a);
    new Float32Array(buffer, layout.b, n * n).set(b);
    const control = new Int32Array(this.memory.buffer, layout.control, CONTROL_WORDS);
    control.set([TASK_GEMM, n, layout.a, layout.b, layout.c, 0], TASK);
    this.onAllThreads(control, () => gemmChunks(this.exports, control, this.threads, layout.work[0]!));
    return new Float32Array(this.memory.buffer, layout.c, n * n);
  }

  /** Runs the peak loop for `iterations` on this thread alone or on every thread at once; returns GFLOP/s in all. */
  peakGflops(iterations: number, allThreads: boolean): number {
    const control = new Int32Array(this.memory.buffer, this.layout(0).control, CONTROL_WORDS);
    control.set([TASK_PEAK, iterations], TASK);
    const start = performance.now();
    const body = (): void => void this.exports.fmaPeak(iterations);
    if (allThreads) this.onAllThreads(control, body);
    else body();
    const seconds = (performance.now() - start) / 1000;
    const threads = allThreads ? this.threads : 1;
    return (threads * iterations * this.exports.fmaPeakFlopsPerIteration()) / seconds / 1e9;
  }

  /** Wakes every helper for the task written in `control`, runs `own` here, returns once all have counted themselves done. */
  private onAllThreads(control: Int32Array, own: () => void): void {
    const helpers = this.helpers.length;
    if (helpers > 0) {
      Atomics.store(control, DONE, 0);
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, GENERATION);
    }
    own();
    const deadline = performance.now() + HELPER_TIMEOUT_MS;
    for (let done = Atomics.load(control, DONE); done < helpers; done = Atomics.load(control, DONE)) {
      if (Atomics.wait(control, DONE, done, 1000) === "timed-out" && performance.now() > deadline)
        throw new Error(`a wasm-tiled helper thread did not finish within ${HELPER_TIMEOUT_MS / 1000} s`);
    }
  }

  destroy(): void {
    for (const helper of this.helpers) helper.terminate();
    this.helpers.length = 0;
  }
}
