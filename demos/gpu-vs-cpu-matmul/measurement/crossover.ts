// The smallest n at which the best GPU path beats the best CPU path.
import { isChartable, type ResultRow } from "./results.ts";

export interface Crossover {
  n: number;
  gpuBackend: string;
  gpuMs: number;
  cpuBackend: string;
  cpuMs: number;
}

function fastest(rows: ResultRow[]): { backend: string; ms: number } | undefined {
  let best: { backend: string; ms: number } | undefined;
  for (const row of rows) {
    if (!isChartable(row)) continue;
    if (!best || row.timing.medianMs < best.ms) best = { backend: row.backend, ms: row.timing.medianMs };
  }
  return best;
}

/** Compares end-to-end medians (what a caller waits for); sizes where either side is missing are skipped. */
export function findCrossover(rows: readonly ResultRow[]): Crossover | undefined {
  const sizes = [...new Set(rows.map((row) => row.n))].sort((x, y) => x - y);
  for (const n of sizes) {
    const atN = rows.filter((row) => row.n === n);
    const gpu = fastest(atN.filter((row) => row.ranOnGpu));
    const cpu = fastest(atN.filter((row) => !row.ranOnGpu));
    if (gpu && cpu && gpu.ms < cpu.ms)
      return { n, gpuBackend: gpu.backend, gpuMs: gpu.ms, cpuBackend: cpu.backend, cpuMs: cpu.ms };
  }
  return undefined;
}

/** One sentence tying the measurement to the post's latency-versus-bandwidth point. */
export function explainCrossover(
  crossover: Crossover | undefined,
  smallestGpuMs: number | undefined,
  emulated: boolean,
): string {
  if (!crossover) {
    const why = emulated
      ? 'the "GPU" here is emulated on the CPU, so it pays the GPU\'s fixed costs without its parallel hardware'
      : "at these sizes each GPU call's fixed cost (upload, launch, readback) outweighs the arithmetic it saves";
    return `No crossover in the sizes tried: the CPU was faster at every size, because ${why}.`;
  }
  const latency =
    smallestGpuMs === undefined ? "" : ` (about ${formatMs(smallestGpuMs)} even for the smallest product)`;
  return (
    `From n = ${crossover.n} the GPU wins (${crossover.gpuBackend} ${formatMs(crossover.gpuMs)} vs ${crossover.cpuBackend} ${formatMs(crossover.cpuMs)}): ` +
    `below it every GPU call pays a fixed latency${latency} for upload, launch and readback, while above it the n³ arithmetic ` +
    `outgrows the n² data moved and the GPU's parallel cores and memory bandwidth take over.`
  );
}

export function formatMs(ms: number): string {
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}
