// A small deterministic PRNG (mulberry32: https://gist.github.com/tommyettinger/46a874533244883189143505d203312c),
// so a corpus, a fixture or a demo's input matrices are the same on every run and every machine.
// Browser-safe (no Node imports): the matmul demo bundles it, and tools/ and bench/ import it in Node.

/** Numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
