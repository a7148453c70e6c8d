// `npm start`: the dev server sends the headers the build wrote to `_headers` (COOP/COEP on demo pages,
// the CSP), so demos run cross-origin isolated in development as they will when deployed.
import type { UserConfig } from "@11ty/eleventy";
import { readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { assertDevOutput } from "./publishing.ts";
import { parseRequestTarget } from "../server/requestTarget.ts";
import { headersForPath, parseHeadersFile, type HeaderRule } from "../server/headersFile.ts";

/** Long-lived caching would serve stale bundles after a rebuild; development never caches. */
const DEV_SKIPPED_HEADERS = new Set(["cache-control"]);

/** Reads `_headers` again only when the build has rewritten it. */
function headerRulesReader(file: string): () => HeaderRule[] {
  let cached: { mtimeMs: number; rules: HeaderRule[] } | undefined;
  return () => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return [];
    }
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, rules: parseHeadersFile(readFileSync(file, "utf8"), file) };
    return cached.rules;
  };
}

export function hostHeadersMiddleware(headersFile: string, pathPrefix = "/") {
  const rules = headerRulesReader(headersFile);
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const target = parseRequestTarget(request.url ?? "/");
    if (target.kind !== "path") return next();
    const pathname = `/${target.segments.join("/")}${target.trailingSlash && target.segments.length ? "/" : ""}`;
    const sitePath = pathname.startsWith(pathPrefix) ? `/${pathname.slice(pathPrefix.length)}` : pathname;
    for (const [key, { name, value }] of headersForPath(rules(), sitePath)) {
      if (!DEV_SKIPPED_HEADERS.has(key)) response.setHeader(name, value);
    }
    next();
  };
}

export default function devServer(eleventyConfig: UserConfig, options: { pathPrefix?: string } = {}): void {
  const output = eleventyConfig.directories.output ?? "_site";
  assertDevOutput(output);
  // Eleventy waits until a changed file's size has been stable for 150 ms before rebuilding: half of the
  // 0.3 s an edit may take to show. Editors save a post in one write (or an atomic rename), a truncate and a write
  // microseconds apart; 25 ms of a stable size, polled every 5 ms, still covers that and costs a save 30 ms
  // instead of 150. Eleventy's own throttle (setWatchThrottleWaitTime) is 0 already.
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 5 } });
  eleventyConfig.setServerOptions({
    middleware: [hostHeadersMiddleware(path.resolve(output, "_headers"), options.pathPrefix)],
    // The demo bundler rebuilds into the output on its own (no Eleventy build); a changed bundle reloads the page.
    watch: [path.join(output, "assets/demos/*.{js,css}")],
  });
}
