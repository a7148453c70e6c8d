// One measured (or skipped) backend × size: the shape shared by the table, charts, copy buttons and tests.
import type { BackendId } from "./backends.ts";
import type { TimingSummary } from "./statistics.ts";

export type RowStatus = "ok" | "wrong" | "skipped" | "error" | "cancelled";

export interface ResultRow {
  backend: BackendId;
  n: number;
  status: RowStatus;
  /** What actually ran, read from the library (e.g. "WebGL2Kernel", "CPUKernel (fallback)"). */
  ran: string;
  /** True only when the work really ran on a GPU (or what the browser calls one). */
  ranOnGpu: boolean;
  device: string;
  /** CPU rows: how many threads did the work. */
  threads?: number;
  firstMs?: number;
  timing?: TimingSummary;
  gflops?: number;
  /** GPU rows: the per-product time with data left on the GPU (pipeline mode), one readback per chain. */
  resident?: TimingSummary;
  residentGflops?: number;
  verified: boolean;
  worstError?: number;
  checked?: number;
  /** Why it was skipped, failed, or anything the reader should know about this row. */
  note?: string;
}

/** Rows that may be charted and compared: verified, timed. */
export function isChartable(row: ResultRow): row is ResultRow & { timing: TimingSummary; gflops: number } {
  return row.status === "ok" && row.verified && row.timing !== undefined && row.gflops !== undefined;
}
