// Seeded float32 inputs, so every backend and every reload multiplies the same matrices.
import { seededRandom } from "../../_shared/seededRandom.ts";

/** An n×n row-major matrix with entries uniform in [-1, 1). */
export function seededMatrix(n: number, seed: number): Float32Array<ArrayBuffer> {
  const next = seededRandom(seed);
  const out = new Float32Array(n * n);
  for (let i = 0; i < out.length; i++) out[i] = next() * 2 - 1;
  return out;
}

/** Seeds for A and B of size n: different per matrix and per size, the same on every machine. */
export function inputSeeds(n: number, baseSeed = 2018): { seedA: number; seedB: number } {
  return { seedA: baseSeed * 7919 + n * 2, seedB: baseSeed * 7919 + n * 2 + 1 };
}
