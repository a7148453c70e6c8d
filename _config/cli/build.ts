// `npm run build`: builds the site into a temporary folder next to the output, and replaces the
// output only when everything succeeded, so a failed build leaves the last good site as it was.
import Eleventy from "@11ty/eleventy";
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import site from "../../_data/site.ts";
import { BuildProblemsError, formatBuildError } from "../buildErrors.ts";
import { indexSiteForSearch } from "../search.ts";
import { checkSite, formatBrokenReference } from "../siteCheck.ts";

export interface BuildOptions {
  /** Where the finished site goes; default `_site`. */
  output?: string;
  quiet?: boolean;
}

export async function buildSite({ output = "_site", quiet = false }: BuildOptions = {}): Promise<void> {
  const finalDir = path.resolve(output);
  const stagingDir = `${finalDir}.staging-${process.pid}`;
  await rm(stagingDir, { recursive: true, force: true });
  try {
    const writtenPages = await writeSite(stagingDir, finalDir, quiet);
    await indexSiteForSearch(stagingDir);
    // Checked in the staging folder, so a broken link never reaches the last good site. The pages Eleventy
    // wrote are scanned from its results in memory, not read back: that was a tenth of a 4,000-post build.
    const broken = checkSite(stagingDir, { pathPrefix: site.pathPrefix, writtenPages });
    if (broken.length) throw new BuildProblemsError("Broken links (page → target)", broken.map(formatBrokenReference));
    await replaceDirectory(stagingDir, finalDir);
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}

/**
 * Runs Eleventy into `stagingDir` and returns the HTML it wrote, by file in `stagingDir`. Its own function so
 * the instance (every page's data) can be freed before the site check.
 */
async function writeSite(stagingDir: string, finalDir: string, quiet: boolean): Promise<Map<string, string>> {
  const eleventy = new Eleventy(".", stagingDir, {
    configPath: ".eleventy.ts",
    quietMode: quiet,
    // The last good site and swap folders sit inside the input folder: never read them as templates.
    config: (eleventyConfig: { ignores: Set<string> }) => {
      const relativeOutput = path.relative(process.cwd(), finalDir);
      if (!relativeOutput.startsWith("..")) for (const ignored of ["", ".staging-*", ".old-*"]) eleventyConfig.ignores.add(`${relativeOutput}${ignored}/**`);
    },
  });
  silenceErrorDump(eleventy);
  const [, templates] = (await eleventy.write()) as [unknown, WriteResult[]];
  const pages = new Map<string, string>();
  for (const { outputPath, content } of templates) {
    if (typeof outputPath !== "string" || typeof content !== "string" || !outputPath.endsWith(".html")) continue;
    pages.set(path.relative(stagingDir, path.resolve(outputPath)).split(path.sep).join("/"), content);
  }
  return pages;
}

/** One written template in the results of Eleventy's `write()`. */
interface WriteResult {
  outputPath?: string | false;
  content?: unknown;
}

/** The CLI prints formatBuildError's one message; Eleventy's own dump (every wrapper, with stacks) would repeat it. */
function silenceErrorDump(eleventy: Eleventy): void {
  // `errorHandler` is Eleventy's internal (untyped) reporter; it only calls `logger.message`.
  const { errorHandler } = eleventy as unknown as { errorHandler: { logger: unknown } };
  errorHandler.logger = { isVerbose: false, message() {} };
}

/** Swaps a finished build into place with renames, so readers never see a half-written site. */
async function replaceDirectory(from: string, to: string): Promise<void> {
  const retired = `${to}.old-${process.pid}`;
  if (existsSync(to)) await rename(to, retired);
  await rename(from, to);
  await rm(retired, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const start = performance.now();
  const outputArg = process.argv.indexOf("--output");
  const output = outputArg > 0 ? process.argv[outputArg + 1] : process.env.BLOG_OUTPUT;
  buildSite({ output, quiet: process.argv.includes("--quiet") }).then(
    () => console.log(`Built ${output ?? "_site"} in ${((performance.now() - start) / 1000).toFixed(2)} s`),
    (error: unknown) => {
      console.error(formatBuildError(error));
      console.error("Build failed: the previous site was left unchanged.");
      process.exitCode = 1;
    },
  );
}
