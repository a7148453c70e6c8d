// The link check's page scans kept between builds (buildCache.ts): each page's ids and references, by a hash of its
// HTML, so a page whose HTML did not change is not parsed again. Only the scan is kept: whether each target exists
// is checked on every build (siteCheck.ts), since a target can vanish while the page linking to it stays the same.
import { createHash } from "node:crypto";
import path from "node:path";
import { contentHash, fileBytes, filesUnder, type CacheRegion } from "../../_config/buildCache.ts";
import { scanPage, type PageScan } from "./siteCheck.ts";

/** A scan as stored: ids, `<base href>` (null: none) and references as [attribute, value] pairs. */
type StoredScan = [string[], string | null, Array<[string, string]>];

const isString = (value: unknown): value is string => typeof value === "string";

/** Checked to the last string: a damaged entry must be a miss, not a crash in the link check. */
function isStoredScan(value: unknown): value is StoredScan {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    Array.isArray(value[0]) &&
    value[0].every(isString) &&
    (value[1] === null || isString(value[1])) &&
    Array.isArray(value[2]) &&
    value[2].every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(isString))
  );
}

function toStored(scan: PageScan): StoredScan {
  return [[...scan.ids], scan.base ?? null, scan.references.map(({ attribute, value }) => [attribute, value])];
}

function fromStored([ids, base, references]: StoredScan): PageScan {
  const scan: PageScan = {
    ids: new Set(ids),
    references: references.map(([attribute, value]) => ({ attribute, value })),
  };
  if (base !== null) scan.base = base;
  return scan;
}

/**
 * The scanner's own version: the link check's code (all of `_config/` and `cli/build/`, since the scanner may move
 * between their files) and the installed packages (the lockfile), so a new parser never serves an old scan.
 */
function scannerVersion(root: string): string {
  return contentHash([
    ...["_config", "cli/build"].flatMap((folder) => {
      const dir = path.join(root, folder);
      return filesUnder(dir).flatMap((file) => [`${folder}/${file}`, fileBytes(path.join(dir, file))]);
    }),
    fileBytes(path.join(root, "package-lock.json")),
  ]);
}

export interface PageScanner {
  /** scanPage, answered from the cache when this HTML was scanned before. */
  scan: (html: string) => PageScan;
  /** Keeps this build's scans (only those) for the next build. */
  save: () => Promise<void>;
}

export function cachedPageScanner(region: CacheRegion, root: string): PageScanner {
  if (!region.enabled) return { scan: scanPage, save: () => Promise.resolve() };
  const file = `${scannerVersion(root).slice(0, 16)}.json`;
  const loaded = region.readJsonSync(file);
  const previous = new Map<string, unknown>(
    typeof loaded === "object" && loaded !== null ? Object.entries(loaded as Record<string, unknown>) : [],
  );
  // As JSON text: a scan's strings are slices of its page, and keeping them would keep every page's HTML alive.
  const current = new Map<string, string>();
  return {
    scan(html) {
      const key = createHash("sha1").update(html).digest("base64");
      const seen = current.get(key);
      const known = seen === undefined ? previous.get(key) : (JSON.parse(seen) as unknown);
      if (isStoredScan(known)) {
        region.hit();
        if (seen === undefined) current.set(key, JSON.stringify(known));
        return fromStored(known);
      }
      region.miss();
      const scan = scanPage(html);
      current.set(key, JSON.stringify(toStored(scan)));
      return scan;
    },
    save: () =>
      region.writeFile(file, `{${[...current].map(([key, stored]) => `${JSON.stringify(key)}:${stored}`).join(",")}}`),
  };
}
