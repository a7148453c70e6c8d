// Bundles the loader and every demo in one esbuild call (ESM, split, hashed) and reads the manifest
// the layout and placeholders need from its metafile. Workers (`?worker-url`) are bundled on their own;
// AssemblyScript (`?wasm-simd`, `?wasm-relaxed-simd`) is compiled by asc and inlined as bytes.
import * as esbuild from "esbuild";
import type { BuildOptions, Message, Metafile, Plugin } from "esbuild";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { buildCacheFor, codeFingerprint, contentHash, fileBytes, packageVersion } from "../buildCache.ts";
import { assemblyScriptPlugin } from "./assemblyScript.ts";
import { cachedDemoBundle, inputPath, type BundleFiles } from "./demoBundleCache.ts";
import type { DemoInfo } from "./demoCatalog.ts";

/** Where bundles go inside the site, and the URL path they are served from (before pathPrefix). */
export const DEMO_ASSETS_DIR = "assets/demos";
export const LOADER_ENTRY = "demos/_loader/loader.ts";

export interface DemoManifest {
  /** File names relative to `DEMO_ASSETS_DIR`. */
  loader: string;
  demos: Record<string, { module: string; css: string[] }>;
}

export interface DemoBundleSettings {
  /** Project root (where `demos/` is). */
  root: string;
  /** The site's output folder; bundles go to `<output>/assets/demos/`. */
  output: string;
  demos: DemoInfo[];
  /** Dev server: stable entry names, so editing a demo needs no page re-render. */
  stableNames: boolean;
}

/** `file:line:column: message` for each esbuild message, the form editors and terminals link. */
export function formatEsbuildMessages(messages: Message[]): string {
  return messages
    .map((message) => {
      const where = message.location
        ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: `
        : "";
      const source = message.location?.lineText ? `\n    ${message.location.lineText.trim()}` : "";
      return `${where}${message.text}${source}`;
    })
    .join("\n");
}

export class DemoBundleError extends Error {
  constructor(messages: Message[]) {
    super(`Demo bundling failed:\n${formatEsbuildMessages(messages)}`);
    this.name = "DemoBundleError";
  }
}

function isBuildFailure(error: unknown): error is esbuild.BuildFailure {
  return typeof error === "object" && error !== null && Array.isArray((error as esbuild.BuildFailure).errors);
}

/** Output file name (relative to the assets folder) of the entry whose source is `entry`. */
function outputForEntry(metafile: Metafile, outdir: string, entry: string): { js: string; css: string[] } | undefined {
  for (const [outputPath, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint !== entry || !outputPath.endsWith(".js")) continue;
    const css = output.cssBundle ? [path.posix.relative(outdir, output.cssBundle)] : [];
    return { js: path.posix.relative(outdir, outputPath), css };
  }
  return undefined;
}

/** The manifest from esbuild's metafile; `outdir` as esbuild wrote it in the metafile (relative to the root). */
export function manifestFromMetafile(metafile: Metafile, outdir: string, demos: DemoInfo[]): DemoManifest {
  const loader = outputForEntry(metafile, outdir, LOADER_ENTRY);
  if (!loader) throw new Error(`demo bundler: esbuild produced no output for ${LOADER_ENTRY}`);
  const manifest: DemoManifest = { loader: loader.js, demos: {} };
  for (const demo of demos) {
    const output = outputForEntry(metafile, outdir, demo.entry);
    if (!output) throw new Error(`demo bundler: esbuild produced no output for ${demo.entry}`);
    manifest.demos[demo.name] = { module: output.js, css: output.css };
  }
  return manifest;
}

/** Options shared by the main build and worker builds. */
function commonOptions(settings: DemoBundleSettings): BuildOptions {
  return {
    absWorkingDir: settings.root,
    outdir: path.join(settings.output, DEMO_ASSETS_DIR),
    bundle: true,
    format: "esm",
    splitting: true,
    platform: "browser",
    target: "es2022",
    minify: true,
    // Only when a demo asks (demo.json `keepNames`): it costs 5% of gzipped size (7 KB for gpu.js + Chart.js),
    // and the matmul demo reads gpu.js's `constructor.mode`, which minifying keeps, not class names.
    keepNames: settings.demos.some((demo) => demo.keepNames),
    sourcemap: "linked",
    // One flat folder: `new URL("./x.js", import.meta.url)` works from any chunk.
    chunkNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    metafile: true,
    logLevel: "silent",
    legalComments: "linked",
  };
}

/**
 * `import url from "./x.worker.ts?worker-url"`: bundles the worker as its own ESM entry (hashed, same
 * folder) and resolves the import to its URL. esbuild has no worker support of its own (evanw/esbuild#312).
 */
function workerUrlPlugin(settings: DemoBundleSettings, files?: BundleFiles): Plugin {
  return {
    name: "worker-url",
    setup(build) {
      build.onResolve({ filter: /\?worker-url$/ }, (args) => ({
        path: path.resolve(args.resolveDir, args.path.replace(/\?worker-url$/, "")),
        namespace: "worker-url",
      }));
      // Under the dev server each worker keeps an incremental context, so a rebuild re-parses only what changed.
      const contexts = new Map<string, esbuild.BuildContext<BuildOptions & { metafile: true }>>();
      build.onDispose(() => {
        for (const context of contexts.values()) void context.dispose();
      });
      const buildWorker = async (entry: string): Promise<esbuild.BuildResult<BuildOptions & { metafile: true }>> => {
        const options = {
          ...commonOptions(settings),
          metafile: true as const,
          entryPoints: [entry],
          entryNames: settings.stableNames ? "[name]" : "[name]-[hash]",
          // A worker may start workers of its own and load WebAssembly, like a demo's entry.
          plugins: [workerUrlPlugin(settings, files), assemblyScriptPlugin(files?.inputs)],
        };
        if (!settings.stableNames) return esbuild.build(options);
        let context = contexts.get(entry);
        if (!context) {
          context = await esbuild.context(options);
          contexts.set(entry, context);
        }
        return context.rebuild();
      };
      build.onLoad({ filter: /.*/, namespace: "worker-url" }, async (args) => {
        const entry = path.relative(settings.root, args.path).split(path.sep).join("/");
        try {
          const result = await buildWorker(entry);
          const outdir = path
            .relative(settings.root, path.join(settings.output, DEMO_ASSETS_DIR))
            .split(path.sep)
            .join("/");
          recordBundleFiles(settings.root, result.metafile, files);
          const output = outputForEntry(result.metafile, outdir, entry);
          if (!output) return { errors: [{ text: `worker-url: esbuild produced no output for ${entry}` }] };
          return {
            contents: `export default new URL(${JSON.stringify(`./${output.js}`)}, import.meta.url).href;`,
            loader: "js",
            watchFiles: Object.keys(result.metafile.inputs).map((input) => path.resolve(settings.root, input)),
          };
        } catch (error) {
          if (isBuildFailure(error)) return { errors: error.errors, warnings: error.warnings };
          throw error;
        }
      });
    },
  };
}

/** Adds a build's inputs and outputs (from its metafile) to what the build cache records. */
function recordBundleFiles(root: string, metafile: Metafile, files: BundleFiles | undefined): void {
  if (!files) return;
  for (const input of Object.keys(metafile.inputs)) files.inputs.add(inputPath(root, input));
  for (const output of Object.keys(metafile.outputs)) files.outputs.add(path.resolve(root, output));
}

/**
 * The one esbuild call: the loader plus each demo as an entry, so shared libraries become shared chunks. `files`
 * gathers what the nested worker and AssemblyScript builds read and wrote, which the metafile does not list.
 */
export function demoBuildOptions(settings: DemoBundleSettings, files?: BundleFiles): BuildOptions {
  return {
    ...commonOptions(settings),
    entryPoints: [
      { in: LOADER_ENTRY, out: "loader" },
      ...settings.demos.map((demo) => ({ in: demo.entry, out: demo.name })),
    ],
    entryNames: settings.stableNames ? "[name]" : "[name]-[hash]",
    plugins: [workerUrlPlugin(settings, files), assemblyScriptPlugin(files?.inputs)],
  };
}

function outdirInMetafile(settings: DemoBundleSettings): string {
  return path.relative(settings.root, path.join(settings.output, DEMO_ASSETS_DIR)).split(path.sep).join("/");
}

/**
 * Everything the bundles depend on besides their inputs: the bundler's code and version, asc's version, the
 * options, and the project's tsconfig and package.json (esbuild reads both). The output folder counts only as the
 * way back to the root, which source maps name; a staging folder's name never appears in the output.
 */
function bundleSettingsKey(settings: DemoBundleSettings): string {
  const { plugins: _plugins, absWorkingDir: _root, outdir = "", ...options } = demoBuildOptions(settings);
  return contentHash([
    esbuild.version,
    packageVersion(settings.root, "assemblyscript"),
    codeFingerprint([import.meta.url, new URL("./assemblyScript.ts", import.meta.url).href]),
    JSON.stringify(options),
    path.relative(outdir, settings.root),
    fileBytes(path.join(settings.root, "tsconfig.json")),
    fileBytes(path.join(settings.root, "package.json")),
  ]);
}

/**
 * Bundles once (for `npm run build`); a failure throws with every error as file:line:column. Reuses the last
 * build's bundles when none of their inputs changed (demoBundleCache.ts); a failure is never cached.
 */
export async function bundleDemos(settings: DemoBundleSettings): Promise<DemoManifest> {
  const region = buildCacheFor(settings.root).region("demo-bundles");
  const outdir = path.join(settings.output, DEMO_ASSETS_DIR);
  return cachedDemoBundle(
    region,
    { root: settings.root, outdir, settingsKey: bundleSettingsKey(settings) },
    async (files) => {
      try {
        const result = await esbuild.build(demoBuildOptions(settings, files));
        recordBundleFiles(settings.root, result.metafile!, files);
        return manifestFromMetafile(result.metafile!, outdirInMetafile(settings), settings.demos);
      } catch (error) {
        if (isBuildFailure(error)) throw new DemoBundleError(error.errors);
        throw error;
      }
    },
  );
}

/**
 * The names the dev server's stable-name build writes, known before it succeeds, so pages can render while a
 * demo has an error; a demo folder holding CSS is expected to import it.
 */
export function predictedDevManifest(settings: DemoBundleSettings): DemoManifest {
  const demos: DemoManifest["demos"] = {};
  for (const demo of settings.demos) {
    const folder = path.join(settings.root, path.dirname(demo.entry));
    const hasCss = existsSync(folder) && readdirSync(folder).some((file) => file.endsWith(".css"));
    demos[demo.name] = { module: `${demo.name}.js`, css: hasCss ? [`${demo.name}.css`] : [] };
  }
  return { loader: "loader.js", demos };
}

/**
 * Dev server: an incremental esbuild context that rebuilds the bundles whenever a demo's files change. It keeps
 * watching after an error (reported through `error`), so fixing the demo is enough: no restart.
 */
export async function watchDemos(
  settings: DemoBundleSettings,
  onRebuild: (error: DemoBundleError | undefined) => void,
): Promise<{ manifest: DemoManifest; error?: DemoBundleError; dispose: () => Promise<void> }> {
  let started = false;
  const options = demoBuildOptions(settings);
  const context = await esbuild.context({
    ...options,
    plugins: [
      ...(options.plugins ?? []),
      {
        name: "report-rebuilds",
        setup(build) {
          build.onEnd((result) => {
            if (started) onRebuild(result.errors.length ? new DemoBundleError(result.errors) : undefined);
          });
        },
      },
    ],
  });
  let manifest: DemoManifest;
  let error: DemoBundleError | undefined;
  try {
    const result = await context.rebuild();
    manifest = manifestFromMetafile(result.metafile!, outdirInMetafile(settings), settings.demos);
  } catch (failure) {
    if (!isBuildFailure(failure)) {
      await context.dispose();
      throw failure;
    }
    error = new DemoBundleError(failure.errors);
    manifest = predictedDevManifest(settings);
  }
  started = true;
  await context.watch();
  return { manifest, error, dispose: () => context.dispose() };
}
