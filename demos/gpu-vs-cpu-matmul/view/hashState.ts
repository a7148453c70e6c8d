// The chosen sizes and backends live in the URL hash (#sizes=64,128&backends=webasm,webgl2) so a setup can be shared.
import { isBackendId, maxSize, type BackendId } from "../measurement/backends.ts";
import { defaultProductBudgetMs, maxProductBudgetMs, minProductBudgetMs } from "../measurement/runBudget.ts";

/** A shared link may offer at most this many sizes: each is a checkbox, and each a row per backend. */
export const maxHashSizes = 12;

export interface HashState {
  sizes?: number[];
  /** Distinct valid sizes the hash listed beyond maxHashSizes, left out. */
  sizesDropped?: number;
  backends?: BackendId[];
  /** `budget=0.1`: the longest single product a run will start, in seconds, clamped to the range runBudget.ts allows. */
  budgetSeconds?: number;
  /** Off unless asked: `debug=lose-context` makes gpu.js's WebGL paths lose their context after their first product. */
  debug?: "lose-context";
}

/** Reads what it recognises and ignores the rest (a heading anchor such as #why-gpu is simply not ours). */
export function parseHashState(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const state: HashState = {};
  const sizes = params.get("sizes");
  if (sizes !== null) {
    const parsed = sizes
      .split(",")
      .map((part) => Number(part.trim()))
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= maxSize);
    // The first sizes listed are kept: that is what the person who made the link put first.
    const distinct = [...new Set(parsed)];
    if (distinct.length > 0) state.sizes = distinct.slice(0, maxHashSizes).sort((x, y) => x - y);
    if (distinct.length > maxHashSizes) state.sizesDropped = distinct.length - maxHashSizes;
  }
  const names = params.get("backends");
  if (names !== null) {
    const parsed = names
      .split(",")
      .map((part) => part.trim())
      .filter(isBackendId);
    if (parsed.length > 0) state.backends = [...new Set(parsed)];
  }
  const budget = params.get("budget");
  // Number("") is 0: an empty value is no value, not the smallest budget.
  const seconds = budget === null || budget.trim() === "" ? NaN : Number(budget);
  if (Number.isFinite(seconds))
    state.budgetSeconds = Math.min(maxProductBudgetMs, Math.max(minProductBudgetMs, seconds * 1000)) / 1000;
  if (params.get("debug") === "lose-context") state.debug = "lose-context";
  return state;
}

/** The per-product budget a run uses: the link's, or the default. */
export function productBudgetMs(state: HashState): number {
  return state.budgetSeconds === undefined ? defaultProductBudgetMs : state.budgetSeconds * 1000;
}

/** Commas stay literal so the hash reads the way a person would type it. */
export function serializeHashState(state: HashState): string {
  const parts: string[] = [];
  if (state.sizes?.length) parts.push(`sizes=${state.sizes.join(",")}`);
  if (state.backends?.length) parts.push(`backends=${state.backends.join(",")}`);
  if (state.budgetSeconds !== undefined) parts.push(`budget=${state.budgetSeconds}`);
  if (state.debug) parts.push(`debug=${state.debug}`);
  return parts.length ? `#${parts.join("&")}` : "";
}
