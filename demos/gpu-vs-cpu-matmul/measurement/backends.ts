// The backends a reader can pick, named as in the results table and the URL hash.

export type BackendId = "js-ijk" | "js-ikj" | "webasm" | "wasm-tiled" | "webgl2" | "webgl" | "webgpu" | "wgsl-tiled";

export interface BackendInfo {
  id: BackendId;
  /** What the reader sees in the table and legend. */
  label: string;
  /** Where it is meant to run; a row that fell back to the CPU is never counted as GPU. */
  target: "cpu" | "gpu";
}

export const backends: readonly BackendInfo[] = [
  { id: "js-ijk", label: "Plain JS, i-j-k over arrays of arrays", target: "cpu" },
  { id: "js-ikj", label: "Plain JS, i-k-j over one Float32Array", target: "cpu" },
  { id: "webasm", label: "gpu.js webasm (WASM SIMD)", target: "cpu" },
  { id: "wasm-tiled", label: "Hand-written WebAssembly SIMD (packed, blocked, threaded)", target: "cpu" },
  { id: "webgl2", label: "gpu.js webgl2", target: "gpu" },
  { id: "webgl", label: "gpu.js webgl", target: "gpu" },
  { id: "webgpu", label: "gpu.js webgpu", target: "gpu" },
  { id: "wgsl-tiled", label: "Hand-written WebGPU (tiled WGSL)", target: "gpu" },
];

export const defaultBackends: readonly BackendId[] = [
  "js-ijk",
  "js-ikj",
  "webasm",
  "wasm-tiled",
  "webgl2",
  "webgpu",
  "wgsl-tiled",
];
export const defaultSizes: readonly number[] = [64, 128, 256, 512, 1024];
/** Offered as extra checkboxes: slow on a CPU, and 4096 needs ~200 MB per backend. */
export const largeSizes: readonly number[] = [2048, 4096];
/** The largest size the CPU loops take: n³ grows fast, and 4096 already takes minutes. */
export const maxCpuSize = 4096;
/** The URL hash accepts sizes past every GPU's limits (e.g. 16400 on SwiftShader), so a reader can see them skipped with a reason. */
export const maxSize = 32768;

export function isBackendId(name: string): name is BackendId {
  return backends.some((backend) => backend.id === name);
}

export function backendInfo(id: BackendId): BackendInfo {
  const info = backends.find((backend) => backend.id === id);
  if (!info) throw new Error(`gpu-vs-cpu-matmul: unknown backend "${id}"`);
  return info;
}
