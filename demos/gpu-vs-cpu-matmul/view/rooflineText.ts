// The roofline chart in words, for screen readers and anyone who prefers a sentence to a plot.
import type { MeasuredPeaks } from "../measurement/peaks.ts";
import { isChartable, type ResultRow } from "../measurement/results.ts";
import { matmulIntensity, ridgeIntensity, roofAt, roofsFrom } from "../measurement/roofline.ts";

const fmt = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toPrecision(2);

export function rooflineSummary(rows: readonly ResultRow[], peaks: MeasuredPeaks): string {
  const roofs = roofsFrom(peaks);
  if (roofs.length === 0) return "No roof yet: it needs a measured peak and a measured bandwidth for a device.";
  const roofText = roofs.map(
    (roof) =>
      `${roof.device} roof: ${fmt(roof.bandwidthGBps)} GB/s up to ${fmt(ridgeIntensity(roof))} FLOP/byte, then flat at ${fmt(roof.peakGflops)} GFLOP/s.`,
  );
  const best = new Map<string, ResultRow>();
  for (const row of rows.filter(isChartable)) {
    const top = best.get(row.backend);
    if (!top || row.gflops > top.gflops!) best.set(row.backend, row);
  }
  const pointText = [...best.values()].map((row) => {
    const roof = roofs.find((candidate) => candidate.device === (row.ranOnGpu ? "GPU" : "CPU"));
    const intensity = matmulIntensity(row.n);
    const share = roof
      ? `, ${fmt((100 * row.gflops!) / roofAt(roof, intensity))}% of the ${roof.device} roof there`
      : "";
    return `${row.backend} best at n = ${row.n} (${fmt(intensity)} FLOP/byte): ${fmt(row.gflops!)} GFLOP/s${share}.`;
  });
  return [
    ...roofText,
    "A matrix product moves about 3n² numbers for 2n³ operations, so from n of a few dozen it sits right of every ridge: its limit is arithmetic, not memory.",
    ...pointText,
  ].join(" ");
}
