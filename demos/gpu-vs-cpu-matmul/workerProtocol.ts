// Messages between the page and the CPU worker (plain data, so they structured-clone).
import type { RepeatPolicy } from "./measureRepeated.ts";

export type CpuBackendId = "js-ijk" | "js-ikj" | "webasm";

export type WorkerRequest =
  | { type: "inputs"; id: number; n: number; seedA: number; seedB: number }
  | { type: "matmul"; id: number; backend: CpuBackendId; n: number; seedA: number; seedB: number; policy: RepeatPolicy }
  | { type: "bandwidth"; id: number; bytes: number; policy: RepeatPolicy };

export interface MatmulReply {
  type: "matmul";
  id: number;
  firstMs: number;
  samplesMs: number[];
  /** The first call's product, row-major, for verification on the page. */
  product: Float32Array;
  ran: string;
  fallbackReason: string | null;
  threads: number;
}

export interface InputsReply {
  type: "inputs";
  id: number;
  a: Float32Array;
  b: Float32Array;
}

export interface BandwidthReply {
  type: "bandwidth";
  id: number;
  bytes: number;
  samplesMs: number[];
  verified: boolean;
}

export type WorkerReply =
  | MatmulReply
  | InputsReply
  | BandwidthReply
  | { type: "progress"; id: number; samples: number }
  | { type: "error"; id: number; message: string };
