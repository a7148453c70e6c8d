// Where one build's time goes, by named phase: `npm run build -- --timings` prints it (and writes it as JSON to the
// file BLOG_BUILD_PHASES names), and `npm run bench:build` reads it. Off unless a build turns it on; until then every
// call below is a no-op, so plugins mark phases at no cost.
import type { UserConfig } from "@11ty/eleventy";

/** Every phase, in the order a build reaches them. */
export const BUILD_PHASES = [
  "start-up",
  "config",
  "plugin set-up",
  "demos bundle",
  "data",
  "render",
  // These three wait side by side in `eleventy.after`, begun in the order .eleventy.ts adds their plugins.
  "images",
  "social cards",
  "type-check",
  "search index",
  "link check",
  "swap",
] as const;

export type BuildPhaseName = (typeof BUILD_PHASES)[number];

export interface BuildPhase {
  name: BuildPhaseName;
  /** Since the process started (`performance.now()`'s origin). */
  startMs: number;
  wallMs: number;
  /** The process's user + system CPU time over the phase; absent for phases that run beside others. */
  cpuMs?: number;
}

export interface PhaseOptions {
  /** The phase overlaps other work (an `eleventy.after` listener, a wait on a child process): CPU is not its own. */
  concurrent?: boolean;
}

let recorded: BuildPhase[] | undefined;

function cpuNowMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const noop = (): void => {};

/** Starts recording; the start-up phase is everything from the process's start until now. */
export function recordBuildPhases(): void {
  recorded = [{ name: "start-up", startMs: 0, wallMs: performance.now(), cpuMs: cpuNowMs() }];
}

/** Stops recording and returns the phases, sorted by start. */
export function takeBuildPhases(): BuildPhase[] {
  const phases = (recorded ?? []).sort((a, b) => a.startMs - b.startMs);
  recorded = undefined;
  return phases;
}

/** Starts a phase; call the returned function when it ends. */
export function startPhase(name: BuildPhaseName, { concurrent = false }: PhaseOptions = {}): () => void {
  const phases = recorded;
  if (!phases) return noop;
  const startMs = performance.now();
  const startCpu = concurrent ? 0 : cpuNowMs();
  return () => {
    const wallMs = performance.now() - startMs;
    phases.push(concurrent ? { name, startMs, wallMs } : { name, startMs, wallMs, cpuMs: cpuNowMs() - startCpu });
  };
}

/** Runs `work` as one phase. */
export async function timePhase<T>(
  name: BuildPhaseName,
  work: () => T | Promise<T>,
  options?: PhaseOptions,
): Promise<T> {
  if (!recorded) return await work();
  const end = startPhase(name, options);
  try {
    return await work();
  } finally {
    end();
  }
}

/**
 * Marks Eleventy's own phases from its events: config (loading the config file and every plugin module, through
 * tsx) until `eleventy.beforeConfig`; plugin set-up until `eleventy.before`; data (templates read, data cascade,
 * collections) from when rendering is about to start until `eleventy.contentMap`; render until `eleventy.after`.
 * For the `config` callback of `new Eleventy()`, which runs before the config file is loaded.
 * https://www.11ty.dev/docs/events/
 */
export function markEleventyPhases(eleventyConfig: UserConfig): void {
  if (!recorded) return;
  let end = startPhase("config");
  const next = (name: BuildPhaseName) => () => {
    end();
    end = startPhase(name);
  };
  eleventyConfig.on("eleventy.beforeConfig", next("plugin set-up"));
  eleventyConfig.on("eleventy.before", () => {
    end();
    end = noop;
  });
  // Emitted by Eleventy's writer once every `eleventy.before` listener is done, before templates are read; Eleventy
  // clears `eleventy#` listeners when it re-initialises (watch mode), never within one build.
  eleventyConfig.on("eleventy#beforerender", next("data"));
  eleventyConfig.on("eleventy.contentMap", next("render"));
  eleventyConfig.on("eleventy.after", () => {
    end();
    end = noop;
  });
}

/** The phases as a plain table: name, start, wall and CPU seconds. */
export function formatBuildPhases(phases: readonly BuildPhase[]): string {
  const rows = phases.map((phase) => [
    phase.name,
    (phase.startMs / 1000).toFixed(2),
    (phase.wallMs / 1000).toFixed(2),
    phase.cpuMs === undefined ? "—" : (phase.cpuMs / 1000).toFixed(2),
  ]);
  const header = ["phase", "starts at s", "wall s", "CPU s"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ")).join("\n");
}
