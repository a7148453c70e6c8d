// After every build, before the site replaces the last good one: every internal link, image, script,
// stylesheet, feed and srcset target must exist in the output, and every #fragment on its page.
// External URLs are not fetched. Pages are read with htmlparser2's tokenizer, not a DOM: it runs on every
// build (4,000 posts too), and builds no tree it would throw away.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { readStartTags, srcsetUrls } from "../../_config/htmlText.ts";

export interface BrokenReference {
  /** The page's URL, path prefix included. */
  page: string;
  /** The reference as written in the page (entities decoded). */
  target: string;
  reason: string;
}

export function formatBrokenReference({ page, target, reason }: BrokenReference): string {
  return `${page} → ${target} (${reason})`;
}

/** Which attributes of which elements point at something the site must contain. */
const URL_ATTRIBUTES: ReadonlyMap<string, readonly string[]> = new Map([
  ["a", ["href"]],
  ["area", ["href"]],
  ["link", ["href"]],
  ["img", ["src", "srcset"]],
  ["source", ["src", "srcset"]],
  ["script", ["src"]],
  ["iframe", ["src"]],
  ["video", ["src", "poster"]],
  ["audio", ["src"]],
  ["track", ["src"]],
  ["embed", ["src"]],
  ["object", ["data"]],
  ["input", ["src"]],
]);
// Hints that name an origin, not a file.
const ORIGIN_ONLY_RELS = /\b(preconnect|dns-prefetch)\b/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export interface PageScan {
  /** Every `id` (and `<a name>`) on the page. */
  ids: Set<string>;
  /** `<base href>`, if the page has one. */
  base?: string;
  references: { attribute: string; value: string }[];
}

/** Attributes a scan reads on any element; all others are skipped unread. */
const READ_ATTRIBUTES: ReadonlySet<string> = new Set(["id", "name", "href", "rel", "src", "srcset", "poster", "data"]);
const LONGEST_READ_ATTRIBUTE = Math.max(...[...READ_ATTRIBUTES].map((name) => name.length));

/**
 * The ids a page defines and the URLs it references (attribute values entity-decoded). Pure. Start tags only,
 * through htmlparser2's tokenizer (htmlText.ts): it runs over every page of every build.
 */
export function scanPage(html: string): PageScan {
  const scan: PageScan = { ids: new Set(), references: [] };
  readStartTags(
    html,
    (name) => READ_ATTRIBUTES.has(name),
    (tag, attributes) => scanStartTag(tag, attributes, scan),
    { longestName: LONGEST_READ_ATTRIBUTE, bareTags: false },
  );
  return scan;
}

/** Records one start tag's id and the URLs it references. */
function scanStartTag(tag: string, attributes: ReadonlyMap<string, string>, scan: PageScan): void {
  const id = attributes.get("id") ?? (tag === "a" ? attributes.get("name") : undefined);
  if (id) scan.ids.add(id);
  if (tag === "base" && attributes.has("href")) scan.base = attributes.get("href");
  const urlAttributes = URL_ATTRIBUTES.get(tag);
  if (!urlAttributes) return;
  if (tag === "link" && ORIGIN_ONLY_RELS.test(attributes.get("rel") ?? "")) return;
  for (const name of urlAttributes) {
    const url = attributes.get(name);
    if (url === undefined) continue;
    for (const each of name === "srcset" ? srcsetUrls(url) : [url.trim()])
      scan.references.push({ attribute: name, value: each });
  }
}

/** `a/index.html` → `/prefix/a/`; `x.html` → `/prefix/x.html`. */
function pageUrl(file: string, pathPrefix: string): string {
  return (
    pathPrefix +
    (file === "index.html" ? "" : file.endsWith("/index.html") ? file.slice(0, -"index.html".length) : file)
  );
}

/** The output file a site path is served from, if any: `a/` → `a/index.html`; `a` → `a`, `a/index.html` or `a.html`. */
function servedFile(sitePath: string, files: ReadonlySet<string>): string | undefined {
  const candidates =
    sitePath === "" || sitePath.endsWith("/")
      ? [`${sitePath}index.html`]
      : [sitePath, `${sitePath}/index.html`, `${sitePath}.html`];
  return candidates.find((candidate) => files.has(candidate));
}

export interface SiteCheckOptions {
  /** The sub-path the site is served under, e.g. "/blog/" (`_data/site.ts` `pathPrefix`). */
  pathPrefix?: string;
  /**
   * Pages whose HTML is already in memory (the build's own results), by file in the output folder: they are
   * scanned as given instead of read back from disk. Any other `.html` file in the folder is read.
   */
  writtenPages?: ReadonlyMap<string, string>;
  /** What reads a page's ids and references: scanPage, or a cache in front of it (pageScanCache.ts). */
  scanPage?: (html: string) => PageScan;
}

/** A link to a fragment on another page: checked once that page's ids are read. */
interface FragmentReference {
  order: number;
  page: string;
  target: string;
  fragment: string;
}

/**
 * Every broken internal reference in a built site. Reads the folder; changes nothing. Pages not given in
 * `writtenPages` are read one at a time and dropped (a page's scan holds slices of its HTML); only pages that
 * another page links into by `#fragment` are scanned again, for their ids.
 */
export function checkSite(
  outputDir: string,
  { pathPrefix = "/", writtenPages, scanPage: scan = scanPage }: SiteCheckOptions = {},
): BrokenReference[] {
  const prefix = pathPrefix.endsWith("/") ? pathPrefix : `${pathPrefix}/`;
  const files = new Set(
    readdirSync(outputDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(outputDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")),
  );
  const readScan = (file: string): PageScan =>
    scan(writtenPages?.get(file) ?? readFileSync(path.join(outputDir, file), "utf8"));
  // Reported in page order, then reference order, whichever pass found them.
  const broken: (BrokenReference & { order: number })[] = [];
  const fragmentsByTarget = new Map<string, FragmentReference[]>();
  // A root-relative URL ("/tags/gpu/") resolves the same on every page without a <base>: most references
  // of a blog (navigation, tags, feeds) are resolved once per site, not once per page (URL parsing is slow).
  const rootRelative = new Map<string, ReturnType<typeof resolveReference>>();
  let order = 0;
  for (const file of files) {
    if (!file.endsWith(".html")) continue;
    const scan = readScan(file);
    const page = pageUrl(file, prefix);
    const pageBase = new URL(scan.base ?? page, new URL(page, "http://site.invalid"));
    const seen = new Set<string>();
    for (const { value } of scan.references) {
      if (seen.has(value)) continue;
      seen.add(value);
      order++;
      const cacheable = scan.base === undefined && value.startsWith("/") && !value.startsWith("//");
      let resolved = cacheable ? rootRelative.get(value) : undefined;
      if (resolved === undefined) {
        resolved = resolveReference(value, pageBase, file, prefix, files);
        if (cacheable) rootRelative.set(Buffer.from(value).toString(), resolved);
      }
      if (typeof resolved === "string") broken.push({ order, page, target: value, reason: resolved });
      else if (!resolved || !resolved.targetFile.endsWith(".html")) continue;
      else if (resolved.targetFile === file) {
        if (!scan.ids.has(resolved.fragment))
          broken.push({ order, page, target: value, reason: missingIdReason(resolved.fragment) });
      } else {
        const waiting = fragmentsByTarget.get(resolved.targetFile) ?? [];
        // Copies, not slices, so the page's HTML is not kept alive until the second pass.
        waiting.push({
          order,
          page,
          target: Buffer.from(value).toString(),
          fragment: Buffer.from(resolved.fragment).toString(),
        });
        fragmentsByTarget.set(resolved.targetFile, waiting);
      }
    }
  }
  for (const [targetFile, references] of fragmentsByTarget) {
    const { ids } = readScan(targetFile);
    for (const { order, page, target, fragment } of references) {
      if (!ids.has(fragment)) broken.push({ order, page, target, reason: missingIdReason(fragment) });
    }
  }
  return broken.sort((a, b) => a.order - b.order).map(({ page, target, reason }) => ({ page, target, reason }));
}

function missingIdReason(fragment: string): string {
  return `no id="${fragment}" on that page`;
}

/** Why a reference is broken (a string), the page and fragment it must find there, or null when it needs no check. */
function resolveReference(
  value: string,
  pageBase: URL,
  pageFile: string,
  prefix: string,
  files: ReadonlySet<string>,
): string | { targetFile: string; fragment: string } | null {
  if (value === "") return "empty URL";
  if (SCHEME.test(value) || value.startsWith("//")) return null; // external (or mailto:, data:): not fetched
  const url = new URL(value, pageBase);
  if (url.origin !== pageBase.origin) return null;
  let sitePath: string;
  let fragment: string;
  try {
    sitePath = decodeURIComponent(url.pathname);
    fragment = decodeURIComponent(url.hash.slice(1));
  } catch {
    return "malformed %-encoding";
  }
  if (!sitePath.startsWith(prefix)) return `outside the site's path prefix ${prefix}`;
  const targetFile = value.startsWith("#") ? pageFile : servedFile(sitePath.slice(prefix.length), files);
  if (targetFile === undefined) return "no such file in the built site";
  if (!fragment || fragment.toLowerCase() === "top") return null; // "#top" always scrolls to the top (HTML spec)
  return { targetFile, fragment };
}
