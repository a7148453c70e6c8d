// Checks a float32 product against float64 arithmetic on the same float32 inputs.
import { seededRandom } from "../../_shared/seededRandom.ts";

/** Unit roundoff of float32 (half an ulp of 1). */
export const float32UnitRoundoff = 2 ** -24;

/**
 * Allowed error relative to Σ|a_ik·b_kj|: a dot product of n float32 terms is within γ_n ≈ n·u of
 * exact in any summation order (Higham, Accuracy and Stability of Numerical Algorithms, §3.1); ×2 for FMA/order slack.
 */
export function toleranceFor(n: number): number {
  return 2 * n * float32UnitRoundoff;
}

export interface VerifyOptions {
  /** Every entry is checked up to this n; above it, a seeded sample. */
  fullUpTo: number;
  samples: number;
  seed: number;
}

export const defaultVerifyOptions: VerifyOptions = { fullUpTo: 256, samples: 1024, seed: 4242 };

export interface Verification {
  ok: boolean;
  checked: number;
  /** Largest |c - exact| / Σ|a_ik·b_kj| seen (Infinity for NaN or a missing entry). */
  worstError: number;
  worstAt: [number, number];
  tolerance: number;
}

/** The entries to check: all of them for small n, else seeded positions plus the two corners. */
export function entriesToCheck(n: number, options: VerifyOptions = defaultVerifyOptions): Array<[number, number]> {
  if (n <= options.fullUpTo) {
    const all: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) all.push([i, j]);
    return all;
  }
  const next = seededRandom(options.seed + n);
  const picked: Array<[number, number]> = [
    [0, 0],
    [n - 1, n - 1],
  ];
  while (picked.length < options.samples) picked.push([Math.floor(next() * n), Math.floor(next() * n)]);
  return picked;
}

/** `entryAt(i, j)` reads the product under test, whatever its layout (flat, rows). */
export function verifyProduct(
  a: Float32Array,
  b: Float32Array,
  n: number,
  entryAt: (i: number, j: number) => number | undefined,
  options: VerifyOptions = defaultVerifyOptions,
): Verification {
  const tolerance = toleranceFor(n);
  let worstError = 0;
  let worstAt: [number, number] = [0, 0];
  const positions = entriesToCheck(n, options);
  for (const [i, j] of positions) {
    let exact = 0;
    let magnitude = 0;
    for (let k = 0; k < n; k++) {
      const term = a[i * n + k]! * b[k * n + j]!;
      exact += term;
      magnitude += Math.abs(term);
    }
    const got = entryAt(i, j);
    const error =
      typeof got === "number" && Number.isFinite(got)
        ? Math.abs(got - exact) / Math.max(magnitude, Number.MIN_VALUE)
        : Number.POSITIVE_INFINITY;
    if (error > worstError || Number.isNaN(error)) {
      worstError = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
      worstAt = [i, j];
    }
  }
  return { ok: worstError <= tolerance, checked: positions.length, worstError, worstAt, tolerance };
}

export function flatEntry(c: ArrayLike<number>, n: number): (i: number, j: number) => number | undefined {
  return (i, j) => c[i * n + j];
}

export function rowsEntry(c: ArrayLike<ArrayLike<number>>): (i: number, j: number) => number | undefined {
  return (i, j) => c[i]?.[j];
}
