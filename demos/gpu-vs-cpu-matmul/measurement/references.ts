// Results measured on real machines (data/referenceResults.json), shown beside the reader's own.
import referenceResults from "../data/referenceResults.json";

export interface ReferenceResult {
  /** The machine, e.g. "Apple M1 (8-core GPU)". */
  device: string;
  /** Browser and version, e.g. "Chrome 131". */
  browser: string;
  /** ISO date of the run. */
  date: string;
  /** The command that produced it, so anyone can repeat it. */
  command: string;
  results: Array<{ backend: string; n: number; gflops: number }>;
}

export const references: readonly ReferenceResult[] = referenceResults.references;
