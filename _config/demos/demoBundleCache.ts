// Demo bundles kept between builds (buildCache.ts): one entry per set of bundle settings, holding the files esbuild
// wrote, the manifest, and every input it read (esbuild's metafiles, the worker builds' and asc's sources). A build
// reuses the entry when every recorded input still hashes the same, each package it came from has the same version,
// and no folder of a local input (or above it) gained or lost a file (which could change what an import resolves to).
import { existsSync, readdirSync } from "node:fs";
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { contentHash, fileBytes, packageOfFile, packageVersion, type CacheRegion } from "../buildCache.ts";
import type { DemoManifest } from "./demoBundler.ts";

/** What one bundling read and wrote, gathered from the main build and the nested worker builds. */
export interface BundleFiles {
  /** Absolute paths of every source read. */
  inputs: Set<string>;
  /** Absolute paths of every file written. */
  outputs: Set<string>;
}

interface BundleRecord {
  manifest: DemoManifest;
  /** Inputs relative to the root. */
  inputs: string[];
  fingerprint: string;
  /** Outputs relative to the assets folder. */
  files: string[];
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

/** Checked to the last field: a damaged record must be a miss, not a crash or a page without its demo. */
function isBundleRecord(value: unknown): value is BundleRecord {
  const record = value as Partial<BundleRecord> | null;
  const demos = record?.manifest?.demos as Record<string, Partial<DemoManifest["demos"][string]>> | undefined;
  return (
    typeof record?.fingerprint === "string" &&
    isStringArray(record.inputs) &&
    isStringArray(record.files) &&
    typeof record.manifest?.loader === "string" &&
    typeof demos === "object" &&
    demos !== null &&
    Object.values(demos).every((demo) => typeof demo?.module === "string" && isStringArray(demo.css))
  );
}

/** A metafile input (`demos/a.ts`, `worker-url:/abs/w.ts`) as an absolute path; namespaces name files too. */
export function inputPath(root: string, metafileInput: string): string {
  return path.resolve(root, metafileInput.replace(/^[a-z][a-z-]*:(?=\/)/, ""));
}

/** The hash of the inputs' bytes, their packages' versions and the listings of their local folders. */
export function inputsFingerprint(root: string, inputs: readonly string[]): string {
  const parts: Array<string | Uint8Array> = [];
  const folders = new Set<string>();
  for (const input of [...inputs].sort()) {
    const absolute = path.resolve(root, input);
    parts.push(input, fileBytes(absolute));
    const packageName = packageOfFile(input);
    if (packageName) parts.push(packageVersion(root, packageName));
    else {
      // Its folder and each one above it below the root (whose own package.json and tsconfig are in the settings
      // key, and which holds the changing output folders): a new file there (a nearer package.json or tsconfig, a
      // `.tsx` beside a `.ts`) can change what an import resolves to or how it is compiled.
      for (let folder = path.dirname(absolute); folder.startsWith(`${root}${path.sep}`); folder = path.dirname(folder))
        folders.add(folder);
    }
  }
  for (const folder of [...folders].sort()) {
    // By its place under the root, so a copy of the project (or a fixture site) keys the same.
    parts.push(relativeTo(root, folder), existsSync(folder) ? readdirSync(folder).sort().join("\n") : "\0missing");
  }
  return contentHash(parts);
}

function relativeTo(base: string, file: string): string {
  return path.relative(base, file).split(path.sep).join("/");
}

/**
 * The manifest from the cache when nothing the bundles depend on changed (the files copied to `outdir`), else from
 * `bundle`, whose result is stored for the next build. `settingsKey` hashes everything but the inputs.
 */
export async function cachedDemoBundle(
  region: CacheRegion,
  { root, outdir, settingsKey }: { root: string; outdir: string; settingsKey: string },
  bundle: (files: BundleFiles) => Promise<DemoManifest>,
): Promise<DemoManifest> {
  const record = await region.readJson(`${settingsKey}/record.json`);
  if (isBundleRecord(record) && inputsFingerprint(root, record.inputs) === record.fingerprint) {
    const stored = region.entry(`${settingsKey}/files`);
    try {
      for (const file of record.files) {
        await mkdir(path.dirname(path.join(outdir, file)), { recursive: true });
        await copyFile(path.join(stored, file), path.join(outdir, file));
      }
      region.hit();
      return record.manifest;
    } catch {
      // An entry pruned or damaged under us: bundle as if it were never there.
    }
  }
  region.miss();
  const files: BundleFiles = { inputs: new Set(), outputs: new Set() };
  const manifest = await bundle(files);
  if (!region.enabled) return manifest;
  const inputs = [...files.inputs].map((input) => relativeTo(root, input)).sort();
  const written = [...files.outputs].filter((file) => existsSync(file)).map((file) => relativeTo(outdir, file));
  const entry = region.entry(settingsKey);
  const temporary = `${entry}.tmp-${process.pid}`;
  try {
    await rm(temporary, { recursive: true, force: true });
    for (const file of written) {
      await mkdir(path.dirname(path.join(temporary, "files", file)), { recursive: true });
      await copyFile(path.join(outdir, file), path.join(temporary, "files", file));
    }
    const newRecord: BundleRecord = { manifest, inputs, fingerprint: inputsFingerprint(root, inputs), files: written };
    await mkdir(temporary, { recursive: true });
    await writeFile(path.join(temporary, "record.json"), JSON.stringify(newRecord));
    await rm(entry, { recursive: true, force: true });
    await rename(temporary, entry);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    console.warn(`build cache: could not store the demo bundles: ${(error as Error).message}`);
  }
  return manifest;
}
