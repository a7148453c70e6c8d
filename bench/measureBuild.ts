// Child process of `npm run bench:build`: runs one build in the current folder and prints its own
// resource usage as one JSON line. Running in-process (not via the tsx CLI, which forks) makes
// process.resourceUsage() cover the whole build: every thread, sharp's included.
import Eleventy from "@11ty/eleventy";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface BuildMeasurement {
  wallMs: number;
  /** User + system CPU time of the build process. */
  cpuMs: number;
  /** Peak resident set size, bytes. */
  peakRssBytes: number;
}

async function buildOnce(mode: string, output: string): Promise<void> {
  if (mode === "full") {
    // The site's own `npm run build` entry point: the same code path, staging folder and all.
    const { buildSite } = (await import(pathToFileURL(path.resolve("_config/cli/build.ts")).href)) as {
      buildSite: (options: { output: string; quiet: boolean }) => Promise<void>;
    };
    await buildSite({ output, quiet: true });
  } else {
    const eleventy = new Eleventy(".", output, { configPath: "eleventy.config.ts", quietMode: true });
    await eleventy.write();
  }
}

const [mode = "full", output = "_site"] = process.argv.slice(2);
const start = performance.now();
await buildOnce(mode, output);
const wallMs = performance.now() - start;
const usage = process.resourceUsage();
const measurement: BuildMeasurement = {
  wallMs,
  cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  peakRssBytes: usage.maxRSS * 1024,
};
console.log(`BENCH ${JSON.stringify(measurement)}`);
