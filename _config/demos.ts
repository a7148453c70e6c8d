// Per-post TypeScript demos: `{% demo "name" %}` places a placeholder, one esbuild call bundles the demos,
// and only pages that place a demo get the loader (plus the demo's CSS). See README, "Adding a demo".
import type { ShortcodeThis, UserConfig } from "@11ty/eleventy";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { demosCalledIn, findDemos, type DemoInfo } from "./demos/demoCatalog.ts";
import {
  bundleDemos,
  DEMO_ASSETS_DIR,
  watchDemos,
  type DemoBundleSettings,
  type DemoManifest,
} from "./demos/demoBundler.ts";
import { demoPlaceholder, lineOfDemoCall } from "./demos/demoMarkup.ts";
import { startDemoTypeCheck, type DemoTypeCheck } from "./demos/demoTypeCheck.ts";
import { BuildProblemsError } from "./buildErrors.ts";
import type { PageNeedsStore } from "./pageNeeds.ts";
import { timePhase } from "./buildPhases.ts";

export const COI_SERVICE_WORKER = "coi-serviceworker.js";

export interface DemosOptions {
  /** The build's page records: a page that places a demo gets its loader, CSS, policy and isolation there. */
  pages: PageNeedsStore;
}

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

export default function demos(eleventyConfig: UserConfig, { pages }: DemosOptions): void {
  const root = process.cwd();
  let catalog = new Map<string, DemoInfo>();
  let manifest: DemoManifest | undefined;
  let devBundles: { key: string; dispose: () => Promise<void> } | undefined;
  let typeCheck: DemoTypeCheck | undefined;

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
    const needs = pages.of(this.page.url);
    needs.demos.add(demo.name);
    needs.crossOriginIsolated ||= demo.crossOriginIsolated;
    needs.isolationFallback = `/${COI_SERVICE_WORKER}`;
    for (const css of bundle.css) needs.stylesheets.add(`/${DEMO_ASSETS_DIR}/${css}`);
    if (manifest) needs.scripts.add(`/${DEMO_ASSETS_DIR}/${manifest.loader}`);
    return demoPlaceholder(demo, bundle.module, settings);
  });

  eleventyConfig.on("eleventy.after", async () => {
    const typeProblems = await timePhase("type-check", async () => typeCheck?.result, { concurrent: true });
    typeCheck = undefined;
    if (typeProblems === null)
      console.warn("[demos] TypeScript is not installed: demos were bundled without a type check");
    if (typeProblems?.length) throw new BuildProblemsError("TypeScript errors in demos", typeProblems);
  });
}
