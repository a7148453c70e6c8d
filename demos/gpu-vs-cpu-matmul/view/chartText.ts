// The words behind each chart, for screen readers and for anyone who prefers a sentence to a plot.
import { isChartable, type ResultRow } from "../measurement/results.ts";

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toPrecision(2);
}

export function chartSummary(rows: readonly ResultRow[], metric: "gflops" | "ms"): string {
  const charted = rows.filter(isChartable);
  if (charted.length === 0) return "No verified results to chart yet.";
  const byBackend = new Map<string, ResultRow[]>();
  for (const row of charted) byBackend.set(row.backend, [...(byBackend.get(row.backend) ?? []), row]);
  const unit = metric === "gflops" ? "GFLOP/s" : "ms";
  const value = (row: ResultRow): number => (metric === "gflops" ? row.gflops! : row.timing!.medianMs);
  const series = [...byBackend].map(([backend, list]) => {
    const points = [...list].sort((x, y) => x.n - y.n).map((row) => `n ${row.n}: ${fmt(value(row))}`);
    return `${backend} (${unit}): ${points.join(", ")}.`;
  });
  const best = charted.reduce((top, row) => (value(row) > value(top) ? row : top));
  const headline =
    metric === "gflops"
      ? `Highest throughput: ${best.backend} at n = ${best.n}, ${fmt(best.gflops)} GFLOP/s.`
      : `Median time per product, end to end, on log-log axes.`;
  return [headline, ...series].join(" ");
}
