// Statistics, GFLOP/s, the repeat policy and verification of the matmul demo: pure functions, checked in Node.
import { describe, expect, it } from "vitest";
import { matmulIkjFlat } from "../demos/gpu-vs-cpu-matmul/kernels/cpuMatmul.ts";
import {
  batchSizeFor,
  CancelledError,
  measureRepeated,
} from "../demos/gpu-vs-cpu-matmul/measurement/measureRepeated.ts";
import { residentChainLength } from "../demos/gpu-vs-cpu-matmul/measurement/measureGpu.ts";
import { seededRandom as mulberry32 } from "../demos/_shared/seededRandom.ts";
import { inputSeeds, seededMatrix } from "../demos/gpu-vs-cpu-matmul/measurement/seededRandom.ts";
import { median, quantile } from "../demos/_shared/median.ts";
import { gflopsPerSecond, matmulFlops, summarizeTimings } from "../demos/gpu-vs-cpu-matmul/measurement/statistics.ts";
import {
  entriesToCheck,
  flatEntry,
  toleranceFor,
  verifyProduct,
} from "../demos/gpu-vs-cpu-matmul/measurement/verifyProduct.ts";

describe("statistics", () => {
  it("median of odd and even counts, unsorted input left untouched", () => {
    const samples = [5, 1, 3];
    expect(median(samples)).toBe(3);
    expect(samples).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("quartiles interpolate between order statistics", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(quantile(sorted, 0.25)).toBe(3);
    expect(quantile(sorted, 0.75)).toBe(7);
    expect(quantile([10, 20], 0.25)).toBe(12.5);
    expect(() => quantile([], 0.5)).toThrow();
  });

  it("summarizes runs: median, min–max, IQR, count", () => {
    expect(summarizeTimings([9, 2, 4, 3, 100])).toEqual({
      runs: 5,
      medianMs: 4,
      minMs: 2,
      maxMs: 100,
      q1Ms: 3,
      q3Ms: 9,
    });
  });

  it("GFLOP/s is 2n³ over the median", () => {
    expect(matmulFlops(1024)).toBe(2 * 1024 ** 3);
    expect(gflopsPerSecond(1000, 1000)).toBeCloseTo(2, 12);
    expect(gflopsPerSecond(1024, 4.3)).toBeCloseTo(499.4, 1);
  });
});

describe("repeat policy", () => {
  /** A fake clock: each call costs `costMs`. */
  function fakeWork(costMs: number) {
    let time = 0;
    let calls = 0;
    return { now: () => time, call: () => ((time += costMs), calls++), calls: () => calls };
  }

  it("runs at least 5 samples and 300 ms for a slow call", async () => {
    const work = fakeWork(100);
    const samples = await measureRepeated(
      work.call,
      { minRuns: 5, minTotalMs: 300, minSampleMs: 2, maxRuns: 500 },
      { now: work.now },
    );
    expect(samples).toEqual([100, 100, 100, 100, 100]);
  });

  it("keeps going until 300 ms for a fast call, batching calls that are below the timer's resolution", async () => {
    const work = fakeWork(0.01);
    const samples = await measureRepeated(
      work.call,
      { minRuns: 5, minTotalMs: 300, minSampleMs: 2, maxRuns: 500 },
      { now: work.now },
    );
    expect(samples.length).toBeGreaterThanOrEqual(5);
    expect(samples.reduce((sum, ms) => sum + ms * batchSizeFor(0.01, 2), 0)).toBeGreaterThanOrEqual(300 - 1e-6);
    for (const ms of samples) expect(ms).toBeCloseTo(0.01, 9);
    expect(batchSizeFor(0.01, 2)).toBe(200);
    expect(batchSizeFor(50, 2)).toBe(1);
  });

  it("stops at a cancelled signal", async () => {
    const controller = new AbortController();
    const work = fakeWork(1);
    const run = measureRepeated(
      work.call,
      { minRuns: 5, minTotalMs: 300, minSampleMs: 2, maxRuns: 500 },
      {
        now: work.now,
        signal: controller.signal,
        onSample: (count) => count === 2 && controller.abort(),
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it("chains enough resident products to hide one readback, within bounds", () => {
    expect(residentChainLength(1)).toBe(16);
    expect(residentChainLength(40)).toBe(3);
    expect(residentChainLength(5000)).toBe(2);
  });
});

describe("seeded inputs", () => {
  it("are reproducible, in [-1, 1), and differ between A, B and sizes", () => {
    const { seedA, seedB } = inputSeeds(64);
    const a = seededMatrix(64, seedA);
    expect(seededMatrix(64, seedA)).toEqual(a);
    expect(seededMatrix(64, seedB)).not.toEqual(a);
    expect(inputSeeds(65).seedA).not.toBe(seedA);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a)).toBeLessThan(1);
    const next = mulberry32(1);
    expect([next(), next()]).toEqual(
      (() => {
        const again = mulberry32(1);
        return [again(), again()];
      })(),
    );
  });
});

describe("verifyProduct", () => {
  const product = (n: number) => {
    const { seedA, seedB } = inputSeeds(n);
    const a = seededMatrix(n, seedA);
    const b = seededMatrix(n, seedB);
    return { a, b, c: matmulIkjFlat(a, b, n) };
  };

  it("tolerance fits float32 accumulation over n terms", () => {
    expect(toleranceFor(64)).toBeCloseTo(2 * 64 * 2 ** -24, 15);
    expect(toleranceFor(1024)).toBeGreaterThan(toleranceFor(64));
  });

  it("checks every entry up to 256 and a seeded sample of 1,024 above", () => {
    expect(entriesToCheck(256)).toHaveLength(256 * 256);
    const sampled = entriesToCheck(1000);
    expect(sampled).toHaveLength(1024);
    expect(sampled).toEqual(entriesToCheck(1000));
    expect(sampled).toContainEqual([999, 999]);
    for (const [i, j] of sampled) expect(i >= 0 && i < 1000 && j >= 0 && j < 1000).toBe(true);
  });

  it("accepts a correct float32 product, including sizes that are not powers of two", () => {
    for (const n of [3, 50, 97, 300]) {
      const { a, b, c } = product(n);
      const check = verifyProduct(a, b, n, flatEntry(c, n));
      expect(check.ok, `n=${n} worst ${check.worstError}`).toBe(true);
      expect(check.worstError).toBeLessThan(check.tolerance);
    }
  });

  it("rejects a deliberately corrupted product and says where", () => {
    const n = 40;
    const { a, b, c } = product(n);
    c[7 * n + 11]! += 1e-3;
    const check = verifyProduct(a, b, n, flatEntry(c, n));
    expect(check.ok).toBe(false);
    expect(check.worstAt).toEqual([7, 11]);
    expect(check.worstError).toBeGreaterThan(check.tolerance);
  });

  it("rejects NaN, a missing entry and a transposed product", () => {
    const n = 16;
    const { a, b, c } = product(n);
    const withNaN = c.slice();
    withNaN[5] = Number.NaN;
    expect(verifyProduct(a, b, n, flatEntry(withNaN, n)).ok).toBe(false);
    expect(verifyProduct(a, b, n, flatEntry(c.subarray(0, n * n - 1), n)).ok).toBe(false);
    expect(verifyProduct(a, b, n, (i, j) => c[j * n + i]).ok).toBe(false);
  });

  it("rejects a corrupted entry among the sampled ones above 256", () => {
    const n = 300;
    const { a, b, c } = product(n);
    const [i, j] = entriesToCheck(n)[100]!;
    c[i * n + j]! *= 1.01;
    expect(verifyProduct(a, b, n, flatEntry(c, n)).ok).toBe(false);
  });
});
