// Seeded float32 inputs, so every backend and every reload multiplies the same matrices.

/** mulberry32: tiny, fast, good enough for test data (https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An n×n row-major matrix with entries uniform in [-1, 1). */
export function seededMatrix(n: number, seed: number): Float32Array<ArrayBuffer> {
  const next = mulberry32(seed);
  const out = new Float32Array(n * n);
  for (let i = 0; i < out.length; i++) out[i] = next() * 2 - 1;
  return out;
}

/** Seeds for A and B of size n: different per matrix and per size, the same on every machine. */
export function inputSeeds(n: number, baseSeed = 2018): { seedA: number; seedB: number } {
  return { seedA: baseSeed * 7919 + n * 2, seedB: baseSeed * 7919 + n * 2 + 1 };
}
