// Statistics and formatting shared by the bench scripts; pure, so they are easy to trust.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/** A plain text table: header row, then rows, columns padded to fit. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()).join("\n");
}
