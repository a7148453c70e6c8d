// Which demos exist: every `demos/<name>/index.ts`, described by an optional `demos/<name>/demo.json`.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { POST_EXTENSIONS } from "../postValidation.ts";

/** What a demo says about itself in `demo.json`; every field is optional. */
const demoJsonSchema = z
  .object({
    /** Shown above the placeholder and in the no-JavaScript fallback. */
    title: z.string().min(1).optional(),
    /** One or two sentences: what the reader will see when it runs. */
    description: z.string().min(1).optional(),
    /** Pages that place this demo get COOP/COEP (SharedArrayBuffer, threaded WebAssembly); default true. */
    crossOriginIsolated: z.boolean().optional(),
    /** The demo reads class or function names at run time, so minifying must keep them (esbuild `keepNames`). */
    keepNames: z.boolean().optional(),
  })
  .strict();

export interface DemoInfo {
  name: string;
  /** Project-relative path of the entry, e.g. `demos/a/index.ts`. */
  entry: string;
  title: string;
  description: string;
  crossOriginIsolated: boolean;
  keepNames: boolean;
}

/** Folders starting with `_` (the loader) or `.` are infrastructure, not demos. */
export function isDemoFolderName(name: string): boolean {
  return !name.startsWith("_") && !name.startsWith(".");
}

/** `gpu-vs-cpu-matmul` → `Gpu vs cpu matmul`: a readable title when `demo.json` gives none. */
export function titleFromFolder(name: string): string {
  const words = name.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function describeDemo(name: string, json: unknown): DemoInfo {
  const parsed = demoJsonSchema.safeParse(json ?? {});
  if (!parsed.success) {
    throw new Error(
      `demos/${name}/demo.json: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")}`,
    );
  }
  const title = parsed.data.title ?? titleFromFolder(name);
  return {
    name,
    entry: `demos/${name}/index.ts`,
    title,
    description: parsed.data.description ?? `An interactive demo: ${title}.`,
    crossOriginIsolated: parsed.data.crossOriginIsolated ?? true,
    keepNames: parsed.data.keepNames ?? false,
  };
}

/** Reads `demos/` under `root`, sorted by name so builds are reproducible. */
export function findDemos(root: string): Map<string, DemoInfo> {
  const demosDir = path.join(root, "demos");
  const demos = new Map<string, DemoInfo>();
  if (!existsSync(demosDir)) return demos;
  for (const entry of readdirSync(demosDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || !isDemoFolderName(entry.name)) continue;
    if (!existsSync(path.join(demosDir, entry.name, "index.ts"))) continue;
    const jsonPath = path.join(demosDir, entry.name, "demo.json");
    let json: unknown;
    if (existsSync(jsonPath)) {
      try {
        json = JSON.parse(readFileSync(jsonPath, "utf8"));
      } catch (error) {
        throw new Error(`demos/${entry.name}/demo.json: not valid JSON (${(error as Error).message})`, {
          cause: error,
        });
      }
    }
    demos.set(entry.name, describeDemo(entry.name, json));
  }
  return demos;
}

/** Every file a demo call can be written in: the post formats the build reads, and Liquid includes. */
const TEMPLATE_EXTENSIONS = new Set([...POST_EXTENSIONS, "liquid"].map((extension) => `.${extension}`));
const DEMO_CALL = /\{%-?\s*demo\s+["']([^"']+)["']/g;

/** Names in `{% demo "name" %}` calls anywhere in `text`. */
export function demoCallNames(text: string): string[] {
  return [...text.matchAll(DEMO_CALL)].map((match) => match[1]!);
}

/**
 * Demo names that templates under `root` call, found before rendering so only those are bundled.
 * A false positive (a call in a code sample) only costs a bundle; `skip` holds folder and file paths to leave out.
 */
export function demosCalledIn(root: string, skip: Set<string>): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (skip.has(full)) continue;
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(full);
      } else if (TEMPLATE_EXTENSIONS.has(path.extname(entry.name))) {
        seen.add(full);
        for (const name of callsInFile(full)) names.add(name);
      }
    }
  };
  walk(root);
  for (const file of callsByFile.keys()) if (!seen.has(file)) callsByFile.delete(file);
  return names;
}

/**
 * Demo calls per template file, kept while its size and modification time stay the same: `npm start` asks
 * before every rebuild, and re-reading a thousand posts for one edit cost ~30 ms of each.
 */
const callsByFile = new Map<string, { version: string; names: string[] }>();

function callsInFile(file: string): string[] {
  const stats = statSync(file);
  const version = `${stats.mtimeMs}:${stats.size}`;
  const known = callsByFile.get(file);
  if (known?.version === version) return known.names;
  const text = readFileSync(file, "utf8");
  const names = text.includes("demo") ? demoCallNames(text) : [];
  callsByFile.set(file, { version, names });
  return names;
}
