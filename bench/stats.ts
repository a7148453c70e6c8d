// Formatting shared by the bench scripts (the median is tools/median.ts); pure, so they are easy to trust.

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

/** Nearest-rank percentile (`p` in 0..1) of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/** A plain text table: header row, then rows, columns padded to fit. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
