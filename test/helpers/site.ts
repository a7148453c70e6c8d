// Reading what a test build wrote; the builds themselves are tools/siteBuilds.ts, which benchmarks use too.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BuiltSite } from "../../tools/siteBuilds.ts";
import { parseHtml, type Document } from "./html.ts";

export {
  buildFixtureSite,
  buildRepoSite,
  expectBuilt,
  makeFixtureSite,
  repoRoot,
  runBuild,
  runBuildAsync,
  type BuildRun,
  type BuiltSite,
} from "../../tools/siteBuilds.ts";

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
