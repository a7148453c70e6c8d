// The gpu.js kernel and the facts read back from gpu.js about what actually ran.

/** The slice of gpu.js this demo uses; its own typings predate webasm/async and type inputs as number[]. */
export interface GpuJsKernelInternals {
  constructor: { mode?: string; name: string };
  fallbackReason?: string | null;
  context?: unknown;
  _pool?: { size?: number } | null;
}
export interface GpuJsKernel {
  (...args: unknown[]): unknown;
  kernel: GpuJsKernelInternals;
  destroy(removeCanvasReferences?: boolean): void;
}
export interface GpuJsTexture {
  toArray(): unknown;
  delete?(): void;
}
export interface GpuJsInstance {
  createKernel(fn: (...args: never[]) => number, settings: Record<string, unknown>): GpuJsKernel;
  destroy(): unknown;
}
export interface GpuJsStatic {
  new (settings: { mode: string }): GpuJsInstance;
  isWebGLSupported: boolean;
  isWebGL2Supported: boolean;
  isWebGPUSupported: boolean;
  isWebAssemblySupported: boolean;
  isWebGPUAvailable(): Promise<boolean>;
}
export interface GpuJsModule {
  GPU: GpuJsStatic;
  // A plain function (it uses no `this`), so callers may destructure it.
  input: (value: Float32Array, size: number[]) => unknown;
}

/** Loaded on demand: gpu.js is 640 KB and only needed once the reader presses Run. */
export async function loadGpuJs(): Promise<GpuJsModule> {
  const loaded: unknown = await import("gpu.js");
  // A CommonJS/UMD module: bundlers expose its exports either as named exports or on `default`.
  const module = loaded as Partial<GpuJsModule> & { default?: GpuJsModule };
  return module.GPU ? (module as GpuJsModule) : module.default!;
}

interface MatmulThis {
  thread: { x: number; y: number };
  constants: { n: number };
}

/** One output entry per thread: the dot product of row y of a and column x of b (gpu.js transpiles this body). */
export function matmulKernel(this: MatmulThis, a: number[][], b: number[][]): number {
  let sum = 0;
  for (let k = 0; k < this.constants.n; k++) {
    sum += a[this.thread.y]![k]! * b[k]![this.thread.x]!;
  }
  return sum;
}

/** A copy: with pipeline mode an upload into GPU memory, without it a readback. */
export function copyKernel(this: MatmulThis, a: number[][]): number {
  return a[this.thread.y]![this.thread.x]!;
}

export interface MatmulKernelOptions {
  asyncMode?: boolean;
  pipeline?: boolean;
  poolSize?: number;
}

export function createMatmulKernel(gpu: GpuJsInstance, n: number, options: MatmulKernelOptions = {}): GpuJsKernel {
  return gpu.createKernel(matmulKernel, {
    output: [n, n],
    constants: { n },
    loopMaxIterations: n,
    // IEEE float32 textures both ways; "unsigned" would pack through 8-bit channels.
    precision: "single",
    tactic: "precision",
    asyncMode: options.asyncMode ?? false,
    pipeline: options.pipeline ?? false,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
}

/** With `pipeline` the copy stays on the GPU (an upload); without, it is a readback of a GPU-resident result. */
export function createCopyKernel(
  gpu: GpuJsInstance,
  n: number,
  options: { asyncMode: boolean; pipeline: boolean },
): GpuJsKernel {
  return gpu.createKernel(copyKernel, {
    output: [n, n],
    constants: { n },
    precision: "single",
    tactic: "precision",
    pipeline: options.pipeline,
    immutable: options.pipeline,
    asyncMode: options.asyncMode,
  });
}

export interface RanInfo {
  /** e.g. "webgl2", "webgpu", "webasm", "cpu (fallback: …)". */
  ran: string;
  ranOnGpu: boolean;
  fallbackReason: string | null;
}

/** `constructor.mode` survives minification; both GL kernels say "gpu", so the context type tells them apart. */
export function describeRan(kernel: GpuJsKernel): RanInfo {
  const internals = kernel.kernel;
  const mode = internals.constructor.mode ?? "unknown";
  const fallbackReason = internals.fallbackReason ?? null;
  let ran = mode;
  if (mode === "gpu") {
    const isWebGL2 =
      typeof WebGL2RenderingContext !== "undefined" && internals.context instanceof WebGL2RenderingContext;
    ran = isWebGL2 ? "webgl2" : "webgl";
  }
  if (fallbackReason) ran = `${ran} (fallback: ${fallbackReason})`;
  const ranOnGpu = !fallbackReason && (mode === "gpu" || mode === "webgl" || mode === "webgl2" || mode === "webgpu");
  return { ran, ranOnGpu, fallbackReason };
}

/** gpu.js returns a 2D output as an array of Float32Array rows. */
export function flattenRows(rows: ArrayLike<ArrayLike<number>>, n: number): Float32Array {
  const flat = new Float32Array(n * n);
  for (let i = 0; i < n; i++) flat.set(rows[i]!, i * n);
  return flat;
}
