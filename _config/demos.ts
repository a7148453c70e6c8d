// Per-post TypeScript demos: `{% demo "name" %}` places a placeholder, one esbuild call bundles the demos,
// and only pages that place a demo get the loader (plus the demo's CSS). See README, "Adding a demo".
import { IMAGE_URL_PATH } from "./images.ts";
import type { ShortcodeThis, UserConfig } from "@11ty/eleventy";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { contentSecurityPolicy, DEMO_POLICY, SITE_POLICY } from "./contentSecurityPolicy.ts";
import { recordedPagePolicies } from "./contentSecurityPolicyMeta.ts";
import { demosCalledIn, findDemos, type DemoInfo } from "./demos/demoCatalog.ts";
import {
  bundleDemos,
  DEMO_ASSETS_DIR,
  watchDemos,
  type DemoBundleSettings,
  type DemoManifest,
} from "./demos/demoBundler.ts";
import { demoHeadTags, demoPlaceholder, lineOfDemoCall } from "./demos/demoMarkup.ts";
import { startDemoTypeCheck, type DemoTypeCheck } from "./demos/demoTypeCheck.ts";
import site from "../_data/site.ts";
import { BuildProblemsError } from "./buildErrors.ts";
import { timePhase } from "./buildPhases.ts";
import { hostHeaders } from "./hostHeaders.ts";
import { YOUTUBE_FRAME_ORIGIN } from "./youtube.ts";

/** The comments demo loads a third party (giscus), which the page's CSP must allow. */
const COMMENTS_DEMO = "giscus-comments";
/** Places the comments demo; layouts include it only when `_data/site.ts` names a comments provider. */
const COMMENTS_PARTIAL = "_includes/partials/comments.njk";
const COI_SERVICE_WORKER = "coi-serviceworker.js";

interface BuildEvent {
  directories: { output: string };
  runMode: "build" | "watch" | "serve";
}

/** `posts/x.md:12: unknown demo "nope" — demos/ has: a, b` */
export function unknownDemoMessage(inputPath: string, root: string, name: string, known: string[]): string {
  const file = path.relative(root, path.resolve(root, inputPath)).split(path.sep).join("/");
  const source = existsSync(path.resolve(root, inputPath)) ? readFileSync(path.resolve(root, inputPath), "utf8") : "";
  const line = lineOfDemoCall(source, name);
  const has = known.length ? known.join(", ") : "(no demos)";
  return `${file}${line ? `:${line}` : ""}: unknown demo "${name}" — demos/ has: ${has}`;
}

export default function demos(eleventyConfig: UserConfig): void {
  const root = process.cwd();
  let catalog = new Map<string, DemoInfo>();
  let manifest: DemoManifest | undefined;
  let devBundles: { key: string; dispose: () => Promise<void> } | undefined;
  let typeCheck: DemoTypeCheck | undefined;
  /** Demos placed by each page's content, waiting for that page's layout to emit its <head> tags. */
  const placedInRender = new Map<string, Set<string>>();
  /** URL → demos, for every page whose layout emitted demo tags; read when writing `_headers`. */
  const pagesWithDemos = new Map<string, Set<string>>();

  // Service workers control only their own folder and below, so the fallback lives at the site root.
  eleventyConfig.addPassthroughCopy({ "node_modules/coi-serviceworker/coi-serviceworker.min.js": COI_SERVICE_WORKER });
  // Under `npm start` esbuild watches demos itself: a demo edit rebuilds bundles, not pages.
  eleventyConfig.watchIgnores.add("demos/**");

  // Bundle before rendering, so placeholders and <head> tags are written once with the final file names.
  eleventyConfig.on("eleventy.before", async ({ directories, runMode }: BuildEvent) => {
    catalog = findDemos(root);
    const output = path.resolve(directories.output);
    // Only demos some template calls are bundled; tests, benchmarks and the output are not this site's templates.
    const notTemplates = new Set([output, ...["test", "bench", "_site"].map((folder) => path.join(root, folder))]);
    // Without a comments provider the partial is never included, so its demo call does not count.
    if (!site.comments) notTemplates.add(path.join(root, COMMENTS_PARTIAL));
    const called = demosCalledIn(root, notTemplates);
    const settings: DemoBundleSettings = {
      root,
      output,
      demos: [...catalog.values()].filter((demo) => called.has(demo.name)),
      stableNames: runMode !== "build",
    };
    if (runMode === "build") {
      // Under `npm start` the editor and `npm run check` report types; a build must not ship a type error.
      typeCheck = startDemoTypeCheck(
        root,
        settings.demos.map((demo) => demo.name),
      );
      manifest = await timePhase("demos bundle", () => bundleDemos(settings));
      return;
    }
    const key = JSON.stringify(settings);
    if (devBundles?.key === key) return;
    await devBundles?.dispose();
    devBundles = undefined;
    const watched = await watchDemos(settings, (error) => {
      if (error) console.error(`[demos] ${error.message}`);
      else console.log("[demos] bundles rebuilt");
    });
    devBundles = { key, dispose: watched.dispose };
    manifest = watched.manifest;
    // Pages still render; the demo starts working once its file is fixed (esbuild keeps watching).
    if (watched.error) console.error(`[demos] ${watched.error.message}`);
  });

  eleventyConfig.addShortcode("demo", function (this: ShortcodeThis, name: unknown, settings?: unknown): string {
    const demo = catalog.get(String(name));
    if (!demo) throw new Error(unknownDemoMessage(this.page.inputPath, root, String(name), [...catalog.keys()]));
    const bundle = manifest?.demos[demo.name];
    if (!bundle) {
      throw new Error(
        `${this.page.inputPath}: demo "${demo.name}" was not bundled; write its name literally: {% demo "${demo.name}" %}`,
      );
    }
    const placed = placedInRender.get(this.page.url) ?? new Set<string>();
    placed.add(demo.name);
    placedInRender.set(this.page.url, placed);
    return demoPlaceholder(demo, bundle.module, settings);
  });

  // Called once per page by the base layout, after the page's content (and its demos) has rendered.
  eleventyConfig.addShortcode("demoHead", function (this: ShortcodeThis, coiServiceWorker?: unknown): string {
    const placed = placedInRender.get(this.page.url);
    placedInRender.delete(this.page.url);
    if (!placed?.size || !manifest) {
      pagesWithDemos.delete(this.page.url);
      return "";
    }
    pagesWithDemos.set(this.page.url, placed);
    const current = manifest;
    return demoHeadTags({
      assetsUrl: `/${DEMO_ASSETS_DIR}/`,
      loader: current.loader,
      css: [...placed].flatMap((name) => current.demos[name]?.css ?? []),
      coiServiceWorkerUrl: coiServiceWorker === true ? `/${COI_SERVICE_WORKER}` : undefined,
    });
  });

  eleventyConfig.on("eleventy.after", async ({ directories }: BuildEvent) => {
    const typeProblems = await timePhase("type-check", async () => typeCheck?.result, { concurrent: true });
    typeCheck = undefined;
    if (typeProblems === null)
      console.warn("[demos] TypeScript is not installed: demos were bundled without a type check");
    if (typeProblems?.length) throw new BuildProblemsError("TypeScript errors in demos", typeProblems);
    const demoPages = [...pagesWithDemos].map(([url, names]) => ({
      url,
      crossOriginIsolated: [...names].some((name) => catalog.get(name)?.crossOriginIsolated),
      // The policy the page's <meta> got, so `_headers` and the page agree.
      policy:
        recordedPagePolicies(eleventyConfig).get(url) ??
        contentSecurityPolicy({ demos: true, comments: names.has(COMMENTS_DEMO) }),
    }));
    for (const page of demoPages) {
      // giscus's iframe sends no COEP/CORP headers, so an isolated page blocks it.
      if (page.crossOriginIsolated && pagesWithDemos.get(page.url)?.has(COMMENTS_DEMO)) {
        console.warn(
          `[demos] ${page.url}: comments will not load on a cross-origin-isolated page (COEP blocks giscus's iframe)`,
        );
      }
      if (page.crossOriginIsolated && page.policy.includes(YOUTUBE_FRAME_ORIGIN)) {
        console.warn(
          `[demos] ${page.url}: the video's player will not load on a cross-origin-isolated page (COEP blocks YouTube's iframe)`,
        );
      }
    }
    // Every other page whose content needs more than the site policy (a video, an origin allowed in _config.yml).
    const otherPages = [...recordedPagePolicies(eleventyConfig)]
      .filter(([url, policy]) => policy !== SITE_POLICY && !pagesWithDemos.has(url))
      .map(([url, policy]) => ({ url, crossOriginIsolated: false, policy }));
    const text = hostHeaders({
      sitePolicy: SITE_POLICY,
      immutableAssets: [`/${DEMO_ASSETS_DIR}/`, IMAGE_URL_PATH, "/assets/css/site-*"],
      demoAssets: `/${DEMO_ASSETS_DIR}/`,
      demoAssetPolicy: DEMO_POLICY,
      pages: [...demoPages, ...otherPages],
    });
    await mkdir(directories.output, { recursive: true });
    await writeFile(path.join(directories.output, "_headers"), text);
  });
}
