// The measurement recipe every GPU path follows: first call, verify, end-to-end runs, compute-resident chains, verify again.
import { measureRepeated, throwIfCancelled, type RepeatPolicy } from "./measureRepeated.ts";
import { summarizeTimings, type TimingSummary } from "./statistics.ts";
import { verifyProduct, type Verification } from "./verifyProduct.ts";

export type EntryAt = (i: number, j: number) => number | undefined;

export interface GpuPath {
  /** Compile and run once; the product is what gets verified before any number is shown. */
  first(): Promise<EntryAt>;
  endToEnd(): Promise<unknown>;
  /** `chain` products with the inputs and results left on the GPU, one readback at the end. */
  residentChain(chain: number): Promise<EntryAt>;
  destroy(): void;
}

export interface GpuMeasurement {
  firstMs: number;
  verification: Verification;
  timing?: TimingSummary;
  resident?: TimingSummary;
  residentVerification?: Verification;
}

export interface GpuMeasureContext {
  a: Float32Array;
  b: Float32Array;
  n: number;
  policy: RepeatPolicy;
  now: () => number;
  signal: AbortSignal;
  between: () => Promise<void>;
  onStep: (step: string) => void;
}

/** Enough chained products that the one readback is a small share, without making one sample take seconds. */
export function residentChainLength(endToEndMs: number): number {
  return Math.max(2, Math.min(16, Math.ceil(100 / Math.max(endToEndMs, 0.001))));
}

export async function measureGpuPath(
  open: () => Promise<GpuPath>,
  context: GpuMeasureContext,
): Promise<GpuMeasurement> {
  const { a, b, n, policy, now, signal, between, onStep } = context;
  onStep("first call (compile + run)");
  const start = now();
  const path = await open();
  try {
    const firstProduct = await path.first();
    const firstMs = now() - start;
    onStep("verifying against float64");
    const verification = verifyProduct(a, b, n, firstProduct);
    if (!verification.ok) return { firstMs, verification };
    await between();
    const hooks = { now, signal, between, onSample: (count: number) => onStep(`end-to-end run ${count}`) };
    const timing = summarizeTimings(await measureRepeated(() => path.endToEnd(), policy, hooks));
    throwIfCancelled(signal);
    onStep("compute-resident: warming up");
    const residentProduct = await path.residentChain(1);
    const residentVerification = verifyProduct(a, b, n, residentProduct);
    if (!residentVerification.ok) return { firstMs, verification, timing, residentVerification };
    const chain = residentChainLength(timing.medianMs);
    const chains = await measureRepeated(() => path.residentChain(chain), policy, {
      ...hooks,
      onSample: (count) => onStep(`compute-resident chain ${count} (${chain} products each)`),
    });
    const resident = summarizeTimings(chains.map((ms) => ms / chain));
    return { firstMs, verification, timing, resident, residentVerification };
  } finally {
    path.destroy();
  }
}
