// Child process of `npm run bench:build`: runs one build in the current folder and prints its own
// resource usage as one JSON line. Running in-process (not via the tsx CLI, which forks) makes
// process.resourceUsage() cover the whole build: every thread, sharp's included.
import { stop } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { commandArgsOrExit } from "../cli/commandArgs.ts";
import type { BuildOptions } from "../cli/build.ts";
import { markEleventyPhases, recordBuildPhases, takeBuildPhases, type BuildPhase } from "../_config/buildPhases.ts";

export interface BuildMeasurement {
  wallMs: number;
  /** User + system CPU time of the build process. */
  cpuMs: number;
  /** CPU time of child processes (tsc, esbuild's service, stopped after the build); Linux only, else 0. */
  childCpuMs: number;
  /** Peak resident set size, bytes. */
  peakRssBytes: number;
  /** Where the time went (`_config/buildPhases.ts`); the bare build has Eleventy's own phases only. */
  phases: BuildPhase[];
}

/** Builds, and returns the phases the build recorded. */
async function buildOnce(mode: string, output: string): Promise<BuildPhase[]> {
  if (mode === "full") {
    // The site's own `npm run build` entry point: the same code path, staging folder and all.
    const { buildSite } = (await import(pathToFileURL(path.resolve("cli/build.ts")).href)) as {
      buildSite: (options: BuildOptions) => Promise<void>;
    };
    // The site's own copy of the phase recorder, which its build and plugins import.
    const sitePhases = (await import(pathToFileURL(path.resolve("_config/buildPhases.ts")).href)) as {
      takeBuildPhases: typeof takeBuildPhases;
    };
    await buildSite({ output, quiet: true, timings: true });
    return sitePhases.takeBuildPhases();
  } else {
    // Loaded here, not at the top: a mistyped option stops the command before Eleventy's imports.
    const { default: Eleventy } = await import("@11ty/eleventy");
    recordBuildPhases();
    const eleventy = new Eleventy(".", output, {
      configPath: "eleventy.config.ts",
      quietMode: true,
      config: markEleventyPhases,
    });
    await eleventy.write();
    return takeBuildPhases();
  }
}

/** cutime + cstime from /proc/self/stat (fields 16 and 17, in clock ticks of 1/100 s on Linux). */
function childCpuMs(): number {
  if (!existsSync("/proc/self/stat")) return 0;
  const fields = readFileSync("/proc/self/stat", "utf8")
    .replace(/^.*\) /, "")
    .split(" ");
  // After the ")" that ends the command name, field 3 (state) is index 0: cutime is field 16, cstime 17.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

const { positionals } = commandArgsOrExit(
  "usage: node --import tsx bench/measureBuild.ts [full|bare] [<output folder>]",
  {
    args: process.argv.slice(2),
    options: {},
    allowPositionals: true,
  },
);
const [mode = "full", output = "_site"] = positionals;
const start = performance.now();
const phases = await buildOnce(mode, output);
const wallMs = performance.now() - start;
// esbuild's service would outlive the build, its CPU time uncounted: stop it, and let Node reap it, so cutime has it.
await stop();
await new Promise((resolve) => setTimeout(resolve, 300));
const usage = process.resourceUsage();
const measurement: BuildMeasurement = {
  wallMs,
  cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  childCpuMs: childCpuMs(),
  peakRssBytes: usage.maxRSS * 1024,
  phases,
};
console.log(`BENCH ${JSON.stringify(measurement)}`);
