// A first run that fits a reader's patience: each backend grows through the sizes until its next product would
// take longer than a budget, and the time left is estimated from what has been measured so far.
import type { BackendId } from "./backends.ts";
import type { RepeatPolicy } from "./measureRepeated.ts";

/** The longest single product a default run will start: a 0.5 s product costs a row of about 3–5 s with its repeats. */
export const defaultProductBudgetMs = 500;
/** The range a link's `budget=` is clamped to: 0.01 s still runs every backend's first size; 60 s is a row of minutes. */
export const minProductBudgetMs = 10;
export const maxProductBudgetMs = 60_000;
/** The WGSL auto-tune may spend six products' worth of the budget (3 s by default), and never more than that 3 s. */
export function tuneBudgetFor(productBudgetMs: number): number {
  return Math.min(6 * productBudgetMs, 6 * defaultProductBudgetMs);
}
/** Before a backend has a measurement: what a small first row costs here (compile, first call, repeats). */
const unmeasuredRowMs = 1000;

/** n³ work: the product at `next` takes (next/n)³ times as long, never less (latency-bound sizes only overestimate). */
export function predictProductMs(measuredMs: number, n: number, next: number): number {
  return measuredMs * (next / n) ** 3;
}

/** "about 40 ms", "about 8 s", "about 3 min": no false precision in an extrapolation. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  // Milliseconds, since a link's budget may be as small as 0.01 s.
  if (seconds < 0.1) return `about ${Number(ms.toPrecision(1))} ms`;
  if (seconds < 9.5) return `about ${seconds.toPrecision(1)} s`;
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

export function stopMessage(backend: BackendId, n: number, next: number, predictedMs: number): string {
  return `${backend} stopped at n = ${n}: n = ${next} would take ${formatDuration(predictedMs)} a product`;
}

/** What one row costs: the first call, a warm-up, the timed repeats, and for GPU rows the compute-resident chains. */
export function rowCostMs(productMs: number, gpu: boolean, policy: RepeatPolicy): number {
  const repeats = (ms: number): number => {
    const runs = policy.maxTotalMs !== undefined && ms * 3 >= policy.maxTotalMs ? 3 : policy.minRuns;
    return Math.max(runs * ms, policy.minTotalMs);
  };
  return 2 * productMs + repeats(productMs) + (gpu ? 2 * productMs + repeats(2 * productMs) : 0);
}

export interface LastMeasured {
  n: number;
  productMs: number;
}

/**
 * Time left for the (backend, n) pairs still to run: predicted from each backend's last product, nothing for
 * sizes the budget will stop, a flat guess for a backend not yet measured.
 */
export function estimateRemainingMs(
  remaining: ReadonlyArray<{ backend: BackendId; n: number; gpu: boolean }>,
  last: ReadonlyMap<BackendId, LastMeasured>,
  budgetMs: number,
  policy: RepeatPolicy,
): number {
  let total = 0;
  for (const { backend, n, gpu } of remaining) {
    const measured = last.get(backend);
    if (!measured) {
      total += unmeasuredRowMs;
      continue;
    }
    const predicted = predictProductMs(measured.productMs, measured.n, n);
    if (predicted <= budgetMs) total += rowCostMs(predicted, gpu, policy);
  }
  return total;
}
