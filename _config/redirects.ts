// jekyll-redirect-from: `redirect_from:` (a path or a list) writes a small page at each old URL that sends the reader
// on (meta refresh, canonical link, a plain link; noindex), and `redirect_to:` turns a page into such a page.
// Hosts that read `_redirects` (Cloudflare Pages, Netlify) get a real 301 from it; `redirects.json` is the
// plugin's own map. https://github.com/jekyll/jekyll-redirect-from#usage
import type { CollectionApi, CollectionItem, UserConfig } from "@11ty/eleventy";
import { BuildProblemsError } from "./buildErrors.ts";
import { absoluteUrl } from "./filters.ts";
import { encodePagePath } from "./pageUrls.ts";
import type { SiteData } from "./siteSettings.ts";
import { escapeHtml } from "./htmlText.ts";

export interface Redirect {
  /** `from`: a page written at the old URL; `to`: a page whose own URL redirects (`redirect_to`). */
  kind: "from" | "to";
  /** The old path as readers request it, e.g. `/old/post` (a leading `/` added, %-escapes decoded). */
  from: string;
  /** The page URL the redirect page is written at: `/old/post` is written as `/old/post.html`, as Jekyll does. */
  pageUrl: string;
  /** Where it leads: a site path (`page.url`, unprefixed) or a full URL. */
  to: string;
  /** The file that asked for it, with the line of its `redirect_from:` / `redirect_to:`. */
  source: string;
  line: number;
}

const FULL_URL = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** The page URL of an old path: a folder keeps its slash, a name without extension gets `.html` (Jekyll's file). */
export function redirectPageUrl(from: string): string {
  const lastSegment = from.slice(from.lastIndexOf("/") + 1);
  return encodePagePath(from.endsWith("/") || lastSegment.includes(".") ? from : `${from}.html`);
}

function oldPaths(value: unknown): string[] {
  return [value]
    .flat()
    .filter((path): path is string => typeof path === "string" && path.trim() !== "" && !FULL_URL.test(path));
}

function sourceOf(item: CollectionItem, key: string): { source: string; line: number } {
  const lines = (item.data.frontMatterLines ?? {}) as Record<string, number>;
  return { source: item.inputPath.replace(/^\.\//, ""), line: lines[key] ?? 1 };
}

/**
 * Every redirect the site's pages ask for, by input path; a page with `redirect_to` redirects from its own URL.
 * Not in collection order: a page without a date sorts by its file's creation time, which differs between checkouts.
 */
export function collectRedirects(items: readonly CollectionItem[]): Redirect[] {
  const redirects: Redirect[] = [];
  const byInputPath = [...items].sort((a, b) => (a.inputPath < b.inputPath ? -1 : a.inputPath > b.inputPath ? 1 : 0));
  for (const item of byInputPath) {
    if (!item.url) continue;
    for (const path of oldPaths(item.data.redirect_from)) {
      const from = decodePath(`/${path.trim().replace(/^\/+/, "")}`);
      redirects.push({
        kind: "from",
        from,
        pageUrl: redirectPageUrl(from),
        to: item.url,
        ...sourceOf(item, "redirect_from"),
      });
    }
    const target = typeof item.data.redirect_to === "string" ? item.data.redirect_to.trim() : "";
    if (target) {
      // A site path is taken from the site's root, as jekyll-redirect-from's absolute_url takes it.
      const to = FULL_URL.test(target) ? target : `/${target.replace(/^\/+/, "")}`;
      redirects.push({
        kind: "to",
        from: decodePath(item.url),
        pageUrl: item.url,
        to,
        ...sourceOf(item, "redirect_to"),
      });
    }
  }
  return redirects;
}

/** A redirect page at a URL another page has, or two redirects at one URL: one line each, naming both files. */
export function redirectCollisions(redirects: readonly Redirect[], items: readonly CollectionItem[]): string[] {
  const pages = new Map<string, string>();
  for (const item of items) if (item.url) pages.set(item.url, item.inputPath.replace(/^\.\//, ""));
  const taken = new Map<string, Redirect>();
  const problems: string[] = [];
  for (const redirect of redirects) {
    const at = `${redirect.source}:${redirect.line}`;
    if (redirect.kind === "from" && redirect.pageUrl === redirect.to) continue;
    const page = pages.get(redirect.pageUrl);
    if (page && redirect.kind === "from") {
      problems.push(
        `${at}: redirect_from: ${redirect.from} is the URL of ${page}; remove it from redirect_from or give that page another permalink`,
      );
      continue;
    }
    const earlier = taken.get(redirect.pageUrl);
    if (earlier) {
      problems.push(
        `${at}: redirect_from: ${redirect.from} is also redirected by ${earlier.source}:${earlier.line}; keep it in one of them`,
      );
      continue;
    }
    taken.set(redirect.pageUrl, redirect);
  }
  return problems;
}

/** A site path or full URL where it is published. */
function targetUrl(to: string, site: Pick<SiteData, "url" | "pathPrefix">): string {
  return FULL_URL.test(to) ? to : absoluteUrl(to, site.url, site.pathPrefix);
}

/**
 * The page at an old URL. No script (the site's CSP allows none inline); the link is site-relative so the link
 * check follows it and the path prefix is added like on any page.
 */
export function redirectPageHtml(to: string, site: Pick<SiteData, "url" | "pathPrefix" | "language">): string {
  const url = escapeHtml(targetUrl(to, site));
  const href = escapeHtml(to);
  return `<!doctype html>
<html lang="${escapeHtml(site.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<title>Redirecting…</title>
<link rel="canonical" href="${url}">
<meta http-equiv="refresh" content="0; url=${url}">
<meta name="robots" content="noindex">
</head>
<body>
<h1>Redirecting…</h1>
<p><a href="${href}">Click here if you are not redirected.</a></p>
</body>
</html>
`;
}

/** `_redirects` (Cloudflare Pages, Netlify): `from to 301`, paths %-encoded as both hosts require. */
export function redirectsFile(redirects: readonly Redirect[]): string {
  const lines = redirects.map(
    ({ from, to }) => `${encodeURI(from)} ${FULL_URL.test(to) ? to : encodeURI(decodePath(to))} 301`,
  );
  return `# Written by the build from redirect_from and redirect_to (_config/redirects.ts); edits are overwritten.\n${lines.join("\n")}\n`;
}

/** jekyll-redirect-from's `redirects.json`: each old path to the full URL it leads to. */
export function redirectsJson(redirects: readonly Redirect[], site: Pick<SiteData, "url" | "pathPrefix">): string {
  return `${JSON.stringify(Object.fromEntries(redirects.map(({ from, to }) => [from, targetUrl(to, site)])), null, 2)}\n`;
}

export default function redirects(eleventyConfig: UserConfig): void {
  // The page each `redirect_to` page becomes, by input path; made again with the collection on every build.
  let redirectToPages = new Map<string, string>();
  eleventyConfig.addCollection("redirects", (api: CollectionApi) => {
    const items = api.getAll();
    const all = collectRedirects(items);
    const problems = redirectCollisions(all, items);
    if (problems.length) throw new BuildProblemsError("Redirects at URLs already taken", problems);
    const itemsBySource = new Map(items.map((item) => [sourceOf(item, "").source, item]));
    redirectToPages = new Map(
      all
        .filter((entry) => entry.kind === "to")
        .map((entry) => {
          const item = itemsBySource.get(entry.source)!;
          return [item.inputPath, redirectPageHtml(entry.to, item.data.site as SiteData)];
        }),
    );
    return all;
  });
  eleventyConfig.addFilter("redirectPage", (to: string, site: SiteData) => redirectPageHtml(to, site));
  eleventyConfig.addFilter("redirectsFile", (list: Redirect[]) => redirectsFile(list));
  eleventyConfig.addFilter("redirectsJson", (list: Redirect[], site: SiteData) => redirectsJson(list, site));
  const listData = (permalink: string) => ({
    permalink,
    // One page holding every redirect, and none at all when there are none.
    pagination: { data: "collections.redirects", size: Number.MAX_SAFE_INTEGER, alias: "redirectList" },
    eleventyExcludeFromCollections: true,
    sitemap: false,
    // So `npm start --incremental` writes them again when any page changes.
    eleventyImport: { collections: ["all"] },
  });
  eleventyConfig.addTemplate("_redirects.njk", "{{ redirectList | redirectsFile | safe }}", listData("/_redirects"));
  eleventyConfig.addTemplate(
    "redirects.json.njk",
    "{{ redirectList | redirectsJson(site) | safe }}",
    listData("/redirects.json"),
  );
  eleventyConfig.addTemplate("redirect_from.njk", "{{ redirect.to | redirectPage(site) | safe }}", {
    pagination: {
      data: "collections.redirects",
      size: 1,
      alias: "redirect",
      before: (list: Redirect[]) => list.filter((entry) => entry.kind === "from" && entry.pageUrl !== entry.to),
    },
    permalink: "{{ redirect.pageUrl }}",
    eleventyExcludeFromCollections: true,
    sitemap: false,
    eleventyImport: { collections: ["all"] },
  });
  // A page with `redirect_to` is written as a redirect page in place of its own content.
  eleventyConfig.addTransform("redirectTo", function (this: { page: { inputPath: string } }, content: string) {
    return redirectToPages.get(this.page.inputPath) ?? content;
  });
}
