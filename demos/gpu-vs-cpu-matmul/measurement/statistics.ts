// Summaries of repeated timings: the median is robust to a stray GC pause or a busy tab.

export interface TimingSummary {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  q1Ms: number;
  q3Ms: number;
}

/** Quantile with linear interpolation between order statistics (R's type 7, what spreadsheets use). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("quantile of no samples");
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

export function median(samples: readonly number[]): number {
  return quantile(
    [...samples].sort((x, y) => x - y),
    0.5,
  );
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
