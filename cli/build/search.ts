// Site search: Pagefind indexes the finished site (posts only, marked `data-pagefind-body` in the post layout)
// and writes its index and browser API to /pagefind/, which the search page (demos/site-search) loads.
// https://pagefind.app/docs/node-api/
// Pagefind has no incremental mode (each run indexes every page), so the build cache keeps the whole index, keyed
// by every HTML page's path and bytes and Pagefind's version: a build that changed no page copies it.
import * as pagefind from "pagefind";
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { BuildProblemsError } from "../../_config/buildErrors.ts";
import {
  codeFingerprint,
  contentHash,
  fileBytes,
  filesUnder,
  packageVersion,
  type CacheRegion,
} from "../../_config/buildCache.ts";

export const SEARCH_INDEX_DIR = "pagefind";

export interface SearchIndexResult {
  /** Pages Pagefind indexed. */
  pages: number;
}

export interface SearchIndexOptions {
  /** Where whole indexes are kept between builds. */
  cache?: CacheRegion;
  /** The HTML Eleventy wrote, by file in `siteDir`: hashed from memory rather than read back from disk. */
  writtenPages?: ReadonlyMap<string, string>;
}

/** Indexes the built site in `siteDir` and writes the index to `siteDir/pagefind/`. */
export async function indexSiteForSearch(
  siteDir: string,
  { cache, writtenPages }: SearchIndexOptions = {},
): Promise<SearchIndexResult> {
  if (!cache?.enabled) return runPagefind(siteDir);
  const pages = filesUnder(siteDir).filter(
    (file) => file.endsWith(".html") && !file.startsWith(`${SEARCH_INDEX_DIR}/`),
  );
  const key = contentHash([
    packageVersion(process.cwd(), "pagefind"),
    codeFingerprint([import.meta.url]),
    // A string hashes as its UTF-8 bytes, so a page from memory keys the same entry as the file.
    ...pages.flatMap((file) => [file, writtenPages?.get(file) ?? fileBytes(path.join(siteDir, file))]),
  ]);
  const outputDir = path.join(siteDir, SEARCH_INDEX_DIR);
  const stored = await cache.readJson(`${key}/result.json`);
  if (isStoredIndex(stored)) {
    try {
      for (const file of stored.files) {
        await mkdir(path.dirname(path.join(outputDir, file)), { recursive: true });
        await copyFile(cache.entry(`${key}/files/${file}`), path.join(outputDir, file));
      }
      cache.hit();
      return { pages: stored.pages };
    } catch {
      // Pruned by another build meanwhile: index again.
      await rm(outputDir, { recursive: true, force: true });
    }
  }
  cache.miss();
  const result = await runPagefind(siteDir);
  await storeIndex(cache, key, outputDir, result);
  return result;
}

interface StoredIndex {
  pages: number;
  files: string[];
}

function isStoredIndex(value: unknown): value is StoredIndex {
  const stored = value as Partial<StoredIndex> | null;
  return typeof stored?.pages === "number" && Array.isArray(stored.files);
}

async function storeIndex(
  cache: CacheRegion,
  key: string,
  outputDir: string,
  result: SearchIndexResult,
): Promise<void> {
  const entry = cache.entry(key);
  const temporary = `${entry}.tmp-${process.pid}`;
  try {
    const files = filesUnder(outputDir);
    for (const file of files) {
      await mkdir(path.dirname(path.join(temporary, "files", file)), { recursive: true });
      await copyFile(path.join(outputDir, file), path.join(temporary, "files", file));
    }
    await mkdir(temporary, { recursive: true });
    await writeFile(path.join(temporary, "result.json"), JSON.stringify({ pages: result.pages, files }));
    await rm(entry, { recursive: true, force: true });
    await rename(temporary, entry);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    console.warn(`build cache: could not store the search index: ${(error as Error).message}`);
  }
}

async function runPagefind(siteDir: string): Promise<SearchIndexResult> {
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new BuildProblemsError("Search index (Pagefind)", errors);
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length) throw new BuildProblemsError("Search index (Pagefind)", added.errors);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, SEARCH_INDEX_DIR) });
    if (written.errors.length) throw new BuildProblemsError("Search index (Pagefind)", written.errors);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
