// The blog engine end to end: a real Eleventy build of fixture posts covering each Jekyll rule,
// checked by parsing the HTML, XML and JSON it writes.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureSite } from "./helpers/sharedSites.ts";
import { attributeOf, getAttributeValue, selectAll, selectOne, textContent, textOf } from "./helpers/html.ts";
import { buildFixtureSite, expectBuilt, fileForUrl, readDocument, readOutput, type BuiltSite } from "./helpers/site.ts";
import { childText, elements, parseXml } from "./helpers/xml.ts";

let site: BuiltSite;

beforeAll(async () => {
  // Its /collection-names.txt says which collections Eleventy made, to check that post tags are not among them.
  site = expectBuilt(await fixtureSite("jekyll"));
});

const exists = (url: string) => existsSync(fileForUrl(site.output, url));

describe("Jekyll URLs and dates", () => {
  it("takes the date and slug from the file name", () => {
    const page = readDocument(site, "/stories/2018/10/31/date-from-file-name.html");
    expect(textOf(selectOne("h1", page))).toBe("Date from the file name");
    expect(attributeOf(selectOne("time", page), "datetime")).toBe("2018-10-31T00:00:00Z");
  });

  it("lets a `date:` field in Jekyll's form win, without time-zone drift", () => {
    const page = readDocument(site, "/stories/2018/11/05/date-field-wins.html");
    const time = selectOne("article time", page)!;
    expect(getAttributeValue(time, "datetime")).toBe("2018-11-05T14:05:00+05:30");
    expect(textContent(time)).toBe("5 November 2018");
    const late = selectOne("article time", readDocument(site, "/2018/12/31/late-night-west-coast.html"))!;
    expect(textContent(late)).toBe("31 December 2018");
    expect(getAttributeValue(late, "datetime")).toBe("2018-12-31T23:30:00-08:00");
    expect(exists("/2019/01/01/date-field-wins.html")).toBe(false);
  });

  it("lets a `permalink:` win", () => {
    expect(textOf(selectOne("h1", readDocument(site, "/custom/path/")))).toBe("A custom permalink");
    expect(exists("/stories/2019/02/01/custom-permalink.html")).toBe(false);
  });

  it("reads categories and tags as lists or space-separated strings", () => {
    const stringForm = readDocument(site, "/machine/learning/2019/03/01/categories-as-string.html");
    expect(selectAll(".post-tags a", stringForm).map((a) => textContent(a))).toEqual(["gpu", "cuda"]);
    const listForm = readDocument(site, "/stories/hardware/2019/03/02/categories-as-list.html");
    expect(selectAll(".post-tags a", listForm).map((a) => textContent(a))).toEqual(["Deep Learning", "GPU"]);
    expect(exists("/notes/2019/03/03/singular-category.html")).toBe(true);
  });

  it("resolves Jekyll layout names", () => {
    const post = readDocument(site, "/stories/2018/10/31/date-from-file-name.html");
    expect(selectOne("article.post", post)).not.toBeNull();
    const asPage = readDocument(site, "/2019/04/02/layout-page.html");
    expect(textOf(selectOne("article.page h1", asPage))).toBe("A post with the page layout");
    const asDefault = readDocument(site, "/2019/04/01/layout-default.html");
    expect(textOf(selectOne("main p", asDefault))).toContain("Rendered in the base layout");
    expect(selectOne("article.post", asDefault)).toBeNull();
  });

  it("leaves out unpublished, future-dated and draft posts", () => {
    const everything = listFiles(site.output).join("\n");
    expect(everything).not.toMatch(/unpublished|from-the-future|a-draft/);
    const feed = readOutput(site, "/feed.xml") + readOutput(site, "/feed.json") + readOutput(site, "/sitemap.xml");
    expect(feed).not.toMatch(/Unpublished post|from the future|A draft/);
  });
});

describe("content", () => {
  it("renders Jekyll's Liquid tags", () => {
    const page = readDocument(site, "/2019/07/01/liquid-tags.html");
    const links = selectAll(".post-content a", page).map((a) => getAttributeValue(a, "href"));
    expect(links).toContain("/stories/2018/10/31/date-from-file-name.html");
    expect(links).toContain("/custom/path/");
    const code = selectOne("pre.language-js", page)!;
    expect(textOf(selectOne(".token.keyword", code))).toBe("const");
  });

  it("turns a titled Markdown image into a figure with width and height", () => {
    const figure = selectOne(
      ".post-content figure:not(.code-block)",
      readDocument(site, "/2019/07/01/liquid-tags.html"),
    )!;
    expect(textOf(selectOne("figcaption", figure))).toBe("The training run, killed");
    const img = selectOne("img", figure)!;
    expect(getAttributeValue(img, "alt")).toBe("A terminal killed by the OOM killer");
    expect(Number(getAttributeValue(img, "width"))).toBeGreaterThan(0);
    expect(Number(getAttributeValue(img, "height"))).toBeGreaterThan(0);
  });

  it("gives headings anchors", () => {
    const heading = selectOne("h2#a-heading-with-anchors", readDocument(site, "/2019/07/01/liquid-tags.html"))!;
    expect(attributeOf(selectOne("a", heading), "href")).toBe("#a-heading-with-anchors");
  });

  it("cuts excerpts at the separator, else at the first paragraph", () => {
    const home = readDocument(site, "/");
    const excerptOf = (title: string) => {
      const summary = selectAll(".post-summary", home).find((item) => textOf(selectOne("h2", item)) === title);
      return textOf(summary && selectOne(".excerpt", summary));
    };
    expect(excerptOf("Excerpt with the default separator")).toContain("Second paragraph, still in the excerpt.");
    expect(excerptOf("Excerpt with the default separator")).not.toContain("After the separator");
    expect(excerptOf("Excerpt with a custom separator")).toContain("Only this sentence is the excerpt.");
    expect(excerptOf("Excerpt with a custom separator")).not.toContain("This sentence is not.");
    expect(excerptOf("Excerpt from the first paragraph")).toContain("The first paragraph is the excerpt.");
    expect(excerptOf("Excerpt from the first paragraph")).not.toContain("The second is not.");
  });
});

describe("pages", () => {
  it("paginates the home page, newest first, ten a page", () => {
    const first = readDocument(site, "/");
    const titles = selectAll(".post-summary h2", first).map((h) => textContent(h));
    expect(titles).toHaveLength(10);
    expect(titles[0]).toBe("Jekyll Liquid tags");
    expect(attributeOf(selectOne('.pagination a[rel="next"]', first), "href")).toBe("/page2/");
    const second = readDocument(site, "/page2/");
    expect(selectAll(".post-summary h2", second).map((h) => textContent(h))).toEqual([
      "Late night on the west coast",
      "The date field wins",
      "Date from the file name",
    ]);
  });

  it("has a page per tag and per category: titles and dates by year, newest first", () => {
    const gpu = readDocument(site, "/tags/gpu/");
    expect(selectAll(".archive-year h2", gpu).map((h) => textContent(h))).toEqual(["2019", "2018"]);
    expect(textOf(selectOne(".term-count", gpu))).toBe("3 posts");
    // A tag of a large blog lists hundreds of posts: no excerpts there.
    expect(selectAll(".post-summary, .excerpt", gpu)).toHaveLength(0);
    expect(selectAll(".archive-list a", gpu).map((a) => textContent(a))).toEqual([
      "Categories as a list",
      "Categories as a space-separated string",
      "Date from the file name",
    ]);
    expect(textOf(selectOne("h1", readDocument(site, "/tags/deep-learning/")))).toContain("Deep Learning");
    const stories = readDocument(site, "/stories/");
    expect(selectAll(".archive-list a", stories).map((a) => textContent(a))).toEqual([
      "Categories as a list",
      "A custom permalink",
      "The date field wins",
      "Date from the file name",
    ]);
    const tagIndex = selectAll(".term-cloud a", readDocument(site, "/tags/")).map((a) => getAttributeValue(a, "href"));
    expect(tagIndex).toEqual(expect.arrayContaining(["/tags/gpu/", "/tags/neural-network/", "/tags/liquid/"]));
  });

  it("makes no Eleventy collection per post tag (a sort of every page each), only the tag pages", () => {
    const names = readOutput(site, "/collection-names.txt").trim().split("\n");
    expect(names).toEqual(expect.arrayContaining(["all", "posts", "tagPages", "categoryPages", "postsByYear"]));
    for (const tag of ["GPU", "Deep Learning", "Neural Network", "gpu", "liquid"]) expect(names).not.toContain(tag);
  });

  it("links tags and categories from the post", () => {
    const post = readDocument(site, "/stories/2018/10/31/date-from-file-name.html");
    expect(selectAll(".post-tags a", post).map((a) => getAttributeValue(a, "href"))).toEqual([
      "/tags/neural-network/",
      "/tags/gpu/",
    ]);
    expect(attributeOf(selectOne(".post-meta a.p-category", post), "href")).toBe("/stories/");
  });

  it("links previous and next posts", () => {
    const post = readDocument(site, "/stories/2018/11/05/date-field-wins.html");
    expect(attributeOf(selectOne('a[rel="prev"]', post), "href")).toBe("/stories/2018/10/31/date-from-file-name.html");
    expect(attributeOf(selectOne('a[rel="next"]', post), "href")).toBe("/2018/12/31/late-night-west-coast.html");
  });

  it("has an archive by year, an about page and a 404 page", () => {
    const archive = readDocument(site, "/archive/");
    expect(selectAll(".archive-year h2", archive).map((h) => textContent(h))).toEqual(["2019", "2018"]);
    expect(textOf(selectOne("h1", readDocument(site, "/about/")))).toBe("About");
    expect(textOf(selectOne("h1", readDocument(site, "/404.html")))).toBe("Page not found");
  });

  it("shows the reading time", () => {
    expect(textOf(selectOne(".post-meta", readDocument(site, "/2019/07/01/liquid-tags.html")))).toMatch(/1 min read/);
  });
});

describe("feeds and discovery", () => {
  it("writes an Atom feed at /feed.xml", () => {
    const entries = elements(parseXml(readOutput(site, "/feed.xml")), "entry");
    expect(entries).toHaveLength(13);
    expect(childText(entries[0]!, "title")).toBe("Jekyll Liquid tags");
    expect(entries[0]!.children.find((child) => child.name === "link")?.attributes.href).toBe(
      "https://example.github.io/2019/07/01/liquid-tags.html",
    );
  });

  it("writes a JSON Feed", () => {
    const feed = JSON.parse(readOutput(site, "/feed.json")) as {
      version: string;
      items: Array<{ url: string; title: string; date_published: string }>;
    };
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items[0]?.title).toBe("Jekyll Liquid tags");
    const dated = feed.items.find((item) => item.title === "The date field wins");
    expect(dated?.date_published).toBe("2018-11-05T14:05:00+05:30");
  });

  it("writes a sitemap and robots.txt", () => {
    const locs = elements(parseXml(readOutput(site, "/sitemap.xml")), "loc").map((loc) => loc.text);
    expect(locs).toContain("https://example.github.io/stories/2018/10/31/date-from-file-name.html");
    expect(locs).toContain("https://example.github.io/");
    expect(locs).toContain("https://example.github.io/tags/gpu/");
    expect(locs.some((loc) => loc.endsWith("404.html"))).toBe(false);
    expect(readOutput(site, "/robots.txt")).toContain("Sitemap: https://example.github.io/sitemap.xml");
  });

  it("writes the head meta jekyll-seo-tag gives", () => {
    const page = readDocument(site, "/stories/2018/11/05/date-field-wins.html");
    const meta = (selector: string) => attributeOf(selectOne(selector, page), "content");
    expect(attributeOf(selectOne('link[rel="canonical"]', page), "href")).toBe(
      "https://example.github.io/stories/2018/11/05/date-field-wins.html",
    );
    expect(meta('meta[name="description"]')).toContain("Its file says 2019-01-01");
    expect(meta('meta[property="og:type"]')).toBe("article");
    expect(meta('meta[property="article:published_time"]')).toBe("2018-11-05T14:05:00+05:30");
    // The post's generated social card (_config/socialCards.ts) makes it a large-image card.
    expect(meta('meta[name="twitter:card"]')).toBe("summary_large_image");
    const tags = selectAll(
      'meta[property="article:tag"]',
      readDocument(site, "/stories/hardware/2019/03/02/categories-as-list.html"),
    ).map((tag) => getAttributeValue(tag, "content"));
    expect(tags).toEqual(["Deep Learning", "GPU"]);
    const jsonLd = JSON.parse(textContent(selectOne('script[type="application/ld+json"]', page)!)) as Record<
      string,
      unknown
    >;
    expect(jsonLd["@type"]).toBe("BlogPosting");
    expect(jsonLd.headline).toBe("The date field wins");
    expect(jsonLd.datePublished).toBe("2018-11-05T14:05:00+05:30");
  });
});

describe("no JavaScript and no third parties on plain pages", () => {
  it("has no executable script and no comments section without a provider", () => {
    for (const url of [
      "/",
      "/page2/",
      "/tags/gpu/",
      "/stories/",
      "/archive/",
      "/about/",
      "/stories/2018/10/31/date-from-file-name.html",
    ]) {
      const page = readDocument(site, url);
      const scripts = selectAll("script", page).filter((s) => getAttributeValue(s, "type") !== "application/ld+json");
      expect(scripts, url).toHaveLength(0);
      expect(selectOne(".comments", page), url).toBeNull();
      expect(readOutput(site, url), url).not.toContain("giscus");
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((file) => path.join(dir, file));
}

describe("site settings in _config.yml", () => {
  it("sets the page size of the home page and the author's URL", async () => {
    const siteConfig = [
      "title: A fixture blog",
      "url: https://example.github.io",
      "author:",
      "  name: A fixture author",
      "  url: https://author.example/",
      "paginate: 4",
      "",
    ].join("\n");
    const custom = expectBuilt(
      await buildFixtureSite({ posts: "test/fixtures/jekyll/posts", files: { "_config.yml": siteConfig } }),
    );
    expect(selectAll(".post-summary", readDocument(custom, "/"))).toHaveLength(4);
    expect(selectAll(".post-summary", readDocument(custom, "/page4/"))).toHaveLength(1);
    const post = readDocument(custom, "/stories/2018/10/31/date-from-file-name.html");
    const jsonLd = JSON.parse(textContent(selectOne('script[type="application/ld+json"]', post)!)) as {
      author: { url?: string };
    };
    expect(jsonLd.author.url).toBe("https://author.example/");
  });
});
