// A cache that lasts between builds, so a build with nothing changed does almost none of our own work. Each kind
// of work (demo bundles, their type check, image variants, social cards, the search index, the link check's page
// scans) keeps its results in a region of `.cache/`, under a hash of everything the result depends on. A missing,
// unreadable or corrupt entry is a miss, never a failed build. After a build that succeeded, `npm run build` removes
// every entry that build did not use, so the cache holds one build's worth. `--no-cache` (or BLOG_BUILD_CACHE=off)
// reads and writes nothing.
import { createHash, type Hash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where regions live unless they name their own folder. */
export const BUILD_CACHE_DIR = ".cache/build";
/** The last build's hits and misses by region, for `npm run build` to print and tests to read. */
export const CACHE_REPORT_FILE = "report.json";
/** `BLOG_BUILD_CACHE=off` turns the cache off, as `npm run build -- --no-cache` does. */
export const CACHE_ENV = "BLOG_BUILD_CACHE";

export interface RegionCounts {
  hits: number;
  misses: number;
}

/** One kind of cached work: a folder of entries, each a file or a folder named by its key. */
export class CacheRegion {
  readonly counts: RegionCounts = { hits: 0, misses: 0 };
  /** Entry names (relative to `dir`) this build used or wrote; everything else is pruned after it. */
  readonly used = new Set<string>();

  constructor(
    readonly dir: string,
    readonly enabled: boolean,
  ) {}

  /** The entry's path, marked as used by this build. */
  entry(name: string): string {
    this.used.add(name);
    return path.join(this.dir, name);
  }

  hit(): void {
    this.counts.hits++;
  }

  miss(): void {
    this.counts.misses++;
  }

  /** A JSON entry, or undefined when the cache is off, the entry is missing or it does not parse. */
  async readJson(name: string): Promise<unknown> {
    if (!this.enabled) return undefined;
    try {
      return JSON.parse(await readFile(this.entry(name), "utf8")) as unknown;
    } catch {
      return undefined;
    }
  }

  readJsonSync(name: string): unknown {
    if (!this.enabled) return undefined;
    try {
      return JSON.parse(readFileSync(this.entry(name), "utf8")) as unknown;
    } catch {
      return undefined;
    }
  }

  async writeJson(name: string, value: unknown): Promise<void> {
    await this.writeFile(name, JSON.stringify(value));
  }

  /** Written whole or not at all (a temporary file renamed), so a killed build leaves no half entry. */
  async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    if (!this.enabled) return;
    const file = this.entry(name);
    const temporary = `${file}.tmp-${process.pid}`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(temporary, data);
      await rename(temporary, file);
    } catch (error) {
      // A cache that cannot be written (full disk, read-only checkout) only costs the next build time.
      await rm(temporary, { force: true }).catch(() => undefined);
      console.warn(`build cache: could not write ${path.relative(process.cwd(), file)}: ${(error as Error).message}`);
    }
  }

  /** Removes every entry this build did not use; returns how many. */
  prune(): number {
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    // An entry may be a folder (`key/record.json` marks all of `key`).
    const kept = new Set([...this.used].map((name) => name.split(/[\\/]/)[0]));
    for (const name of readdirSync(this.dir)) {
      if (kept.has(name) || name === CACHE_REPORT_FILE) continue;
      rmSync(path.join(this.dir, name), { recursive: true, force: true });
      removed++;
    }
    return removed;
  }
}

/** The cache of one site (its root folder) for one build. */
export class BuildCache {
  private readonly regions = new Map<string, CacheRegion>();

  constructor(
    readonly root: string,
    readonly enabled: boolean,
  ) {}

  /** The region for a kind of work, in `.cache/build/<kind>/` unless `dir` (relative to the root) says otherwise. */
  region(kind: string, dir = path.join(BUILD_CACHE_DIR, kind)): CacheRegion {
    let region = this.regions.get(kind);
    if (!region) {
      region = new CacheRegion(path.resolve(this.root, dir), this.enabled);
      this.regions.set(kind, region);
    }
    return region;
  }

  report(): Record<string, RegionCounts> {
    return Object.fromEntries([...this.regions].map(([kind, region]) => [kind, { ...region.counts }]));
  }

  /**
   * After a build that succeeded: prunes each region to the entries this build used (a region under `.cache/build/`
   * that this build never opened goes whole), and writes the report.
   */
  async finish(): Promise<void> {
    if (!this.enabled) return;
    try {
      this.prune();
    } catch (error) {
      // The site is built and in place; a cache that cannot be pruned only takes room.
      console.warn(`build cache: could not prune ${BUILD_CACHE_DIR}: ${(error as Error).message}`);
    }
    await this.writeReport();
  }

  private prune(): void {
    const buildDir = path.join(this.root, BUILD_CACHE_DIR);
    const opened = new Set([...this.regions.values()].map((region) => region.dir));
    for (const region of this.regions.values()) region.prune();
    if (existsSync(buildDir)) {
      for (const name of readdirSync(buildDir)) {
        if (name !== CACHE_REPORT_FILE && !opened.has(path.join(buildDir, name)))
          rmSync(path.join(buildDir, name), { recursive: true, force: true });
      }
    }
  }

  /** The hits and misses of this build, in `.cache/build/report.json`; a failed build writes it too, unpruned. */
  async writeReport(): Promise<void> {
    if (!this.enabled) return;
    const buildDir = path.join(this.root, BUILD_CACHE_DIR);
    try {
      await mkdir(buildDir, { recursive: true });
      await writeFile(path.join(buildDir, CACHE_REPORT_FILE), `${JSON.stringify(this.report(), null, 2)}\n`);
    } catch (error) {
      console.warn(`build cache: could not write its report: ${(error as Error).message}`);
    }
  }
}

/** `demo-bundles 1/1, images 3/3, …` (hits/uses), for the build's summary line. */
export function formatCacheReport(report: Record<string, RegionCounts>): string {
  const parts = Object.entries(report)
    .filter(([, counts]) => counts.hits + counts.misses > 0)
    .map(([kind, { hits, misses }]) => `${kind} ${hits}/${hits + misses}`);
  return parts.length ? `cache hits: ${parts.join(", ")}` : "cache hits: nothing to cache";
}

/**
 * The cache of each site root in this process. The build opens a fresh one per run (openBuildCache); plugins that
 * run inside Eleventy (demos, images, cards) find it here by their root, as the demos plugin takes no options.
 */
const current = new Map<string, BuildCache>();

export function cacheEnabledByEnv(): boolean {
  return process.env[CACHE_ENV] !== "off";
}

/** Starts a build's cache for `root`: its counts start at zero, and `finish()` prunes to what it used. */
export function openBuildCache(
  root: string,
  { enabled = cacheEnabledByEnv() }: { enabled?: boolean } = {},
): BuildCache {
  const cache = new BuildCache(path.resolve(root), enabled);
  current.set(cache.root, cache);
  return cache;
}

/** The cache of the build running for `root`; outside `npm run build` (the dev server, tests) a default one. */
export function buildCacheFor(root: string): BuildCache {
  return current.get(path.resolve(root)) ?? openBuildCache(root);
}

/** A hash of the given parts; strings and bytes are length-prefixed, so no two lists hash alike by concatenation. */
export function contentHash(parts: ReadonlyArray<string | Uint8Array>): string {
  const hash = createHash("sha256");
  for (const part of parts) addPart(hash, part);
  return hash.digest("hex").slice(0, 32);
}

function addPart(hash: Hash, part: string | Uint8Array): void {
  const bytes = typeof part === "string" ? Buffer.from(part) : part;
  hash.update(`${bytes.length}:`);
  hash.update(bytes);
}

/** A file's bytes for a hash, or a marker when it cannot be read (so a file appearing later changes the hash). */
export function fileBytes(file: string): string | Uint8Array {
  try {
    return readFileSync(file);
  } catch {
    return "\0missing";
  }
}

/** The installed version of a package (its package.json in node_modules), or "none". */
export function packageVersion(root: string, name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as {
      version?: unknown;
    };
    return `${name}@${String(manifest.version)}`;
  } catch {
    return `${name}@none`;
  }
}

/** `node_modules/@scope/name/…` or `node_modules/name/…` → the package name; undefined outside node_modules. */
export function packageOfFile(relativePath: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(relativePath);
  return match?.[1];
}

/** Every file under `dir` (relative paths, sorted), for hashing a folder of sources. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** The sources of the modules at these URLs (`import.meta.url`), hashed: a change in the code that makes an entry invalidates it. */
export function codeFingerprint(moduleUrls: readonly string[]): string {
  return contentHash(moduleUrls.flatMap((url) => [url.replace(/^.*\/_config\//, ""), fileBytes(fileURLToPath(url))]));
}
