// Results as Markdown (for an issue or a post) and as JSON (for tools); numbers only for verified rows.
import type { MeasuredPeaks } from "../measurement/peaks.ts";
import type { ResultRow } from "../measurement/results.ts";
import type { TimingSummary } from "../measurement/statistics.ts";

export interface RunContext {
  /** Where it ran, e.g. the browser's user agent. */
  environment?: string;
  gpuDevice?: string;
  emulatedGpu?: boolean;
  /** The device limits measured in the same run. */
  peaks?: MeasuredPeaks;
}

function peaksNote(peaks: MeasuredPeaks): string | undefined {
  const parts: string[] = [];
  if (peaks.cpuPerThreadGflops !== undefined)
    parts.push(`CPU ${peaks.cpuPerThreadGflops.toFixed(1)} GFLOP/s per thread (${peaks.cpuSimd ?? "SIMD"})`);
  if (peaks.cpuAllThreadsGflops !== undefined)
    parts.push(`${peaks.cpuAllThreadsGflops.toFixed(1)} GFLOP/s on ${peaks.cpuThreads ?? 1} threads`);
  if (peaks.gpuGflops !== undefined) parts.push(`GPU ${peaks.gpuGflops.toFixed(1)} GFLOP/s`);
  if (peaks.cpuBandwidthGBps !== undefined) parts.push(`CPU copy ${peaks.cpuBandwidthGBps.toFixed(1)} GB/s`);
  if (peaks.gpuBandwidthGBps !== undefined) parts.push(`GPU copy ${peaks.gpuBandwidthGBps.toFixed(1)} GB/s`);
  return parts.length ? `Measured peaks: ${parts.join(", ")}` : undefined;
}

export const tableColumns = [
  "backend",
  "ran",
  "device",
  "n",
  "first call ms",
  "median ms",
  "spread (min–max) ms",
  "GFLOP/s",
  "resident median ms",
  "verified",
] as const;

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? "" : value.toFixed(digits);
}

export function formatSpread(timing: TimingSummary | undefined): string {
  return timing ? `${fixed(timing.minMs, 3)}–${fixed(timing.maxMs, 3)}` : "";
}

export function verifiedText(row: ResultRow): string {
  if (row.status === "skipped") return `skipped: ${row.note ?? ""}`.trim();
  if (row.status === "error") return `error: ${row.note ?? ""}`.trim();
  if (row.status === "cancelled") return "cancelled";
  if (!row.verified) return `WRONG (worst error ${row.worstError?.toExponential(2) ?? "?"})`;
  return `yes (${row.checked ?? 0} entries, worst ${row.worstError?.toExponential(1) ?? "?"})`;
}

/** The cells of one row, in tableColumns order. */
export function rowCells(row: ResultRow): string[] {
  const shown = row.status === "ok" && row.verified;
  return [
    row.backend,
    row.ran,
    row.device,
    String(row.n),
    fixed(row.firstMs, 3),
    shown ? fixed(row.timing?.medianMs, 3) : "",
    shown ? formatSpread(row.timing) : "",
    shown ? fixed(row.gflops, 3) : "",
    shown ? fixed(row.resident?.medianMs, 3) : "",
    verifiedText(row),
  ];
}

const escapeCell = (cell: string): string => cell.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function resultsToMarkdown(rows: readonly ResultRow[], context: RunContext = {}): string {
  const lines = [
    `| ${tableColumns.join(" | ")} |`,
    `| ${tableColumns.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${rowCells(row).map(escapeCell).join(" | ")} |`),
  ];
  const notes: string[] = [];
  if (context.environment) notes.push(`Environment: ${context.environment}`);
  if (context.gpuDevice)
    notes.push(`GPU: ${context.gpuDevice}${context.emulatedGpu ? " (software emulation on the CPU)" : ""}`);
  const peaks = context.peaks && peaksNote(context.peaks);
  if (peaks) notes.push(peaks);
  return [...lines, ...(notes.length ? ["", ...notes] : [])].join("\n") + "\n";
}

export function resultsToJson(rows: readonly ResultRow[], context: RunContext = {}): string {
  return JSON.stringify({ ...context, rows }, null, 2) + "\n";
}
