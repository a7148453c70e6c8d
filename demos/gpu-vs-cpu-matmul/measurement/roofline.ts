// The roofline model (Williams, Waterman, Patterson 2009, https://doi.org/10.1145/1498765.1498785): a kernel of
// arithmetic intensity I (FLOP per byte moved) runs at most at min(peak FLOP/s, I × bandwidth).
import type { MeasuredPeaks } from "./peaks.ts";

export interface Roof {
  device: "CPU" | "GPU";
  peakGflops: number;
  bandwidthGBps: number;
}

/** An n×n product does 2n³ FLOP over at least 3n² float32 moved (A and B read, C written): n/6 FLOP per byte. */
export function matmulIntensity(n: number): number {
  return (2 * n ** 3) / (3 * n * n * 4);
}

export function roofAt(roof: Roof, intensity: number): number {
  return Math.min(roof.peakGflops, intensity * roof.bandwidthGBps);
}

/** Where the slanted (bandwidth-bound) part meets the flat (compute-bound) part. */
export function ridgeIntensity(roof: Roof): number {
  return roof.peakGflops / roof.bandwidthGBps;
}

/** The roofs the measurements allow: a device needs both its peak and its bandwidth. */
export function roofsFrom(peaks: MeasuredPeaks): Roof[] {
  const roofs: Roof[] = [];
  // The per-thread peak times the threads: what rows are judged against. The all-threads run can come out lower
  // on a busy machine (one thread waits for a core), and a roof below a measured point would read as a paradox.
  if (peaks.cpuPerThreadGflops && peaks.cpuBandwidthGBps) {
    const peakGflops = peaks.cpuPerThreadGflops * (peaks.cpuThreads ?? 1);
    roofs.push({ device: "CPU", peakGflops, bandwidthGBps: peaks.cpuBandwidthGBps });
  }
  if (peaks.gpuGflops && peaks.gpuBandwidthGBps)
    roofs.push({ device: "GPU", peakGflops: peaks.gpuGflops, bandwidthGBps: peaks.gpuBandwidthGBps });
  return roofs;
}
