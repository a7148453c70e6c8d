// jekyll-redirect-from, built in: `redirect_from` writes a page at each old URL, `redirect_to` turns a page into
// one, `_redirects` gives hosts that read it a real 301, and a redirect that takes another page's URL fails the
// build naming both files. Checked on real builds and against Jekyll 4.3's own output.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CollectionItem } from "@11ty/eleventy";
import { collectRedirects, redirectPageUrl } from "../_config/redirects.ts";
import { JEKYLL_MISSING, jekyllInstalled } from "./helpers/jekyllSite.ts";
import { seoFixtureFiles } from "./helpers/seoFixture.ts";
import { fixtureSite, seoFixtureByJekyll } from "./helpers/sharedSites.ts";
import { getAttributeValue, selectOne } from "./helpers/html.ts";
import { expectBuilt, makeFixtureSite, readDocument, readOutput, runBuild, type BuiltSite } from "./helpers/site.ts";
import { elements, parseXml } from "./helpers/xml.ts";

const FIRST = "https://ref.example.com/stories/2018/10/31/first.html";

const clashPost = (name: string, redirectFrom: string): [string, string] => [
  `posts/${name}.md`,
  `---\nlayout: post\ntitle: ${name}\ndate: 2018-11-01\nredirect_from: ${redirectFrom}\n---\nBody.\n`,
];

let site: BuiltSite;
let clashes: Promise<BuiltSite>;
beforeAll(async () => {
  // One build holds both kinds of clash (the build reports every redirect problem at once); it shares nothing with
  // the shared site, and runs meanwhile.
  const files = {
    ...seoFixtureFiles(),
    ...Object.fromEntries([
      clashPost("2018-11-01-clash", "/contact/"),
      clashPost("2018-11-01-one", "/same/"),
      clashPost("2018-11-02-two", "/same/"),
    ]),
  };
  clashes = runBuild(makeFixtureSite({ posts: "test/fixtures/seo/posts", files, searchIsland: false }));
  site = expectBuilt(await fixtureSite("seo"));
});

function redirectOf(url: string): {
  refresh: string | undefined;
  canonical: string | undefined;
  link: string | undefined;
  robots: string | undefined;
} {
  const page = readDocument(site, url);
  const attribute = (selector: string, name: string) => {
    const element = selectOne(selector, page);
    return element ? getAttributeValue(element, name) : undefined;
  };
  return {
    refresh: attribute('meta[http-equiv="refresh"]', "content"),
    canonical: attribute('link[rel="canonical"]', "href"),
    link: attribute("a", "href"),
    robots: attribute('meta[name="robots"]', "content"),
  };
}

describe("redirect_from", () => {
  it.each(["/old/first/", "/2018/first.html", "/bare/first.html"])("writes a redirect page at %s", (url) => {
    expect(redirectOf(url)).toEqual({
      refresh: `0; url=${FIRST}`,
      canonical: FIRST,
      link: "/stories/2018/10/31/first.html",
      robots: "noindex",
    });
  });

  it("works from a page as from a post", () => {
    expect(redirectOf("/contact-me/").canonical).toBe("https://ref.example.com/contact/");
  });
});

describe("redirect_to", () => {
  it("makes the page itself a redirect, to a site path or to another site", () => {
    expect(redirectOf("/moved/")).toMatchObject({
      refresh: `0; url=${FIRST}`,
      link: "/stories/2018/10/31/first.html",
      robots: "noindex",
    });
    expect(readOutput(site, "/moved/")).not.toContain("This page moved.");
    expect(redirectOf("/2018/11/03/third.html")).toMatchObject({
      refresh: "0; url=https://elsewhere.example.com/third/",
      link: "https://elsewhere.example.com/third/",
    });
  });
});

describe("what hosts read", () => {
  it("writes _redirects lines for Cloudflare Pages and Netlify", () => {
    const lines = readOutput(site, "/_redirects")
      .split("\n")
      .filter((line) => line && !line.startsWith("#"));
    // By the redirecting file's input path (pages/ before posts/), whatever the files' creation times.
    expect(lines).toEqual([
      "/contact-me/ /contact/ 301",
      "/moved/ /stories/2018/10/31/first.html 301",
      "/old/first/ /stories/2018/10/31/first.html 301",
      "/2018/first.html /stories/2018/10/31/first.html 301",
      "/bare/first /stories/2018/10/31/first.html 301",
      "/2018/11/03/third.html https://elsewhere.example.com/third/ 301",
    ]);
  });

  it("keeps redirect pages out of the sitemap", () => {
    const locs = elements(parseXml(readOutput(site, "/sitemap.xml")), "loc").map((loc) => new URL(loc.text).pathname);
    for (const url of [
      "/old/first/",
      "/2018/first.html",
      "/bare/first.html",
      "/contact-me/",
      "/moved/",
      "/2018/11/03/third.html",
    ])
      expect(locs).not.toContain(url);
    expect(locs).toContain("/contact/");
  });

  it("writes no _redirects for a site without redirects", async () => {
    const plain = await fixtureSite("jekyll");
    expect(plain.status).toBe(0);
    expect(existsSync(path.join(plain.output, "_redirects"))).toBe(false);
  });
});

describe.skipIf(!jekyllInstalled)(
  `the same site built by Jekyll 4.3 with jekyll-redirect-from${jekyllInstalled ? "" : ` (skipped: ${JEKYLL_MISSING})`}`,
  () => {
    let jekyll: string;
    beforeAll(async () => {
      jekyll = await seoFixtureByJekyll();
    });

    it("writes redirects.json exactly as Jekyll does", () => {
      expect(JSON.parse(readOutput(site, "/redirects.json"))).toEqual(
        JSON.parse(readFileSync(path.join(jekyll, "redirects.json"), "utf8")),
      );
    });

    it("writes a page at every file Jekyll writes, and each redirect leads where Jekyll's does", () => {
      const files = readdirSync(jekyll, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".html"));
      for (const file of files) {
        expect(existsSync(path.join(site.output, file)), file).toBe(true);
        const theirs = readFileSync(path.join(jekyll, file), "utf8").match(
          /http-equiv="refresh" content="([^"]*)"/,
        )?.[1];
        if (theirs) expect(redirectOf(`/${file.replace(/index\.html$/, "")}`).refresh, file).toBe(theirs);
      }
    });
  },
);

describe("a redirect at a URL already taken", () => {
  let result: BuiltSite;
  beforeAll(async () => {
    result = await clashes;
  });

  it("fails the build naming the redirecting file and line and the page there, and leaves the output alone", () => {
    expect(result.status).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(
      /posts\/2018-11-01-clash\.md:5: redirect_from: \/contact\/ is the URL of pages\/contact\.md/,
    );
    expect(existsSync(result.output)).toBe(false);
  });

  it("fails the build when two files redirect from one URL, naming both", () => {
    expect(result.status).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(
      /posts\/2018-11-02-two\.md:5: redirect_from: \/same\/ is also redirected by posts\/2018-11-01-one\.md:5/,
    );
  });
});

describe("old paths", () => {
  it("are written where Jekyll writes them", () => {
    expect(redirectPageUrl("/old/")).toBe("/old/");
    expect(redirectPageUrl("/old.php")).toBe("/old.php");
    expect(redirectPageUrl("/old/post")).toBe("/old/post.html");
    expect(redirectPageUrl("/with space/")).toBe("/with%20space/");
  });

  it("are read as jekyll-redirect-from reads them: a leading slash added, %-escapes decoded, full URLs left out", () => {
    const item = (data: Record<string, unknown>) =>
      ({
        url: "/new/",
        inputPath: "./pages/new.md",
        data: { frontMatterLines: { redirect_from: 4, redirect_to: 5 }, ...data },
      }) as unknown as CollectionItem;
    expect(
      collectRedirects([item({ redirect_from: ["old/", "/caf%C3%A9/", "https://elsewhere.example/"] })]).map(
        ({ from, pageUrl, line }) => [from, pageUrl, line],
      ),
    ).toEqual([
      ["/old/", "/old/", 4],
      ["/café/", "/café/", 4],
    ]);
    expect(collectRedirects([item({ redirect_to: "elsewhere/" })])[0]).toMatchObject({
      kind: "to",
      from: "/new/",
      to: "/elsewhere/",
      source: "pages/new.md",
      line: 5,
    });
  });

  it("are listed by the redirecting file's input path, whatever order the collection gives", () => {
    const page = (inputPath: string, from: string) =>
      ({ url: `/${from}-new/`, inputPath, data: { redirect_from: [from] } }) as unknown as CollectionItem;
    const items = [
      page("./posts/2018-01-01-b.md", "b"),
      page("./pages/c.md", "c"),
      page("./posts/2017-01-01-a.md", "a"),
    ];
    const order = ["/c", "/a", "/b"];
    expect(collectRedirects(items).map((redirect) => redirect.from)).toEqual(order);
    expect(collectRedirects([...items].reverse()).map((redirect) => redirect.from)).toEqual(order);
  });
});
