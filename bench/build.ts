// `npm run bench:build -- --posts 4000 --runs 3 [--tags 400]`: builds a corpus of seed-like posts with the site's full
// configuration (the `npm run build` code path) and with a bare Eleventy configuration (bench/bare/),
// and prints the median wall time, CPU time, ms per post and peak RSS of each, and full / bare. Runs of the two alternate.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeFixtureSite, repoRoot } from "../tools/siteBuilds.ts";
import { writeCorpus } from "../tools/corpus.ts";
import type { BuildMeasurement } from "./measureBuild.ts";
import { median } from "../tools/median.ts";
import { megabytes, seconds, table } from "./stats.ts";
import { isMainModule } from "../_config/mainModule.ts";
import { commandArgsOrExit } from "../_config/cli/commandArgs.ts";

export type BuildMode = "full" | "bare";

export interface BuildResult extends BuildMeasurement {
  /** Wall time of the whole process, Node and tsx start-up included. */
  processWallMs: number;
  pagesWritten: number;
}

/** The full site: the repo's templates, config and data (as makeFixtureSite assembles them) plus the corpus. */
export function makeFullCorpusSite(posts: number, tags?: number): string {
  // Social cards off: they are drawn once per post and then copied from .cache/, and `npm run bench:cards` measures
  // them; here they would bury the build's own cost under a first-build cost of 30–50 CPU-seconds per 1,000 posts.
  const config = readFileSync(path.join(repoRoot, "_config.yml"), "utf8").replace(
    /^social_cards:.*$/m,
    "social_cards: false",
  );
  const root = makeFixtureSite({ files: { "_config.yml": config } });
  writeCorpus(path.join(root, "posts"), posts, tags);
  return root;
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

export interface BuildSummary {
  mode: BuildMode;
  posts: number;
  pagesWritten: number;
  wallMs: number;
  processWallMs: number;
  cpuMs: number;
  childCpuMs: number;
  peakRssBytes: number;
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
      (s.wallMs / s.posts).toFixed(2),
      megabytes(s.peakRssBytes),
    ]);
  }
  const [full, bare] = summaries;
  const ratios =
    full && bare
      ? `full / bare: ${(full.wallMs / bare.wallMs).toFixed(2)}× build wall, ${(full.processWallMs / bare.processWallMs).toFixed(2)}× process wall, ${(full.cpuMs / bare.cpuMs).toFixed(2)}× CPU`
      : "";
  return `${table(rows)}\n(median of ${runs} run${runs === 1 ? "" : "s"}; "build wall" excludes Node/tsx start-up)\n${ratios}`;
}

function main(): void {
  const { values } = commandArgsOrExit(
    "usage: npm run bench:build -- [--posts <n>] [--runs <n>] [--tags <n>] [--only full|bare] [--keep]",
    {
      args: process.argv.slice(2),
      options: {
        posts: { type: "string", default: "1000" },
        runs: { type: "string", default: "3" },
        tags: { type: "string", default: "20" },
        only: { type: "string" },
        keep: { type: "boolean", default: false },
      },
    },
  );
  const posts = Number(values.posts);
  const runs = Number(values.runs);
  if (!Number.isInteger(posts) || posts < 1)
    throw new Error(`bench:build: --posts must be a positive integer, got "${values.posts}"`);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`bench:build: --runs must be a positive integer, got "${values.runs}"`);
  const tags = Number(values.tags);
  if (!Number.isInteger(tags) || tags < 1)
    throw new Error(`bench:build: --tags must be a positive integer, got "${values.tags}"`);
  const modes: BuildMode[] = values.only === "full" || values.only === "bare" ? [values.only] : ["full", "bare"];
  const roots = new Map(
    modes.map((mode) => [mode, mode === "full" ? makeFullCorpusSite(posts, tags) : makeBareCorpusSite(posts, tags)]),
  );
  const results = new Map<BuildMode, BuildResult[]>(modes.map((mode) => [mode, []]));
  try {
    // Full and bare runs alternate, so a machine that slows down or speeds up mid-bench weighs on both alike.
    for (let run = 1; run <= runs; run++) {
      for (const mode of modes) {
        const result = measureBuild(roots.get(mode)!, mode);
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
  const summaries = modes.map((mode) => summarise(mode, posts, results.get(mode)!));
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
