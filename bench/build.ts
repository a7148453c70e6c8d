// `npm run bench:build -- --posts 4000 --runs 3 [--tags 400] [--cache warm|cold]`: builds a corpus of seed-like posts
// with the site's full configuration (the `npm run build` code path) and with a bare Eleventy configuration
// (bench/bare/), and prints the median wall time, CPU time, ms per post and peak RSS of each, full / bare, and where
// each build's time went by phase (_config/buildPhases.ts). Runs of the two alternate. `--posts 0` builds the blog as
// it ships (its one post, edited before each run) against a bare build of one corpus post.
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeFixtureSite, repoRoot } from "../tools/siteBuilds.ts";
import { writeCorpus } from "../tools/corpus.ts";
import type { BuildMeasurement } from "./measureBuild.ts";
import { median } from "../demos/_shared/median.ts";
import { megabytes, seconds, table } from "./stats.ts";
import { BUILD_PHASES, type BuildPhase } from "../_config/buildPhases.ts";
import { isMainModule } from "../cli/mainModule.ts";
import { commandArgsOrExit, positiveInteger } from "../cli/commandArgs.ts";

export type BuildMode = "full" | "bare";

export interface BuildResult extends BuildMeasurement {
  /** Wall time of the whole process, Node and tsx start-up included. */
  processWallMs: number;
  pagesWritten: number;
}

/**
 * The full site: the repo's templates, config and data (as makeFixtureSite assembles them) plus the corpus. Social
 * cards are off unless asked for: drawn once per post and then copied from .cache/, they would bury the build's own
 * cost under a first-build cost of 30–50 CPU-seconds per 1,000 posts; `npm run bench:cards` measures them.
 */
export function makeFullCorpusSite(posts: number, tags?: number, socialCards = false): string {
  const root = makeFixtureSite({ socialCards });
  writeCorpus(path.join(root, "posts"), posts, tags);
  return root;
}

/** The blog as it ships: the repo's site and its own posts, social cards and all. */
export function makeShippedSite(): string {
  return makeFixtureSite({ posts: "posts", socialCards: true });
}

/** Appends a line to every post in `root`, so the next build sees each post edited. */
function editPosts(root: string, run: number): void {
  const posts = path.join(root, "posts");
  for (const name of readdirSync(posts).filter((file) => file.endsWith(".md")))
    appendFileSync(path.join(posts, name), `\nEdited before bench run ${run}.\n`);
}

/** The bare site: bench/bare's config and layout plus the same corpus. */
export function makeBareCorpusSite(posts: number, tags?: number): string {
  const root = mkdtempSync(path.join(tmpdir(), "blog-bare-"));
  cpSync(path.join(repoRoot, "bench/bare"), root, { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  writeCorpus(path.join(root, "posts"), posts, tags);
  return root;
}

function countPages(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".html")).length;
}

/** Runs one build of `root` in a fresh Node process and returns what it measured about itself. */
export function measureBuild(root: string, mode: BuildMode): BuildResult {
  const output = path.join(root, "_site");
  rmSync(output, { recursive: true, force: true });
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(repoRoot, "bench/measureBuild.ts"), mode, output],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0", ELEVENTY_RUN_MODE: "build" },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const processWallMs = performance.now() - start;
  const line = child.stdout.split("\n").find((text) => text.startsWith("BENCH "));
  if (child.status !== 0 || !line) {
    throw new Error(
      `bench:build: the ${mode} build in ${root} failed (exit ${child.status}):\n${child.stdout}\n${child.stderr}`,
    );
  }
  return {
    ...(JSON.parse(line.slice("BENCH ".length)) as BuildMeasurement),
    processWallMs,
    pagesWritten: countPages(output),
  };
}

/** Median wall and CPU ms of each phase over the runs, in the build's order; CPU undefined where none was given. */
export function medianPhases(runs: readonly BuildResult[]): Map<string, { wallMs: number; cpuMs?: number }> {
  const byName = new Map<string, BuildPhase[]>();
  for (const phase of runs.flatMap((run) => run.phases))
    byName.set(phase.name, [...(byName.get(phase.name) ?? []), phase]);
  const order = (name: string): number => BUILD_PHASES.indexOf(name as BuildPhase["name"]);
  return new Map(
    [...byName]
      .sort(([a], [b]) => order(a) - order(b))
      .map(([name, phases]) => {
        const cpu = phases.flatMap((phase) => (phase.cpuMs === undefined ? [] : [phase.cpuMs]));
        return [
          name,
          { wallMs: median(phases.map((phase) => phase.wallMs)), cpuMs: cpu.length ? median(cpu) : undefined },
        ];
      }),
  );
}

export interface BuildSummary {
  mode: BuildMode;
  posts: number;
  pagesWritten: number;
  wallMs: number;
  processWallMs: number;
  cpuMs: number;
  childCpuMs: number;
  peakRssBytes: number;
  phases: Map<string, { wallMs: number; cpuMs?: number }>;
}

export function summarise(mode: BuildMode, posts: number, runs: readonly BuildResult[]): BuildSummary {
  return {
    mode,
    posts,
    pagesWritten: runs[0]?.pagesWritten ?? 0,
    wallMs: median(runs.map((run) => run.wallMs)),
    processWallMs: median(runs.map((run) => run.processWallMs)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
    childCpuMs: median(runs.map((run) => run.childCpuMs)),
    peakRssBytes: median(runs.map((run) => run.peakRssBytes)),
    phases: medianPhases(runs),
  };
}

function report(summaries: readonly BuildSummary[], runs: number): string {
  const rows = [
    [
      "config",
      "posts",
      "pages written",
      "build wall s",
      "process wall s",
      "CPU s",
      "child CPU s",
      "ms/post (wall)",
      "peak RSS MB",
    ],
  ];
  for (const s of summaries) {
    rows.push([
      s.mode,
      String(s.posts),
      String(s.pagesWritten),
      seconds(s.wallMs),
      seconds(s.processWallMs),
      seconds(s.cpuMs),
      seconds(s.childCpuMs),
      s.posts ? (s.wallMs / s.posts).toFixed(2) : "—",
      megabytes(s.peakRssBytes),
    ]);
  }
  const [full, bare] = summaries;
  const ratios =
    full && bare
      ? `full / bare: ${(full.wallMs / bare.wallMs).toFixed(2)}× build wall, ${(full.processWallMs / bare.processWallMs).toFixed(2)}× process wall, ${(full.cpuMs / bare.cpuMs).toFixed(2)}× CPU`
      : "";
  return `${table(rows)}\n(median of ${runs} run${runs === 1 ? "" : "s"}; "build wall" excludes Node/tsx start-up)\n${ratios}\n\n${phaseReport(summaries)}`;
}

/** Where the time went, phase by phase, full beside bare ("—": no such phase, or it overlaps others for CPU). */
function phaseReport(summaries: readonly BuildSummary[]): string {
  const names = [...new Set(summaries.flatMap((s) => [...s.phases.keys()]))];
  const rows = [["phase", ...summaries.flatMap((s) => [`${s.mode} wall s`, `${s.mode} CPU s`])]];
  for (const name of names) {
    rows.push([
      name,
      ...summaries.flatMap((s) => {
        const phase = s.phases.get(name);
        return [phase ? seconds(phase.wallMs) : "—", phase?.cpuMs === undefined ? "—" : seconds(phase.cpuMs)];
      }),
    ]);
  }
  return `${table(rows)}\n(medians by phase; a phase's CPU is the whole process's while it ran; child processes — tsc, esbuild's service — are not in it)`;
}

function main(): void {
  const usage =
    "usage: npm run bench:build -- [--posts <n>] [--runs <n>] [--tags <n>] [--cache warm|cold] [--only full|bare] [--keep]";
  const { values } = commandArgsOrExit(usage, {
    args: process.argv.slice(2),
    options: {
      posts: { type: "string", default: "1000" },
      runs: { type: "string", default: "3" },
      tags: { type: "string", default: "20" },
      only: { type: "string" },
      cache: { type: "string", default: "warm" },
      keep: { type: "boolean", default: false },
    },
  });
  // 0 posts is the blog as it ships.
  const posts = values.posts === "0" ? 0 : positiveInteger(usage, "posts", values.posts);
  if (values.cache !== "warm" && values.cache !== "cold")
    throw new Error(`bench:build: --cache must be warm or cold, got "${values.cache}"`);
  const cold = values.cache === "cold";
  const runs = positiveInteger(usage, "runs", values.runs);
  const tags = positiveInteger(usage, "tags", values.tags);
  const modes: BuildMode[] = values.only === "full" || values.only === "bare" ? [values.only] : ["full", "bare"];
  const shipped = posts === 0;
  const makeSite = (mode: BuildMode): string =>
    mode === "bare"
      ? makeBareCorpusSite(shipped ? 1 : posts, tags)
      : shipped
        ? makeShippedSite()
        : makeFullCorpusSite(posts, tags);
  const roots = new Map(modes.map((mode) => [mode, makeSite(mode)]));
  const results = new Map<BuildMode, BuildResult[]>(modes.map((mode) => [mode, []]));
  try {
    // Warm: one untimed build first fills .cache/ (and the file system's), as a blogger's second build finds it.
    if (!cold) for (const mode of modes) measureBuild(roots.get(mode)!, mode);
    // Full and bare runs alternate, so a machine that slows down or speeds up mid-bench weighs on both alike.
    for (let run = 1; run <= runs; run++) {
      for (const mode of modes) {
        const root = roots.get(mode)!;
        // Cold: as on a fresh CI machine. The shipped blog is rebuilt after an edit of its post.
        if (cold) rmSync(path.join(root, ".cache"), { recursive: true, force: true });
        if (shipped) editPosts(root, run);
        const result = measureBuild(root, mode);
        console.error(
          `${mode} run ${run}/${runs}: ${seconds(result.wallMs)} s wall, ${seconds(result.cpuMs)} s CPU, ${megabytes(result.peakRssBytes)} MB`,
        );
        results.get(mode)!.push(result);
      }
    }
  } finally {
    for (const [mode, root] of roots) {
      if (values.keep) console.error(`${mode} site kept in ${root}`);
      else rmSync(root, { recursive: true, force: true });
    }
  }
  const summaries = modes.map((mode) => summarise(mode, shipped ? 1 : posts, results.get(mode)!));
  console.log(
    `${shipped ? "the blog as it ships, its post edited before each run, against a bare one-post build" : `${posts} posts`}; ${cold ? "cold .cache/ (removed before each run)" : "warm .cache/ (after one untimed build)"}`,
  );
  console.log(report(summaries, runs));
}

if (isMainModule(import.meta.url)) {
  try {
    main();
  } catch (error: unknown) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
