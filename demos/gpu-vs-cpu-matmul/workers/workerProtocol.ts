// Messages between the page and its two workers (plain data, so they structured-clone).
import type { RanInfo } from "../kernels/gpujsMatmul.ts";
import type { GpuMeasurement } from "../measurement/measureGpu.ts";
import type { RepeatPolicy } from "../measurement/measureRepeated.ts";
import type { BandwidthResult } from "../measurement/gpuBandwidth.ts";
import type { Verification } from "../measurement/verifyProduct.ts";
import type { WebglInfo } from "../devices/webglInfo.ts";
import type { SimdKind } from "../kernels/wasmTiled.ts";
import type { TuneResult } from "../kernels/wgslTune.ts";

export type CpuBackendId = "js-ijk" | "js-ikj" | "webasm" | "wasm-tiled";
export type GpuBackendId = "webgl2" | "webgl" | "webgpu" | "wgsl-tiled";

export type CpuWorkerRequest =
  | { type: "matmul"; id: number; backend: CpuBackendId; n: number; seedA: number; seedB: number; policy: RepeatPolicy }
  | { type: "bandwidth"; id: number; bytes: number; policy: RepeatPolicy }
  | { type: "peak"; id: number };

/** The CPU's measured float32 peak (kernels/assembly/fmaPeak.ts), per thread and with every thread at once. */
export interface CpuPeak {
  perThreadGflops: number;
  allThreadsGflops: number;
  threads: number;
  simd: SimdKind;
}

export interface MatmulReply {
  type: "matmul";
  id: number;
  firstMs: number;
  samplesMs: number[];
  /** The first call's product checked against float64, in the worker so the page never runs an n³ loop. */
  verification: Verification;
  ran: string;
  fallbackReason: string | null;
  threads: number;
}

export type CpuWorkerReply =
  | MatmulReply
  | { type: "bandwidth"; id: number; bytes: number; samplesMs: number[]; verified: boolean }
  | { type: "peak"; id: number; peak: CpuPeak };

export interface GpuProbe {
  webgl: WebglInfo | undefined;
  webgpu:
    | { ok: true; description: string; isFallbackAdapter: boolean; maxBufferBytes: number }
    | { ok: false; reason: string };
}

export type GpuWorkerRequest =
  | { type: "probe"; id: number }
  | {
      type: "measure";
      id: number;
      backend: GpuBackendId;
      n: number;
      seedA: number;
      seedB: number;
      policy: RepeatPolicy;
      /** Debug hook (#debug=lose-context): gpu.js WebGL paths lose their context after their first product. */
      loseWebglContext?: boolean;
    }
  | { type: "bandwidth"; id: number; bytes: number; policy: RepeatPolicy }
  | { type: "peak"; id: number }
  /** `budgetMs`: later variants are tried only while this lasts. */
  | { type: "tune"; id: number; budgetMs: number };

export type GpuWorkerReply =
  | { type: "probe"; id: number; probe: GpuProbe }
  | { type: "measure"; id: number; measurement: GpuMeasurement; ran: RanInfo; note?: string }
  | { type: "skip"; id: number; reason: string }
  | { type: "bandwidth"; id: number; result: BandwidthResult | undefined }
  | { type: "peak"; id: number; gflops: number | undefined; how?: string; reason?: string }
  | { type: "tune"; id: number; result: TuneResult | undefined; reason?: string };

/** Both workers report progress (at most every progressIntervalMs) and failures the same way. */
export const progressIntervalMs = 100;

export type CommonReply =
  { type: "progress"; id: number; step: string } | { type: "error"; id: number; message: string };

export function errorMessage(error: unknown): string {
  if (error instanceof RangeError) return `out of memory (${error.message})`;
  return error instanceof Error ? error.message || error.name : String(error);
}
