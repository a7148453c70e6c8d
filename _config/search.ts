// Site search: Pagefind indexes the finished site (posts only, marked `data-pagefind-body` in the post layout)
// and writes its index and browser API to /pagefind/, which the search page (demos/site-search) loads.
// https://pagefind.app/docs/node-api/
import * as pagefind from "pagefind";
import path from "node:path";
import { BuildProblemsError } from "./buildErrors.ts";

export const SEARCH_INDEX_DIR = "pagefind";

export interface SearchIndexResult {
  /** Pages Pagefind indexed. */
  pages: number;
}

/** Indexes the built site in `siteDir` and writes the index to `siteDir/pagefind/`. */
export async function indexSiteForSearch(siteDir: string): Promise<SearchIndexResult> {
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
