// A bounded auto-tune of the WGSL kernel: each variant in turn, until the time budget runs out, is compiled, run,
// verified against float64 and timed with its data on the GPU; the fastest verified one wins.
import { inputSeeds, seededMatrix } from "../measurement/seededRandom.ts";
import { flatEntry, verifyProduct } from "../measurement/verifyProduct.ts";
import { TiledMatmul } from "./webgpuMatmul.ts";
import { describeVariant, wgslVariants, type WgslVariant } from "./wgslMatmul.ts";

/** Big enough that every variant fills a GPU's cores several times (4,096 64×64 tiles' worth of work). */
export const tuneSize = 512;

export interface TriedVariant {
  variant: string;
  /** Median-free best of three, per product, data on the GPU. */
  ms?: number;
  verified: boolean;
  error?: string;
}

export interface TuneResult {
  winner: string;
  tried: TriedVariant[];
  untried: number;
  elapsedMs: number;
  /** The first variant always runs, later ones only while this lasts (runBudget.ts's tuneBudgetFor). */
  budgetMs: number;
  n: number;
}

export async function autoTune(
  device: GPUDevice,
  now: () => number,
  budgetMs: number,
  n = tuneSize,
): Promise<{ variant: WgslVariant; result: TuneResult }> {
  const { seedA, seedB } = inputSeeds(n);
  const a = seededMatrix(n, seedA);
  const b = seededMatrix(n, seedB);
  const start = now();
  const tried: TriedVariant[] = [];
  let best: { variant: WgslVariant; ms: number } | undefined;
  for (const variant of wgslVariants) {
    if (tried.length > 0 && now() - start > budgetMs) break;
    const name = describeVariant(variant);
    let kernel: TiledMatmul | undefined;
    try {
      kernel = await TiledMatmul.create(device, n, variant);
      const check = verifyProduct(a, b, n, flatEntry(await kernel.endToEnd(a, b), n));
      if (!check.ok) {
        tried.push({
          variant: name,
          verified: false,
          error: `wrong result (worst error ${check.worstError.toExponential(1)})`,
        });
        continue;
      }
      let ms = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = now();
        await kernel.resident(2);
        ms = Math.min(ms, (now() - t0) / 2);
      }
      tried.push({ variant: name, ms, verified: true });
      if (!best || ms < best.ms) best = { variant, ms };
    } catch (error) {
      tried.push({ variant: name, verified: false, error: (error as Error).message });
    } finally {
      kernel?.destroy();
    }
  }
  const winner = best?.variant ?? wgslVariants[0]!;
  return {
    variant: winner,
    result: {
      winner: describeVariant(winner),
      tried,
      untried: wgslVariants.length - tried.length,
      elapsedMs: now() - start,
      budgetMs,
      n,
    },
  };
}

/** "wgsl-tiled auto-tune (n = 256, 2.9 s): 64×64 tile, 8×8 per thread, vec4 won at 12 ms; tried …; 2 untried (time budget)." */
export function explainTune(result: TuneResult): string {
  const tried = result.tried
    .map((entry) =>
      entry.verified ? `${entry.variant}: ${entry.ms!.toFixed(1)} ms` : `${entry.variant}: ${entry.error}`,
    )
    .join("; ");
  const untried = result.untried ? `; ${result.untried} not tried (over the ${result.budgetMs / 1000} s budget)` : "";
  const won = result.tried.some((entry) => entry.verified)
    ? `${result.winner} won`
    : `none verified, so ${result.winner} is used`;
  return `wgsl-tiled auto-tune (n = ${result.n}, ${(result.elapsedMs / 1000).toFixed(1)} s): ${won}. Tried ${tried}${untried}.`;
}
