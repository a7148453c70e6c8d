// The pure parts of the matmul demo's honesty: the run budget, the time left, each row's share of its peak, the
// roofline, the best-CPU vs best-GPU ratio, the hash cap and the WGSL variants the auto-tune picks from.
import { describe, expect, it } from "vitest";
import {
  describeVariant,
  threadsPerSide,
  tiledMatmulWgsl,
  tiledWorkgroups,
  wgslVariants,
} from "../demos/gpu-vs-cpu-matmul/kernels/wgslMatmul.ts";
import { explainTune } from "../demos/gpu-vs-cpu-matmul/kernels/wgslTune.ts";
import { peakFlops, peakHow } from "../demos/gpu-vs-cpu-matmul/kernels/wgslPeak.ts";
import { compareBest, explainComparison } from "../demos/gpu-vs-cpu-matmul/measurement/conclusion.ts";
import { defaultRepeatPolicy, wantsMoreSamples } from "../demos/gpu-vs-cpu-matmul/measurement/measureRepeated.ts";
import { peakFor, percentOfPeak, type MeasuredPeaks } from "../demos/gpu-vs-cpu-matmul/measurement/peaks.ts";
import type { ResultRow } from "../demos/gpu-vs-cpu-matmul/measurement/results.ts";
import { matmulIntensity, ridgeIntensity, roofAt, roofsFrom } from "../demos/gpu-vs-cpu-matmul/measurement/roofline.ts";
import {
  estimateRemainingMs,
  formatDuration,
  predictProductMs,
  rowCostMs,
  stopMessage,
  tuneBudgetFor,
} from "../demos/gpu-vs-cpu-matmul/measurement/runBudget.ts";
import { summarizeTimings } from "../demos/gpu-vs-cpu-matmul/measurement/statistics.ts";
import { maxHashSizes, parseHashState, productBudgetMs } from "../demos/gpu-vs-cpu-matmul/view/hashState.ts";
import { rooflineSummary } from "../demos/gpu-vs-cpu-matmul/view/rooflineText.ts";

function row(backend: ResultRow["backend"], n: number, gflops: number, extra: Partial<ResultRow> = {}): ResultRow {
  const ms = (2 * n ** 3) / (gflops * 1e6);
  return {
    backend,
    n,
    status: "ok",
    ran: backend,
    ranOnGpu: false,
    device: "test",
    verified: true,
    timing: summarizeTimings([ms]),
    gflops,
    ...extra,
  };
}

const peaks: MeasuredPeaks = {
  cpuPerThreadGflops: 40,
  cpuAllThreadsGflops: 70,
  cpuThreads: 2,
  gpuGflops: 5,
  cpuBandwidthGBps: 20,
  gpuBandwidthGBps: 10,
};

describe("the run budget", () => {
  it("extrapolates n³ and states a stop with the size and the estimate", () => {
    expect(predictProductMs(1000, 512, 1024)).toBe(8000);
    expect(stopMessage("js-ijk", 512, 1024, 8000)).toBe(
      "js-ijk stopped at n = 512: n = 1024 would take about 8 s a product",
    );
    expect(formatDuration(47)).toBe("about 50 ms");
    expect(formatDuration(0.4)).toBe("about 0.4 ms");
    expect(formatDuration(700)).toBe("about 0.7 s");
    expect(formatDuration(42_000)).toBe("about 42 s");
    expect(formatDuration(150_000)).toBe("about 3 min");
  });

  it("estimates the time left from each backend's last product, nothing for sizes the budget will stop", () => {
    const last = new Map([["js-ijk", { n: 256, productMs: 40 }] as const]);
    const remaining = [
      { backend: "js-ijk" as const, n: 512, gpu: false },
      { backend: "js-ijk" as const, n: 1024, gpu: false },
      { backend: "wasm-tiled" as const, n: 512, gpu: false },
    ];
    const left = estimateRemainingMs(remaining, last, 500, defaultRepeatPolicy);
    // 512: 320 ms a product, a row of first + warm-up + repeats; 1024 (2.6 s) is over budget; wasm-tiled unmeasured.
    expect(left).toBe(rowCostMs(320, false, defaultRepeatPolicy) + 1000);
    expect(rowCostMs(320, true, defaultRepeatPolicy)).toBeGreaterThan(rowCostMs(320, false, defaultRepeatPolicy));
  });

  it("is 0.5 s a product and 3 s for the auto-tune unless a link sets it; a smaller one shortens the tune too", () => {
    expect(productBudgetMs(parseHashState(""))).toBe(500);
    expect(productBudgetMs(parseHashState("#sizes=64,128&backends=webgl2"))).toBe(500);
    expect(tuneBudgetFor(500)).toBe(3000);
    expect(productBudgetMs(parseHashState("#budget=0.05"))).toBe(50);
    expect(tuneBudgetFor(50)).toBe(300);
    // A patient reader's bigger budget lets products grow, not the tune: it stays a few seconds at most.
    expect(productBudgetMs(parseHashState("#budget=20"))).toBe(20_000);
    expect(tuneBudgetFor(20_000)).toBe(3000);
  });

  it("long products stop after three samples once the time cap is reached", () => {
    expect(wantsMoreSamples(defaultRepeatPolicy, 2, 5000)).toBe(true);
    expect(wantsMoreSamples(defaultRepeatPolicy, 3, 2500)).toBe(false);
    expect(wantsMoreSamples(defaultRepeatPolicy, 4, 100)).toBe(true);
    expect(wantsMoreSamples(defaultRepeatPolicy, 500, 1)).toBe(false);
  });
});

describe("peaks and the roofline", () => {
  it("the GPU peak counts the FLOPs of the dispatch it timed and says how many invocations ran", () => {
    // 256 invocations a workgroup, 8 chains × 4 lanes × (multiply + add) an iteration.
    expect(peakFlops(16, 4096)).toBe(4096 * 256 * 16 * 64);
    expect(peakFlops(16, 1024)).toBe(peakFlops(16, 4096) / 4);
    expect(peakHow(4096)).toBe("WGSL vec4 fma loop, 8 independent chains, 1M invocations");
    expect(peakHow(1024)).toBe("WGSL vec4 fma loop, 8 independent chains, 256K invocations");
  });

  it("a CPU row is judged against the per-thread peak times its threads, a GPU row against the GPU peak", () => {
    expect(peakFor(row("js-ijk", 512, 1), peaks)).toBe(40);
    expect(percentOfPeak(row("wasm-tiled", 512, 40, { threads: 2 }), peaks)).toBe(50);
    expect(percentOfPeak(row("wgsl-tiled", 512, 1, { ranOnGpu: true }), peaks)).toBe(20);
    expect(percentOfPeak(row("js-ijk", 512, 1), {})).toBeUndefined();
  });

  it("an n×n product has n/6 FLOP per byte; roofs slant at the bandwidth and flatten at the peak", () => {
    expect(matmulIntensity(6)).toBe(1);
    expect(matmulIntensity(512)).toBeCloseTo(85.33, 2);
    const [cpu, gpu] = roofsFrom(peaks);
    expect(cpu).toEqual({ device: "CPU", peakGflops: 80, bandwidthGBps: 20 });
    expect(gpu).toEqual({ device: "GPU", peakGflops: 5, bandwidthGBps: 10 });
    expect(ridgeIntensity(cpu!)).toBe(4);
    expect(roofAt(cpu!, 1)).toBe(20);
    expect(roofAt(cpu!, 100)).toBe(80);
    expect(roofsFrom({ cpuPerThreadGflops: 40 })).toEqual([]);
  });

  it("the roofline's text names both roofs and each backend's best point against its roof", () => {
    const text = rooflineSummary([row("wasm-tiled", 512, 40, { threads: 2 }), row("wasm-tiled", 256, 20)], peaks);
    expect(text).toContain("CPU roof: 20.0 GB/s up to 4.0 FLOP/byte, then flat at 80.0 GFLOP/s.");
    expect(text).toContain("GPU roof: 10.0 GB/s up to 0.50 FLOP/byte, then flat at 5.0 GFLOP/s.");
    expect(text).toContain("wasm-tiled best at n = 512 (85.3 FLOP/byte): 40.0 GFLOP/s, 50.0% of the CPU roof there.");
    expect(rooflineSummary([], {})).toMatch(/No roof yet/);
  });
});

describe("the honest comparison", () => {
  it("compares the best CPU and best GPU path at the largest size both verified", () => {
    const rows = [
      row("js-ijk", 512, 1),
      row("wasm-tiled", 512, 30, { threads: 2 }),
      row("wgsl-tiled", 256, 3, { ranOnGpu: true }),
      row("webgpu", 256, 2, { ranOnGpu: true }),
      row("wasm-tiled", 256, 24, { threads: 2 }),
      // A gpu.js row that fell back to the CPU is neither side.
      row("webgl2", 256, 50, { ranOnGpu: false }),
    ];
    const comparison = compareBest(rows)!;
    expect(comparison).toMatchObject({ n: 256, gpuOverCpu: 3 / 24 });
    expect(comparison.cpu.backend).toBe("wasm-tiled");
    expect(comparison.gpu.backend).toBe("wgsl-tiled");
    expect(explainComparison(comparison, true)).toBe(
      "The honest ratio, at n = 256, the best GPU path (wgsl-tiled, 3.0 GFLOP/s) against the best CPU path (wasm-tiled, 2 threads, 24.0 GFLOP/s): the CPU is 8.0× faster. The GPU here is a software renderer on the same CPU, so this says nothing about a real GPU.",
    );
    expect(
      explainComparison(compareBest([row("webgpu", 64, 100, { ranOnGpu: true }), row("js-ikj", 64, 10)]), false),
    ).toMatch(/the GPU is 10× faster\.$/);
    expect(explainComparison(undefined, false)).toMatch(/no like-for-like comparison/);
  });
});

describe("sizes from the URL hash", () => {
  it("are deduplicated and capped, keeping the first ones listed and counting the rest", () => {
    const listed = Array.from({ length: 3000 }, (_, i) => i + 1);
    const state = parseHashState(`#sizes=${[...listed, ...listed].join(",")}`);
    expect(state.sizes).toEqual(listed.slice(0, maxHashSizes));
    expect(state.sizesDropped).toBe(3000 - maxHashSizes);
    expect(parseHashState("#sizes=64,64,128").sizesDropped).toBeUndefined();
  });
});

describe("the WGSL variants", () => {
  it.each(wgslVariants.map((variant) => [describeVariant(variant), variant] as const))(
    "%s: at most 256 threads, whole loads per thread, 16 KiB of workgroup memory at most",
    (_name, variant) => {
      const side = threadsPerSide(variant);
      expect(side * side).toBeLessThanOrEqual(256);
      expect((variant.tile * 16) % (side * side)).toBe(0);
      expect(2 * variant.tile * 16 * 4).toBeLessThanOrEqual(16_384);
      const source = tiledMatmulWgsl(variant);
      expect(source).toContain(`@workgroup_size(${side}, ${side})`);
      expect(source).toContain(variant.vec4 ? "vec4<f32>" : "var acc: array<f32,");
      expect(tiledWorkgroups(65, variant)).toBe(Math.ceil(65 / variant.tile));
    },
  );

  it("the tune's sentence names the winner, each variant tried and those left for lack of time", () => {
    expect(
      explainTune({
        winner: "64×64 tile, 8×8 per thread, vec4",
        tried: [
          { variant: "64×64 tile, 4×4 per thread, scalar", ms: 30, verified: true },
          { variant: "64×64 tile, 8×8 per thread, vec4", ms: 12.04, verified: true },
        ],
        untried: 3,
        elapsedMs: 2900,
        budgetMs: 3000,
        n: 128,
      }),
    ).toBe(
      "wgsl-tiled auto-tune (n = 128, 2.9 s): 64×64 tile, 8×8 per thread, vec4 won. Tried 64×64 tile, 4×4 per thread, scalar: 30.0 ms; 64×64 tile, 8×8 per thread, vec4: 12.0 ms; 3 not tried (over the 3 s budget).",
    );
    // A link's smaller budget shortens the tune, and the sentence says so.
    expect(
      explainTune({
        winner: "64×64 tile, 4×4 per thread, scalar",
        tried: [{ variant: "64×64 tile, 4×4 per thread, scalar", ms: 30, verified: true }],
        untried: 4,
        elapsedMs: 900,
        budgetMs: 60,
        n: 128,
      }),
    ).toMatch(/: 64×64 tile, 4×4 per thread, scalar won\. .*; 4 not tried \(over the 0\.06 s budget\)\.$/);
  });
});
