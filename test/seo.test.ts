// jekyll-seo-tag's head, built in: image, author (a name or a key of _data/authors), last_modified_at, the site's
// author, twitter, social and logo, checked on a real build and against Jekyll 4.3's own output for the same posts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFrontMatter, formatProblem } from "../_config/frontMatterSchema.ts";
import seo, { pageAuthor, pageImage, seoHead, type SocialImage } from "../_config/seo.ts";
import { siteSettings } from "../_config/siteSettings.ts";
import { JEKYLL_MISSING, jekyllInstalled } from "./helpers/jekyllSite.ts";
import { SEO_FIXTURE } from "./helpers/seoFixture.ts";
import { fixtureSite, seoFixtureByJekyll } from "./helpers/sharedSites.ts";
import { childText, elements, parseXml } from "./helpers/xml.ts";
import { attributeOf, parseHtml, selectOne, textContent, textOf, type Document } from "./helpers/html.ts";
import { expectBuilt, readDocument, readOutput, type BuiltSite } from "./helpers/site.ts";

const FIRST = "/stories/2018/10/31/first.html";
const SECOND = "/2018/11/02/second.html";
const FOURTH = "/hardware/2018/11/04/fourth.html";
const POSTS = [FIRST, SECOND, FOURTH, "/2018/11/05/fifth.html"];

let site: BuiltSite;
beforeAll(async () => {
  site = expectBuilt(await fixtureSite("seo"));
});

/** A meta tag's content by `property` or `name` (jekyll-seo-tag writes `property="twitter:image"`, we write `name=`). */
function meta(page: Document, key: string): string | undefined {
  return attributeOf(selectOne(`meta[property="${key}"]`, page) ?? selectOne(`meta[name="${key}"]`, page), "content");
}

function jsonLd(page: Document): Record<string, unknown> {
  return JSON.parse(textContent(selectOne('script[type="application/ld+json"]', page)!)) as Record<string, unknown>;
}

const instant = (time: unknown) => new Date(String(time)).toISOString();

describe("a post's own front matter", () => {
  it("turns `image:` into absolute og:image and twitter:image with the large card", () => {
    const page = readDocument(site, FIRST);
    expect(meta(page, "og:image")).toBe("https://ref.example.com/img/card.png");
    expect(meta(page, "twitter:image")).toBe("https://ref.example.com/img/card.png");
    expect(meta(page, "twitter:card")).toBe("summary_large_image");
    expect(jsonLd(page).image).toBe("https://ref.example.com/img/card.png");
  });

  it("reads `image:` as a map with path, size and alt text", () => {
    const page = readDocument(site, SECOND);
    expect(meta(page, "og:image")).toBe("https://ref.example.com/img/second.png");
    expect([meta(page, "og:image:width"), meta(page, "og:image:height"), meta(page, "og:image:alt")]).toEqual([
      "1200",
      "630",
      "A chart",
    ]);
    expect(meta(page, "twitter:image:alt")).toBe("A chart");
    expect(jsonLd(page).image).toEqual({
      "@type": "ImageObject",
      url: "https://ref.example.com/img/second.png",
      width: 1200,
      height: 630,
      alt: "A chart",
    });
  });

  it("takes `author:` from _data/authors by key, as a plain name, or else from the site", () => {
    const first = readDocument(site, FIRST);
    expect(meta(first, "author")).toBe("Jane Doe");
    expect(meta(first, "twitter:creator")).toBe("@janedoe");
    expect(jsonLd(first).author).toEqual({ "@type": "Person", name: "Jane Doe", url: "https://jane.example.com" });
    const second = readDocument(site, SECOND);
    expect(meta(second, "author")).toBe("Plain Name");
    // jekyll-seo-tag would write `@Plain Name`, which is no Twitter handle.
    expect(meta(second, "twitter:creator")).toBeUndefined();
    expect(jsonLd(readDocument(site, FOURTH)).author).toEqual({
      "@type": "Person",
      name: "Site Author",
      url: "https://site-author.example.com",
    });
  });

  it("uses `description:` over the excerpt", () => {
    expect(meta(readDocument(site, FIRST), "description")).toBe("My own description");
    expect(meta(readDocument(site, SECOND), "description")).toBe("The second excerpt & more.");
  });

  it("makes `last_modified_at` the JSON-LD dateModified, article:modified_time and the sitemap's lastmod", () => {
    const first = readDocument(site, FIRST);
    expect(instant(jsonLd(first).dateModified)).toBe("2019-01-02T09:00:00.000Z");
    expect(instant(meta(first, "article:modified_time"))).toBe("2019-01-02T09:00:00.000Z");
    expect(instant(jsonLd(first).datePublished)).toBe("2018-10-31T21:05:00.000Z");
    // No zone written: read in the site's timezone (America/Los_Angeles), as Jekyll reads it.
    expect(instant(jsonLd(readDocument(site, FOURTH)).dateModified)).toBe("2018-12-01T08:00:00.000Z");
    // Never modified: dateModified is the publication date and there is no modified_time.
    const fifth = readDocument(site, "/2018/11/05/fifth.html");
    expect(jsonLd(fifth).dateModified).toBe(jsonLd(fifth).datePublished);
    expect(meta(fifth, "article:modified_time")).toBeUndefined();

    const urls = elements(parseXml(readOutput(site, "/sitemap.xml")), "url");
    const lastmod = (loc: string) =>
      childText(
        urls.find((url) => childText(url, "loc") === `https://ref.example.com${loc}`)!,
        "lastmod",
      );
    expect(instant(lastmod(FIRST))).toBe("2019-01-02T09:00:00.000Z");
    expect(instant(lastmod(FOURTH))).toBe("2018-12-01T08:00:00.000Z");
    expect(instant(lastmod(SECOND))).toBe("2018-11-02T18:00:00.000Z");
  });

  it("accepts jekyll-seo-tag's and jekyll-redirect-from's keys without an unknown-key warning", () => {
    expect(site.stdout + site.stderr).not.toContain("unknown front-matter key");
  });
});

describe("site settings", () => {
  it("names the site's Twitter account, logo and social profiles", () => {
    const first = readDocument(site, FIRST);
    expect(meta(first, "twitter:site")).toBe("@refblog");
    expect(jsonLd(first).publisher).toEqual({
      "@type": "Organization",
      name: "Ref Org",
      logo: { "@type": "ImageObject", url: "https://ref.example.com/assets/logo.png" },
    });
    const home = jsonLd(readDocument(site, "/"));
    expect(home["@type"]).toBe("WebSite");
    expect(home.name).toBe("Ref Org");
    expect(home.sameAs).toEqual(["https://github.com/ref", "https://mastodon.social/@ref"]);
    expect(jsonLd(readDocument(site, "/contact/"))["@type"]).toBe("WebPage");
  });

  it("titles a page without a title of its own with the site's title and description", () => {
    expect(textOf(selectOne("title", readDocument(site, "/")))).toBe("Ref Blog | A reference blog");
    expect(textOf(selectOne("title", readDocument(site, FIRST)))).toBe("First post | Ref Blog");
  });
});

describe.skipIf(!jekyllInstalled)(
  `the same posts built by Jekyll 4.3 with jekyll-seo-tag${jekyllInstalled ? "" : ` (skipped: ${JEKYLL_MISSING})`}`,
  () => {
    let jekyll: string;
    beforeAll(async () => {
      jekyll = await seoFixtureByJekyll();
    });
    const jekyllPage = (url: string) =>
      parseHtml(readFileSync(path.join(jekyll, url.endsWith("/") ? `${url}index.html` : url), "utf8"));

    it.each(POSTS)("%s has Jekyll's image, author, description, canonical URL and card", (url) => {
      const ours = readDocument(site, url);
      const theirs = jekyllPage(url);
      for (const key of [
        "og:image",
        "og:image:width",
        "og:image:height",
        "og:image:alt",
        "twitter:image",
        "twitter:image:alt",
        "twitter:card",
        "twitter:site",
        "author",
        "og:title",
        "og:url",
        "og:type",
      ]) {
        expect(meta(ours, key), `${url} ${key}`).toBe(meta(theirs, key));
      }
      expect(attributeOf(selectOne('link[rel="canonical"]', ours), "href")).toBe(
        attributeOf(selectOne('link[rel="canonical"]', theirs), "href"),
      );
      expect(textOf(selectOne("title", ours))).toBe(textOf(selectOne("title", theirs)));
      // jekyll-seo-tag leaves `&amp;` in the description text; we decode it.
      expect(meta(ours, "description")).toBe(meta(theirs, "description")?.replace(/&amp;/g, "&"));
      const [ld, reference] = [jsonLd(ours), jsonLd(theirs)];
      expect(ld.author).toEqual(reference.author);
      expect(ld.headline).toBe(reference.headline);
      expect(instant(ld.datePublished)).toBe(instant(reference.datePublished));
      expect(instant(ld.dateModified)).toBe(instant(reference.dateModified));
      expect(instant(meta(ours, "article:published_time"))).toBe(instant(meta(theirs, "article:published_time")));
      const image = (value: unknown) => (typeof value === "object" && value ? (value as { url: string }).url : value);
      expect(image(ld.image)).toBe(image(reference.image));
    });

    it("has Jekyll's home page title, type and social profiles", () => {
      const [ld, reference] = [jsonLd(readDocument(site, "/")), jsonLd(jekyllPage("/"))];
      expect(textOf(selectOne("title", readDocument(site, "/")))).toBe(textOf(selectOne("title", jekyllPage("/"))));
      for (const key of ["@type", "name", "sameAs", "url", "headline", "description"])
        expect(ld[key], key).toEqual(reference[key]);
    });
  },
);

describe("the social image hook", () => {
  function computedSocialImage(
    options: Parameters<typeof seo>[1],
  ): (data: Record<string, unknown>) => SocialImage | null {
    let computed: ((data: Record<string, unknown>) => SocialImage | null) | undefined;
    const config = {
      addGlobalData: (name: string, value: () => typeof computed) => {
        if (name === "eleventyComputed.socialImage") computed = value();
      },
      addFilter: () => undefined,
    };
    seo(config as unknown as Parameters<typeof seo>[0], options);
    return computed!;
  }
  const siteData = { ...siteSettings(SEO_FIXTURE, {}) };
  const card: SocialImage = { url: "https://ref.example.com/cards/x.png", width: 1200, height: 630 };

  it("gives a page's own image before any generated card, and the card only to pages without one", () => {
    const socialImage = computedSocialImage({ fallbackImage: () => card });
    expect(socialImage({ site: siteData, image: "/img/own.png" })).toEqual({
      url: "https://ref.example.com/img/own.png",
    });
    expect(socialImage({ site: siteData })).toEqual(card);
    expect(computedSocialImage({})({ site: siteData })).toBeNull();
  });
});

describe("the rules, one by one", () => {
  const siteData = siteSettings(SEO_FIXTURE, {});

  it("keeps a full image URL and puts a relative one under the path prefix", () => {
    expect(pageImage("https://cdn.example.com/a.png", siteData)?.url).toBe("https://cdn.example.com/a.png");
    expect(pageImage("img/a.png", { url: "https://x.example", pathPrefix: "/blog/" })?.url).toBe(
      "https://x.example/blog/img/a.png",
    );
    expect(pageImage({ alt: "no path" }, siteData)).toBeNull();
  });

  it("resolves authors as jekyll-seo-tag does", () => {
    const authors = { jane: { name: "Jane Doe", twitter: "@janedoe" }, bob: { url: "https://bob.example" } };
    expect(pageAuthor("jane", authors, siteData.author)).toEqual({ name: "Jane Doe", twitter: "janedoe" });
    expect(pageAuthor("bob", authors, siteData.author)).toEqual({ name: "bob", url: "https://bob.example" });
    expect(pageAuthor(undefined, ["jane"], siteData.author)?.name).toBe("jane");
    expect(pageAuthor({ name: "Map Author", email: "m@example.com" }, authors, siteData.author)).toEqual({
      name: "Map Author",
      email: "m@example.com",
    });
    expect(pageAuthor(undefined, authors, siteData.author)?.name).toBe("Site Author");
    // `author: jane` in _config.yml is a key of _data/authors too, for the feed and the head alike.
    expect(pageAuthor(undefined, authors, { name: "jane" })).toEqual({ name: "Jane Doe", twitter: "janedoe" });
  });

  it("lets `seo:` and `canonical_url:` override the type, name, links and canonical URL", () => {
    const head = seoHead(
      {
        url: "/p/",
        title: "P",
        seo: { type: "Person", name: "Someone", links: ["https://a.example"] },
        canonicalUrl: "https://elsewhere.example/p/",
      },
      siteData,
    );
    expect(head.canonicalUrl).toBe("https://elsewhere.example/p/");
    expect(head.jsonLd).toMatchObject({
      "@type": "Person",
      name: "Someone",
      sameAs: ["https://a.example"],
      url: "https://elsewhere.example/p/",
    });
  });
});

describe("the front-matter keys of jekyll-seo-tag and jekyll-redirect-from", () => {
  const check = (data: Record<string, unknown>) =>
    checkFrontMatter(
      { title: "T", date: new Date(0), ...data },
      {
        file: "posts/1970-01-01-t.md",
        lines: { image: 4, last_modified_at: 5, redirect_from: 6, author: 7 },
        isDraft: false,
        demoExists: () => false,
      },
    );

  it("are known, in every form the plugins read", () => {
    const report = check({
      image: { path: "/a.png", width: 1200, height: 630, alt: "A" },
      author: { name: "A", twitter: "a" },
      authors: ["a", "b"],
      last_modified_at: "2019-01-02 10:00:00 +0100",
      redirect_from: ["/old/", "older.html"],
      redirect_to: "https://example.com/",
      canonical_url: "https://example.com/t/",
      seo: { type: "Person" },
      twitter: { card: "summary" },
    });
    expect(report).toEqual({ problems: [], warnings: [] });
  });

  it("are checked, each wrong one named with its file and line", () => {
    const problems = check({
      image: 42,
      last_modified_at: "yesterday",
      redirect_from: "https://elsewhere.example/x",
      author: ["a"],
    }).problems.map(formatProblem);
    expect(problems).toEqual([
      "posts/1970-01-01-t.md:4: image: expected a path such as /img/card.png, or a map with path, width, height and alt; got 42",
      'posts/1970-01-01-t.md:7: author: expected a name, a key of _data/authors, or a map with name (and email, url, twitter, picture); got ["a"]',
      'posts/1970-01-01-t.md:5: last_modified_at: not a date: "yesterday" (write YYYY-MM-DD, optionally with HH:MM:SS and +HH:MM)',
      'posts/1970-01-01-t.md:6: redirect_from: expected a site path such as /old/url/ or a list of them, got "https://elsewhere.example/x"',
    ]);
  });
});
