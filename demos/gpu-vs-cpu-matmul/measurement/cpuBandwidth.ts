// Copy bandwidth of typed arrays: what a browser's JavaScript can move through memory.
import { seededRandom } from "../../_shared/seededRandom.ts";

export interface CopyBuffers {
  source: Float32Array;
  target: Float32Array;
}

export function makeCopyBuffers(bytes: number): CopyBuffers {
  const length = Math.floor(bytes / 4);
  const source = new Float32Array(length);
  for (let i = 0; i < length; i++) source[i] = i % 65_521;
  return { source, target: new Float32Array(length) };
}

/** Checks the copy landed: both ends and 1,024 seeded positions. */
export function copyIsExact(source: ArrayLike<number>, target: ArrayLike<number>, seed = 7): boolean {
  if (source.length !== target.length) return false;
  const next = seededRandom(seed);
  const last = source.length - 1;
  const positions = [0, last, ...Array.from({ length: 1024 }, () => Math.floor(next() * source.length))];
  return positions.every((i) => source[i] === target[i]);
}

/** A copy reads every byte once and writes it once. */
export function copyGigabytesPerSecond(bytes: number, ms: number): number {
  return (2 * bytes) / (ms * 1e6);
}
