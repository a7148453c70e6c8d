// The site under a sub-path: a real build with PATH_PREFIX=/blog/ (the Jekyll and demo fixtures), checked
// by the site's link check and by reading every URL it writes, in HTML, XML, JSON and JS.
import { cpSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkSiteUrl, withPathPrefix } from "../_config/basePath.ts";
import { absoluteUrl } from "../_config/filters.ts";
import { checkSite } from "../cli/build/siteCheck.ts";
import { getAttributeValue, parseHtml, selectAll, selectOne, textContent } from "./helpers/html.ts";
import {
  expectBuilt,
  fileForUrl,
  makeFixtureSite,
  readDocument,
  repoRoot,
  runBuild,
  type BuiltSite,
} from "./helpers/site.ts";
import { elements, parseXml } from "./helpers/xml.ts";

const PREFIX = "/blog/";
const ORIGIN = "https://user.github.io";
const PUBLISHED = `${ORIGIN}${PREFIX}`;

describe("prefix helpers", () => {
  it("puts a site path under the prefix and leaves full URLs alone", () => {
    expect(withPathPrefix("/about/", "/blog/")).toBe("/blog/about/");
    expect(withPathPrefix("/", "blog")).toBe("/blog/");
    expect(withPathPrefix("/about/", "/")).toBe("/about/");
    expect(withPathPrefix("https://x.test/a", "/blog/")).toBe("https://x.test/a");
    expect(absoluteUrl("/feed.json", ORIGIN, PREFIX)).toBe(`${PUBLISHED}feed.json`);
    expect(absoluteUrl("/feed.json", `${ORIGIN}/blog`, PREFIX)).toBe(`${PUBLISHED}feed.json`);
    expect(absoluteUrl("/feed.json", ORIGIN)).toBe(`${ORIGIN}/feed.json`);
  });

  it("refuses a site URL whose path is not the prefix", () => {
    expect(() => checkSiteUrl(ORIGIN, PREFIX)).not.toThrow();
    expect(() => checkSiteUrl(`${ORIGIN}/blog`, PREFIX)).not.toThrow();
    expect(() => checkSiteUrl(`${ORIGIN}/blog`, "/")).toThrow(/PATH_PREFIX/);
    expect(() => checkSiteUrl("user.github.io", PREFIX)).toThrow(/absolute URL/);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/**
 * Import specifiers and `new URL("…")` in the demo bundles that are not relative or name no file: an
 * absolute one would miss the prefix, since the base plugin rewrites HTML only. Throws if none are found.
 */
function bundleProblems(output: string, files: readonly string[]): string[] {
  const bundles = files.filter((name) => name.startsWith("assets/demos/") && name.endsWith(".js"));
  // esbuild's minified forms: from"./a.js", import"./a.js", import("./a.js"), new URL("./a.js",import.meta.url).
  const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\bnew URL\(\s*)"([^"\s(),;]+)"/g;
  const found = bundles.flatMap((bundle) =>
    [...readFileSync(path.join(output, bundle), "utf8").matchAll(specifier)].map((match) => ({
      bundle,
      url: match[1]!,
    })),
  );
  if (found.length < bundles.length / 2)
    throw new Error(`only ${found.length} specifiers in ${bundles.length} bundles`);
  return found
    .filter(
      ({ bundle, url }) => !/^\.\.?\//.test(url) || !files.includes(path.posix.join(path.posix.dirname(bundle), url)),
    )
    .map(({ bundle, url }) => `${bundle} → ${url}`);
}

// The mismatch build and the repo's build share nothing with the fixture's: the three run side by side.
let mismatchBuild: Promise<BuiltSite>;
let repoBuild: Promise<BuiltSite>;
beforeAll(() => {
  mismatchBuild = runBuild(makeFixtureSite({ searchIsland: false }), {
    env: { PATH_PREFIX: PREFIX, SITE_URL: `${ORIGIN}/other` },
  });
  repoBuild = runBuild(repoRoot, {
    env: { PATH_PREFIX: PREFIX, SITE_URL: ORIGIN },
    output: mkdtempSync(path.join(tmpdir(), "blog-site-")),
  });
});

describe("a build with PATH_PREFIX=/blog/", () => {
  let site: BuiltSite;
  let files: string[];
  /** Whether a URL under the prefix (path or full URL) names a file of the build. */
  const servesFile = (url: string) => {
    const { pathname } = new URL(url, PUBLISHED);
    if (!pathname.startsWith(PREFIX)) return false;
    const file = fileForUrl(site.output, `/${pathname.slice(PREFIX.length)}`);
    return files.includes(path.relative(site.output, file).split(path.sep).join("/"));
  };

  beforeAll(async () => {
    const root = makeFixtureSite({
      posts: "test/fixtures/jekyll/posts",
      demos: "test/fixtures/demo-site/demos",
      keepRepoDemos: [],
    });
    for (const name of readdirSync(path.join(repoRoot, "test/fixtures/demo-site/posts"))) {
      cpSync(path.join(repoRoot, "test/fixtures/demo-site/posts", name), path.join(root, "posts", name));
    }
    site = expectBuilt(await runBuild(root, { env: { PATH_PREFIX: PREFIX, SITE_URL: ORIGIN } }));
    files = filesUnder(site.output);
  });

  it("passes the site's link check", () => {
    expect(checkSite(site.output, { pathPrefix: PREFIX })).toEqual([]);
  });

  it("prefixes every internal link, image, script and stylesheet, and each names a built file", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const file of files.filter((name) => name.endsWith(".html"))) {
      const page = parseHtml(readFileSync(path.join(site.output, file), "utf8"));
      for (const element of selectAll("[href], [src], [srcset]", page)) {
        const urls = [
          getAttributeValue(element, "href"),
          getAttributeValue(element, "src"),
          ...(getAttributeValue(element, "srcset") ?? "")
            .split(",")
            .map((candidate) => candidate.trim().split(/\s+/)[0]),
        ].filter((url): url is string => Boolean(url));
        for (const url of urls) {
          if (url.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) continue;
          checked += 1;
          if (!url.startsWith(PREFIX)) problems.push(`${file}: ${url} lacks the prefix`);
          else if (!servesFile(url.split("#")[0]!)) problems.push(`${file}: ${url} names no file`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    expect(files.some((name) => readFileSync(path.join(site.output, name), "latin1").includes("/blog/blog/"))).toBe(
      false,
    );
  });

  it("writes canonical, Open Graph and JSON-LD URLs under the prefix", () => {
    const page = readDocument(site, "/stories/2018/10/31/date-from-file-name.html");
    const canonical = getAttributeValue(selectOne('link[rel="canonical"]', page)!, "href");
    expect(canonical).toBe(`${PUBLISHED}stories/2018/10/31/date-from-file-name.html`);
    expect(getAttributeValue(selectOne('meta[property="og:url"]', page)!, "content")).toBe(canonical);
    const jsonLd = JSON.parse(textContent(selectOne('script[type="application/ld+json"]', page)!)) as {
      url: string;
      mainEntityOfPage: { "@id": string };
    };
    expect([jsonLd.url, jsonLd.mainEntityOfPage["@id"]]).toEqual([canonical, canonical]);
    const home = readDocument(site, "/");
    expect(getAttributeValue(selectOne('link[rel="canonical"]', home)!, "href")).toBe(PUBLISHED);
  });

  it("writes sitemap, robots.txt and both feeds with full URLs under the prefix, each naming a built file", () => {
    const sitemap = parseXml(readFileSync(path.join(site.output, "sitemap.xml"), "utf8"));
    const locs = elements(sitemap, "loc").map((loc) => loc.text);
    expect(locs.length).toBeGreaterThan(10);
    expect(readFileSync(path.join(site.output, "robots.txt"), "utf8")).toContain(`Sitemap: ${PUBLISHED}sitemap.xml`);

    const atom = parseXml(readFileSync(path.join(site.output, "feed.xml"), "utf8"));
    const atomUrls = [
      ...elements(atom, "link").map((link) => link.attributes.href!),
      ...elements(atom, "id").map((id) => id.text),
    ];
    const atomContentUrls = elements(atom, "entry")
      .flatMap((entry) => elements(entry, "content"))
      .flatMap((content) => [...content.text.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]!));

    const json = JSON.parse(readFileSync(path.join(site.output, "feed.json"), "utf8")) as {
      home_page_url: string;
      feed_url: string;
      items: Array<{ id: string; url: string; content_html: string }>;
    };
    const jsonUrls = [json.home_page_url, json.feed_url, ...json.items.flatMap((item) => [item.id, item.url])];
    const jsonContentUrls = json.items.flatMap((item) =>
      [...item.content_html.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]!),
    );
    expect(jsonContentUrls.length).toBeGreaterThan(0);

    const all = [...locs, ...atomUrls, ...atomContentUrls, ...jsonUrls, ...jsonContentUrls];
    const wrong = all.filter((url) => !url.startsWith(PUBLISHED) || !servesFile(url.split("#")[0]!));
    expect(wrong).toEqual([]);
  });

  it("loads demo bundles by URLs relative to each other, so their chunks follow the prefix", () => {
    expect(bundleProblems(site.output, files)).toEqual([]);
    const page = readDocument(site, "/notes/2024/01/02/sparkline-demo.html");
    const moduleFile = getAttributeValue(selectOne("[data-demo-module]", page)!, "data-demo-module");
    expect(files).toContain(`assets/demos/${moduleFile}`);
  });

  it("stops the build when SITE_URL's path is not the prefix", async () => {
    const failed = await mismatchBuild;
    expect(failed.status).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/basePath: site\.url \(SITE_URL\) .* PATH_PREFIX/);
  });
});

describe("the repo's own site with PATH_PREFIX=/blog/", () => {
  it("builds (the build runs the link check) and its demo bundles load each other relatively", async () => {
    const site = expectBuilt(await repoBuild);
    const files = filesUnder(site.output);
    expect(checkSite(site.output, { pathPrefix: PREFIX })).toEqual([]);
    expect(bundleProblems(site.output, files)).toEqual([]);
  });
});
