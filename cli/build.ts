// `npm run build`: builds the site into a temporary folder next to the output, and replaces the
// output only when everything succeeded, so a failed build leaves the last good site as it was.
import type Eleventy from "@11ty/eleventy";
import type { UserConfig } from "@11ty/eleventy";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import site from "../_data/site.ts";
import { CACHE_ENV, cacheEnabledByEnv, formatCacheReport, openBuildCache } from "../_config/buildCache.ts";
import { BuildProblemsError, formatBuildError } from "../_config/buildErrors.ts";
import { cachedPageScanner } from "./build/pageScanCache.ts";
import { indexSiteForSearch } from "./build/search.ts";
import { outputCollisions, type OutputClaim } from "./build/outputMap.ts";
import { passthroughFiles, type PassthroughConfig } from "../_config/passthroughFiles.ts";
import { checkSite, formatBrokenReference } from "./build/siteCheck.ts";
import { recoverSite, removeStaging, replaceSite } from "./build/siteSwap.ts";
import { isMainModule } from "./mainModule.ts";
import {
  formatBuildPhases,
  markEleventyPhases,
  recordBuildPhases,
  takeBuildPhases,
  timePhase,
} from "../_config/buildPhases.ts";
import { parseCommandArgs } from "./commandArgs.ts";

export interface BuildOptions {
  /** Where the finished site goes; default `_site`. */
  output?: string;
  quiet?: boolean;
  /** Reuse and keep work in `.cache/build/` (buildCache.ts); default on unless BLOG_BUILD_CACHE=off. */
  cache?: boolean;
  /** Record where the build's time goes (`buildPhases.ts`); read them with `takeBuildPhases()`. */
  timings?: boolean;
}

/** Staging folders of builds in this process; removed on exit, after any write still pending when a build failed. */
const unfinished = new Set<string>();
process.once("exit", () => {
  for (const dir of unfinished) rmSync(dir, { recursive: true, force: true });
});

export async function buildSite({
  output = "_site",
  quiet = false,
  cache: useCache = cacheEnabledByEnv(),
  timings = false,
}: BuildOptions = {}): Promise<void> {
  if (timings) recordBuildPhases();
  const finalDir = path.resolve(output);
  const cache = openBuildCache(process.cwd(), { enabled: useCache });
  // A killed build leaves its staging and retired copies (31 MB each), or no `_site` at all: clean up first.
  for (const line of await recoverSite(finalDir)) console.warn(`build: ${line}`);
  const stagingDir = `${finalDir}.staging-${process.pid}`;
  await rm(stagingDir, { recursive: true, force: true });
  unfinished.add(stagingDir);
  try {
    const { pages, claims } = await writeSite(stagingDir, finalDir, quiet);
    const collisions = outputCollisions(claims);
    if (collisions.length) throw new BuildProblemsError("Two writers of one output file", collisions);
    const links = symlinksIn(stagingDir);
    if (links.length)
      throw new BuildProblemsError("Symlinks in the built site (hosts would serve what they point to)", links);
    await timePhase("search index", () =>
      indexSiteForSearch(stagingDir, { cache: cache.region("search"), writtenPages: pages }),
    );
    // Checked in the staging folder, so a broken link never reaches the last good site. The pages Eleventy
    // wrote are scanned from its results in memory, not read back: that was a tenth of a 4,000-post build.
    const scanner = cachedPageScanner(cache.region("page-scans"), process.cwd());
    const broken = await timePhase("link check", () =>
      checkSite(stagingDir, { pathPrefix: site.pathPrefix, writtenPages: pages, scanPage: scanner.scan }),
    );
    if (broken.length) throw new BuildProblemsError("Broken links (page → target)", broken.map(formatBrokenReference));
    await scanner.save();
    await timePhase("swap", () => replaceSite(stagingDir, finalDir));
    await cache.finish();
    if (useCache && !quiet) console.log(formatCacheReport(cache.report()));
  } catch (error) {
    await cache.writeReport();
    throw error;
  } finally {
    await removeStaging(stagingDir);
  }
}

function symlinksIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isSymbolicLink())
    .map((entry) => `/${path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`);
}

/**
 * Runs Eleventy into `stagingDir` and returns the HTML it wrote, by file in `stagingDir`, and every output path
 * with its writer. Its own function so the instance (every page's data) can be freed before the site check.
 */
async function writeSite(
  stagingDir: string,
  finalDir: string,
  quiet: boolean,
): Promise<{ pages: Map<string, string>; claims: OutputClaim[] }> {
  let passthroughConfig: PassthroughConfig = {};
  // Loaded here, not at the top: `build --bogus` stops at its usage before a second of Eleventy's imports.
  const { default: Eleventy } = await import("@11ty/eleventy");
  const eleventy = new Eleventy(".", stagingDir, {
    configPath: ".eleventy.ts",
    quietMode: quiet,
    // The last good site and swap folders sit inside the input folder: never read them as templates.
    config: (eleventyConfig: UserConfig) => {
      markEleventyPhases(eleventyConfig);
      const relativeOutput = path.relative(process.cwd(), finalDir);
      if (!relativeOutput.startsWith(".."))
        for (const ignored of ["", ".staging-*", ".old-*"])
          eleventyConfig.ignores.add(`${relativeOutput}${ignored}/**`);
      // The same object the config file's plugins add to; read once the build has run.
      passthroughConfig = eleventyConfig.passthroughCopies;
    },
  });
  silenceErrorDump(eleventy);
  const [, templates] = (await eleventy.write()) as [unknown, WriteResult[]];
  const pages = new Map<string, string>();
  const claims: OutputClaim[] = [];
  for (const { outputPath, content, inputPath } of templates) {
    if (typeof outputPath !== "string") continue;
    const output = path.relative(stagingDir, path.resolve(outputPath)).split(path.sep).join("/");
    claims.push({ output, source: String(inputPath ?? "a template").replace(/^\.\//, "") });
    if (typeof content === "string" && outputPath.endsWith(".html")) pages.set(output, content);
  }
  for (const file of passthroughFiles(passthroughConfig, process.cwd()).files) {
    claims.push({ output: file.output, source: `${file.source} (passthrough copy)` });
  }
  return { pages, claims };
}

/** One written template in the results of Eleventy's `write()`. */
interface WriteResult {
  inputPath?: string;
  outputPath?: string | false;
  content?: unknown;
}

/** The CLI prints formatBuildError's one message; Eleventy's own dump (every wrapper, with stacks) would repeat it. */
function silenceErrorDump(eleventy: Eleventy): void {
  // `errorHandler` is Eleventy's internal (untyped) reporter; it only calls `logger.message`.
  const { errorHandler } = eleventy as unknown as { errorHandler: { logger: unknown } };
  errorHandler.logger = { isVerbose: false, message() {} };
}

const USAGE = "usage: npm run build -- [--output <folder>] [--quiet] [--no-cache] [--timings]";

/**
 * `npm run build` with these arguments, printing what the command prints; resolves with its exit status (2 for a
 * usage mistake, 1 for a failed build) instead of exiting, so a test's build host (tools/buildHost.ts) runs it too.
 */
export async function runBuildCommand(args: string[]): Promise<number> {
  const start = performance.now();
  let values;
  try {
    ({ values } = parseCommandArgs(USAGE, {
      args,
      options: {
        output: { type: "string" },
        quiet: { type: "boolean", default: false },
        "no-cache": { type: "boolean", default: false },
        timings: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const output = values.output ?? process.env.BLOG_OUTPUT;
  // The plugins inside Eleventy find the cache by the site's root; the variable reaches any child process too.
  if (values["no-cache"]) process.env[CACHE_ENV] = "off";
  const phasesFile = process.env.BLOG_BUILD_PHASES;
  try {
    await buildSite({
      output,
      quiet: values.quiet,
      cache: !values["no-cache"] && cacheEnabledByEnv(),
      timings: values.timings || Boolean(phasesFile),
    });
  } catch (error) {
    console.error(formatBuildError(error));
    console.error("Build failed: the previous site was left unchanged.");
    return 1;
  }
  console.log(`Built ${output ?? "_site"} in ${((performance.now() - start) / 1000).toFixed(2)} s`);
  const phases = takeBuildPhases();
  if (values.timings) console.log(formatBuildPhases(phases));
  if (phasesFile) writeFileSync(phasesFile, JSON.stringify(phases));
  return 0;
}

if (isMainModule(import.meta.url)) {
  void runBuildCommand(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
