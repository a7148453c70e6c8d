// The honest answer: the best CPU path against the best GPU path, at the largest size both ran and verified.
import { backendInfo } from "./backends.ts";
import { isChartable, type ResultRow } from "./results.ts";

export interface Comparison {
  n: number;
  cpu: ResultRow;
  gpu: ResultRow;
  /** GPU GFLOP/s over CPU GFLOP/s: above 1 the GPU is faster. */
  gpuOverCpu: number;
}

function best(rows: readonly ResultRow[]): ResultRow | undefined {
  return rows
    .filter(isChartable)
    .reduce<ResultRow | undefined>((top, row) => (!top || row.gflops > top.gflops! ? row : top), undefined);
}

export function compareBest(rows: readonly ResultRow[]): Comparison | undefined {
  const sizes = [...new Set(rows.filter(isChartable).map((row) => row.n))].sort((x, y) => y - x);
  for (const n of sizes) {
    const atN = rows.filter((row) => row.n === n);
    const cpu = best(atN.filter((row) => !row.ranOnGpu && backendInfo(row.backend).target === "cpu"));
    const gpu = best(atN.filter((row) => row.ranOnGpu));
    if (cpu && gpu) return { n, cpu, gpu, gpuOverCpu: gpu.gflops! / cpu.gflops! };
  }
  return undefined;
}

function ratio(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

export function explainComparison(comparison: Comparison | undefined, emulatedGpu: boolean): string {
  if (!comparison)
    return "No size ran verified on both a CPU path and a GPU path, so there is no like-for-like comparison.";
  const { n, cpu, gpu, gpuOverCpu } = comparison;
  const threads = cpu.threads && cpu.threads > 1 ? `, ${cpu.threads} threads` : "";
  const sides = `at n = ${n}, the best GPU path (${gpu.backend}, ${gpu.gflops!.toFixed(1)} GFLOP/s) against the best CPU path (${cpu.backend}${threads}, ${cpu.gflops!.toFixed(1)} GFLOP/s)`;
  const verdict =
    gpuOverCpu >= 1 ? `the GPU is ${ratio(gpuOverCpu)}× faster` : `the CPU is ${ratio(1 / gpuOverCpu)}× faster`;
  const caveat = emulatedGpu
    ? " The GPU here is a software renderer on the same CPU, so this says nothing about a real GPU."
    : "";
  return `The honest ratio, ${sides}: ${verdict}.${caveat}`;
}
