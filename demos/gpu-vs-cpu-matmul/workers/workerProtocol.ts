// Messages between the page and its two workers (plain data, so they structured-clone).
import type { RanInfo } from "../kernels/gpujsMatmul.ts";
import type { GpuMeasurement } from "../measurement/measureGpu.ts";
import type { RepeatPolicy } from "../measurement/measureRepeated.ts";
import type { BandwidthResult } from "../measurement/gpuBandwidth.ts";
import type { Verification } from "../measurement/verifyProduct.ts";
import type { WebglInfo } from "../devices/webglInfo.ts";

export type CpuBackendId = "js-ijk" | "js-ikj" | "webasm";
export type GpuBackendId = "webgl2" | "webgl" | "webgpu" | "wgsl-tiled";

export type CpuWorkerRequest =
  | { type: "matmul"; id: number; backend: CpuBackendId; n: number; seedA: number; seedB: number; policy: RepeatPolicy }
  | { type: "bandwidth"; id: number; bytes: number; policy: RepeatPolicy };

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
  MatmulReply | { type: "bandwidth"; id: number; bytes: number; samplesMs: number[]; verified: boolean };

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
  | { type: "bandwidth"; id: number; bytes: number; policy: RepeatPolicy };

export type GpuWorkerReply =
  | { type: "probe"; id: number; probe: GpuProbe }
  | { type: "measure"; id: number; measurement: GpuMeasurement; ran: RanInfo; note?: string }
  | { type: "skip"; id: number; reason: string }
  | { type: "bandwidth"; id: number; result: BandwidthResult | undefined };

/** Both workers report progress (at most every progressIntervalMs) and failures the same way. */
export const progressIntervalMs = 100;

export type CommonReply =
  { type: "progress"; id: number; step: string } | { type: "error"; id: number; message: string };

export function errorMessage(error: unknown): string {
  if (error instanceof RangeError) return `out of memory (${error.message})`;
  return error instanceof Error ? error.message || error.name : String(error);
}
