// Summaries of repeated timings: the median is robust to a stray GC pause or a busy tab.
import { quantile } from "../../_shared/median.ts";

export interface TimingSummary {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  q1Ms: number;
  q3Ms: number;
}

export function summarizeTimings(samplesMs: readonly number[]): TimingSummary {
  const sorted = [...samplesMs].sort((x, y) => x - y);
  return {
    runs: sorted.length,
    medianMs: quantile(sorted, 0.5),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    q1Ms: quantile(sorted, 0.25),
    q3Ms: quantile(sorted, 0.75),
  };
}

/** An n×n product costs n³ multiplies and n³ adds. */
export function matmulFlops(n: number): number {
  return 2 * n ** 3;
}

export function gflopsPerSecond(n: number, ms: number): number {
  return matmulFlops(n) / (ms * 1e6);
}
