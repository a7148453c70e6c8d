// A test's builds, and reading what they wrote. The sites are made by tools/siteBuilds.ts, which benchmarks use
// too; a test's build runs `npm run build`'s own code in the run's build service (tools/buildService.ts), which
// keeps Node, tsx and Eleventy loaded between builds instead of starting a process for each.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { requestBuild, type BuildServiceRequest } from "../../tools/buildService.ts";
import { makeFixtureSite, repoRoot, type BuiltSite } from "../../tools/siteBuilds.ts";
import { parseHtml, type Document } from "./html.ts";

export { expectBuilt, makeFixtureSite, repoRoot, type BuildRun, type BuiltSite } from "../../tools/siteBuilds.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The URL of the run's build service (globalSetup.ts). */
    buildService: string;
  }
}

type TestBuildRun = Omit<BuildServiceRequest, "root">;

/**
 * Runs `npm run build` in `root` (its arguments, environment and output as `run` says), as the CLI does. A site with
 * no `.cache/` starts with the demo bundles and type checks earlier builds of the run made for the same demos;
 * `coldCache` builds with the site's own cache alone, as on a fresh machine.
 */
export function runBuild(root: string, run: TestBuildRun = {}): Promise<BuiltSite> {
  const url = inject("buildService");
  if (!url) throw new Error("no build service: run the tests with vitest (test/helpers/globalSetup.ts)");
  return requestBuild(url, { root, ...run });
}

export function buildFixtureSite(
  fixture: Parameters<typeof makeFixtureSite>[0],
  run: TestBuildRun = {},
): Promise<BuiltSite> {
  return runBuild(makeFixtureSite(fixture), run);
}

/** Builds the repo's own site into a temporary folder (the repo's `_site` is left alone). */
export function buildRepoSite(run: Omit<TestBuildRun, "output"> = {}): Promise<BuiltSite> {
  return runBuild(repoRoot, { ...run, output: mkdtempSync(path.join(tmpdir(), "blog-site-")) });
}

/** The file a URL is served from: `/a/` → `a/index.html`, `/a.html` → `a.html`, `%20` decoded. */
export function fileForUrl(output: string, url: string): string {
  const pathname = decodeURIComponent(new URL(url, "http://site.test").pathname);
  return path.join(output, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
}

export function readOutput(site: BuiltSite, url: string): string {
  return readFileSync(fileForUrl(site.output, url), "utf8");
}

/** Parses a built page with htmlparser2 (query it with test/helpers/html.ts's selectOne / selectAll). */
export function readDocument(site: BuiltSite, url: string): Document {
  return parseHtml(readOutput(site, url));
}
