// Formatting shared by the bench scripts (the median is demos/_shared/median.ts); pure, so they are easy to trust.

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
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
