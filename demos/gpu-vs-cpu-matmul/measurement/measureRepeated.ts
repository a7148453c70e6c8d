// Repeat a call until the timing means something: enough runs and enough total time.

export interface RepeatPolicy {
  /** At least this many samples. */
  minRuns: number;
  /** And at least this much measured time in all. */
  minTotalMs: number;
  /** A sample shorter than this is a batch of calls averaged, because browsers coarsen performance.now() to 0.1 ms. */
  minSampleMs: number;
  /** Stop here whatever the time, so tiny sizes do not spin for ever. */
  maxRuns: number;
  /** Long products: stop after 3 samples once this much time is measured, so one row never takes half a minute. */
  maxTotalMs?: number;
}

export const defaultRepeatPolicy: RepeatPolicy = {
  minRuns: 5,
  minTotalMs: 300,
  minSampleMs: 2,
  maxRuns: 500,
  maxTotalMs: 2000,
};

/** Whether another sample is needed. */
export function wantsMoreSamples(policy: RepeatPolicy, samples: number, totalMs: number): boolean {
  if (samples >= policy.maxRuns) return false;
  if (policy.maxTotalMs !== undefined && samples >= 3 && totalMs >= policy.maxTotalMs) return false;
  return samples < policy.minRuns || totalMs < policy.minTotalMs;
}

export interface RepeatHooks {
  now: () => number;
  signal?: AbortSignal;
  /** Called between samples, outside the timed region (the main thread yields here). */
  between?: () => Promise<void>;
  onSample?: (samples: number) => void;
}

export class CancelledError extends Error {
  constructor() {
    super("cancelled");
    this.name = "CancelledError";
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** How many calls one sample must average so it lasts at least minSampleMs. */
export function batchSizeFor(warmCallMs: number, minSampleMs: number): number {
  if (!(warmCallMs > 0)) return 64;
  return Math.min(10_000, Math.max(1, Math.ceil(minSampleMs / warmCallMs)));
}

/** Per-call times (ms), one per sample; the caller has already made (and timed) the first call. */
export async function measureRepeated(
  call: () => unknown,
  policy: RepeatPolicy,
  hooks: RepeatHooks,
): Promise<number[]> {
  const { now, signal, between, onSample } = hooks;
  throwIfCancelled(signal);
  let start = now();
  await call();
  const batch = batchSizeFor(now() - start, policy.minSampleMs);
  const samples: number[] = [];
  let total = 0;
  while (wantsMoreSamples(policy, samples.length, total)) {
    if (between) await between();
    throwIfCancelled(signal);
    start = now();
    for (let i = 0; i < batch; i++) await call();
    const elapsed = now() - start;
    total += elapsed;
    samples.push(elapsed / batch);
    onSample?.(samples.length);
  }
  return samples;
}
