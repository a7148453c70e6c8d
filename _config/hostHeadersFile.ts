// Writes `_headers` after the build from the page records (_config/pageNeeds.ts): the site's policy for every
// page, and for each page whose needs differ (a demo, comments, a video, an allowed origin) the same policy its
// <meta> got, with COOP/COEP where a demo wants isolation. The file's format is _config/hostHeaders.ts.
import type { UserConfig } from "@11ty/eleventy";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { DEMO_POLICY, SITE_POLICY } from "./contentSecurityPolicy.ts";
import { hostHeaders, type PageHeaders } from "./hostHeaders.ts";
import { headersOf, type PageNeedsStore } from "./pageNeeds.ts";

export interface HostHeadersFileOptions {
  pages: PageNeedsStore;
  /** URL folders (ending in `/`) and `*` patterns of content-hashed files: cached for a year. */
  immutableAssets: string[];
  /** URL folder of the demo bundles (workers take their policy and COEP from these responses). */
  demoAssets: string;
}

/** The pages whose headers differ from the site's, from their records. */
export function pageHeaders(pages: PageNeedsStore): PageHeaders[] {
  return [...pages.entries()]
    .map(([url, needs]) => ({ url, ...headersOf(needs) }))
    .filter((page) => page.policy !== SITE_POLICY || page.crossOriginIsolated);
}

export default function hostHeadersFile(eleventyConfig: UserConfig, options: HostHeadersFileOptions): void {
  eleventyConfig.on("eleventy.after", async ({ directories }: { directories: { output: string } }) => {
    for (const [url, needs] of options.pages.entries()) {
      // The facade is same-origin, but the player it navigates to sends no COEP/CORP headers.
      if (needs.crossOriginIsolated && needs.youtube)
        console.warn(
          `[headers] ${url}: the video's player will not load on a cross-origin-isolated page (COEP blocks YouTube's frame)`,
        );
    }
    const text = hostHeaders({
      sitePolicy: SITE_POLICY,
      immutableAssets: options.immutableAssets,
      demoAssets: options.demoAssets,
      demoAssetPolicy: DEMO_POLICY,
      pages: pageHeaders(options.pages),
    });
    await mkdir(directories.output, { recursive: true });
    await writeFile(path.join(directories.output, "_headers"), text);
  });
}
