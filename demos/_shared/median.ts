// The median of a sample: the figure benches and the matmul demo report, because one slow run does not move it.
// Browser-safe (no Node imports): the demo bundles it, and bench/ imports it in Node.

/** Quantile with linear interpolation between order statistics (R's type 7, what spreadsheets use). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("quantile of no samples");
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

/** The middle value (the mean of the two middle values for an even count); the input is left unsorted. */
export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}
