// The device limits measured in the page, and each row's share of its own device's limit.
import type { ResultRow } from "./results.ts";

export interface MeasuredPeaks {
  /** f32 multiply-add loop in WebAssembly SIMD (kernels/assembly/fmaPeak.ts), GFLOP/s. */
  cpuPerThreadGflops?: number;
  cpuAllThreadsGflops?: number;
  cpuThreads?: number;
  /** "relaxed SIMD" (fused multiply-add) or "SIMD". */
  cpuSimd?: string;
  /** WGSL vec4 fma loop (kernels/wgslPeak.ts), GFLOP/s; absent without WebGPU. */
  gpuGflops?: number;
  /** Copy bandwidth (read + write), GB/s. */
  cpuBandwidthGBps?: number;
  gpuBandwidthGBps?: number;
}

/**
 * The peak a row is measured against: for a CPU row, the per-thread peak times the threads it used (a one-thread
 * loop on a four-core machine is judged against one core); for a GPU row, the GPU's fma peak.
 */
export function peakFor(row: ResultRow, peaks: MeasuredPeaks): number | undefined {
  if (row.ranOnGpu) return peaks.gpuGflops;
  if (peaks.cpuPerThreadGflops === undefined) return undefined;
  return peaks.cpuPerThreadGflops * (row.threads ?? 1);
}

/** The row's GFLOP/s as a percentage of its device's measured peak; undefined without both. */
export function percentOfPeak(row: ResultRow, peaks: MeasuredPeaks): number | undefined {
  const peak = peakFor(row, peaks);
  if (row.gflops === undefined || !peak) return undefined;
  return (100 * row.gflops) / peak;
}
