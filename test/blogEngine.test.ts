// The blog engine end to end: a real Eleventy build of fixture posts covering each Jekyll rule,
// checked by parsing the HTML, XML and JSON it writes.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureSite } from "./helpers/sharedSites.ts";
import { buildFixtureSite, expectBuilt, fileForUrl, readOutput, readPage, type BuiltSite } from "./helpers/site.ts";

let site: BuiltSite;

beforeAll(async () => {
  // Its /collection-names.txt says which collections Eleventy made, to check that post tags are not among them.
  site = expectBuilt(await fixtureSite("jekyll"));
});

const exists = (url: string) => existsSync(fileForUrl(site.output, url));

describe("Jekyll URLs and dates", () => {
  it("takes the date and slug from the file name", () => {
    const page = readPage(site, "/stories/2018/10/31/date-from-file-name.html");
    expect(page.querySelector("h1")?.textContent).toBe("Date from the file name");
    expect(page.querySelector("time")?.getAttribute("datetime")).toBe("2018-10-31T00:00:00Z");
  });

  it("lets a `date:` field in Jekyll's form win, without time-zone drift", () => {
    const page = readPage(site, "/stories/2018/11/05/date-field-wins.html");
    const time = page.querySelector("article time")!;
    expect(time.getAttribute("datetime")).toBe("2018-11-05T14:05:00+05:30");
    expect(time.textContent).toBe("5 November 2018");
    const late = readPage(site, "/2018/12/31/late-night-west-coast.html").querySelector("article time")!;
    expect(late.textContent).toBe("31 December 2018");
    expect(late.getAttribute("datetime")).toBe("2018-12-31T23:30:00-08:00");
    expect(exists("/2019/01/01/date-field-wins.html")).toBe(false);
  });

  it("lets a `permalink:` win", () => {
    expect(readPage(site, "/custom/path/").querySelector("h1")?.textContent).toBe("A custom permalink");
    expect(exists("/stories/2019/02/01/custom-permalink.html")).toBe(false);
  });

  it("reads categories and tags as lists or space-separated strings", () => {
    const stringForm = readPage(site, "/machine/learning/2019/03/01/categories-as-string.html");
    expect(stringForm.querySelectorAll(".post-tags a").map((a) => a.textContent)).toEqual(["gpu", "cuda"]);
    const listForm = readPage(site, "/stories/hardware/2019/03/02/categories-as-list.html");
    expect(listForm.querySelectorAll(".post-tags a").map((a) => a.textContent)).toEqual(["Deep Learning", "GPU"]);
    expect(exists("/notes/2019/03/03/singular-category.html")).toBe(true);
  });

  it("resolves Jekyll layout names", () => {
    const post = readPage(site, "/stories/2018/10/31/date-from-file-name.html");
    expect(post.querySelector("article.post")).not.toBeNull();
    const asPage = readPage(site, "/2019/04/02/layout-page.html");
    expect(asPage.querySelector("article.page h1")?.textContent).toBe("A post with the page layout");
    const asDefault = readPage(site, "/2019/04/01/layout-default.html");
    expect(asDefault.querySelector("main p")?.textContent).toContain("Rendered in the base layout");
    expect(asDefault.querySelector("article.post")).toBeNull();
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
    const page = readPage(site, "/2019/07/01/liquid-tags.html");
    const links = page.querySelectorAll(".post-content a").map((a) => a.getAttribute("href"));
    expect(links).toContain("/stories/2018/10/31/date-from-file-name.html");
    expect(links).toContain("/custom/path/");
    const code = page.querySelector("pre.language-js");
    expect(code?.querySelector(".token.keyword")?.textContent).toBe("const");
  });

  it("turns a titled Markdown image into a figure with width and height", () => {
    const figure = readPage(site, "/2019/07/01/liquid-tags.html").querySelector(
      ".post-content figure:not(.code-block)",
    )!;
    expect(figure.querySelector("figcaption")?.textContent).toBe("The training run, killed");
    const img = figure.querySelector("img")!;
    expect(img.getAttribute("alt")).toBe("A terminal killed by the OOM killer");
    expect(Number(img.getAttribute("width"))).toBeGreaterThan(0);
    expect(Number(img.getAttribute("height"))).toBeGreaterThan(0);
  });

  it("gives headings anchors", () => {
    const heading = readPage(site, "/2019/07/01/liquid-tags.html").querySelector("h2#a-heading-with-anchors");
    expect(heading?.querySelector("a")?.getAttribute("href")).toBe("#a-heading-with-anchors");
  });

  it("cuts excerpts at the separator, else at the first paragraph", () => {
    const home = readPage(site, "/");
    const excerptOf = (title: string) =>
      home
        .querySelectorAll(".post-summary")
        .find((item) => item.querySelector("h2")?.textContent === title)
        ?.querySelector(".excerpt")?.textContent;
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
    const first = readPage(site, "/");
    const titles = first.querySelectorAll(".post-summary h2").map((h) => h.textContent);
    expect(titles).toHaveLength(10);
    expect(titles[0]).toBe("Jekyll Liquid tags");
    expect(first.querySelector('.pagination a[rel="next"]')?.getAttribute("href")).toBe("/page2/");
    const second = readPage(site, "/page2/");
    expect(second.querySelectorAll(".post-summary h2").map((h) => h.textContent)).toEqual([
      "Late night on the west coast",
      "The date field wins",
      "Date from the file name",
    ]);
  });

  it("has a page per tag and per category: titles and dates by year, newest first", () => {
    const gpu = readPage(site, "/tags/gpu/");
    expect(gpu.querySelectorAll(".archive-year h2").map((h) => h.textContent)).toEqual(["2019", "2018"]);
    expect(gpu.querySelector(".term-count")?.textContent).toBe("3 posts");
    // A tag of a large blog lists hundreds of posts: no excerpts there.
    expect(gpu.querySelectorAll(".post-summary, .excerpt")).toHaveLength(0);
    expect(gpu.querySelectorAll(".archive-list a").map((a) => a.textContent)).toEqual([
      "Categories as a list",
      "Categories as a space-separated string",
      "Date from the file name",
    ]);
    expect(readPage(site, "/tags/deep-learning/").querySelector("h1")?.textContent).toContain("Deep Learning");
    const stories = readPage(site, "/stories/");
    expect(stories.querySelectorAll(".archive-list a").map((a) => a.textContent)).toEqual([
      "Categories as a list",
      "A custom permalink",
      "The date field wins",
      "Date from the file name",
    ]);
    const tagIndex = readPage(site, "/tags/")
      .querySelectorAll(".term-cloud a")
      .map((a) => a.getAttribute("href"));
    expect(tagIndex).toEqual(expect.arrayContaining(["/tags/gpu/", "/tags/neural-network/", "/tags/liquid/"]));
  });

  it("makes no Eleventy collection per post tag (a sort of every page each), only the tag pages", () => {
    const names = readOutput(site, "/collection-names.txt").trim().split("\n");
    expect(names).toEqual(expect.arrayContaining(["all", "posts", "tagPages", "categoryPages", "postsByYear"]));
    for (const tag of ["GPU", "Deep Learning", "Neural Network", "gpu", "liquid"]) expect(names).not.toContain(tag);
  });

  it("links tags and categories from the post", () => {
    const post = readPage(site, "/stories/2018/10/31/date-from-file-name.html");
    expect(post.querySelectorAll(".post-tags a").map((a) => a.getAttribute("href"))).toEqual([
      "/tags/neural-network/",
      "/tags/gpu/",
    ]);
    expect(post.querySelector(".post-meta a.p-category")?.getAttribute("href")).toBe("/stories/");
  });

  it("links previous and next posts", () => {
    const post = readPage(site, "/stories/2018/11/05/date-field-wins.html");
    expect(post.querySelector('a[rel="prev"]')?.getAttribute("href")).toBe(
      "/stories/2018/10/31/date-from-file-name.html",
    );
    expect(post.querySelector('a[rel="next"]')?.getAttribute("href")).toBe("/2018/12/31/late-night-west-coast.html");
  });

  it("has an archive by year, an about page and a 404 page", () => {
    const archive = readPage(site, "/archive/");
    expect(archive.querySelectorAll(".archive-year h2").map((h) => h.textContent)).toEqual(["2019", "2018"]);
    expect(readPage(site, "/about/").querySelector("h1")?.textContent).toBe("About");
    expect(readPage(site, "/404.html").querySelector("h1")?.textContent).toBe("Page not found");
  });

  it("shows the reading time", () => {
    expect(readPage(site, "/2019/07/01/liquid-tags.html").querySelector(".post-meta")?.textContent).toMatch(
      /1 min read/,
    );
  });
});

describe("feeds and discovery", () => {
  it("writes an Atom feed at /feed.xml", () => {
    const atom = readPage(site, "/feed.xml");
    const entries = atom.querySelectorAll("entry");
    expect(entries).toHaveLength(13);
    expect(entries[0]?.querySelector("title")?.textContent).toBe("Jekyll Liquid tags");
    expect(entries[0]?.querySelector("link")?.getAttribute("href")).toBe(
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
    const locs = readPage(site, "/sitemap.xml")
      .querySelectorAll("loc")
      .map((loc) => loc.textContent);
    expect(locs).toContain("https://example.github.io/stories/2018/10/31/date-from-file-name.html");
    expect(locs).toContain("https://example.github.io/");
    expect(locs).toContain("https://example.github.io/tags/gpu/");
    expect(locs.some((loc) => loc.endsWith("404.html"))).toBe(false);
    expect(readOutput(site, "/robots.txt")).toContain("Sitemap: https://example.github.io/sitemap.xml");
  });

  it("writes the head meta jekyll-seo-tag gives", () => {
    const page = readPage(site, "/stories/2018/11/05/date-field-wins.html");
    const meta = (selector: string) => page.querySelector(selector)?.getAttribute("content");
    expect(page.querySelector('link[rel="canonical"]')?.getAttribute("href")).toBe(
      "https://example.github.io/stories/2018/11/05/date-field-wins.html",
    );
    expect(meta('meta[name="description"]')).toContain("Its file says 2019-01-01");
    expect(meta('meta[property="og:type"]')).toBe("article");
    expect(meta('meta[property="article:published_time"]')).toBe("2018-11-05T14:05:00+05:30");
    // The post's generated social card (_config/socialCards.ts) makes it a large-image card.
    expect(meta('meta[name="twitter:card"]')).toBe("summary_large_image");
    const tags = readPage(site, "/stories/hardware/2019/03/02/categories-as-list.html")
      .querySelectorAll('meta[property="article:tag"]')
      .map((tag) => tag.getAttribute("content"));
    expect(tags).toEqual(["Deep Learning", "GPU"]);
    const jsonLd = JSON.parse(page.querySelector('script[type="application/ld+json"]')!.textContent) as Record<
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
      const page = readPage(site, url);
      const scripts = page.querySelectorAll("script").filter((s) => s.getAttribute("type") !== "application/ld+json");
      expect(scripts, url).toHaveLength(0);
      expect(page.querySelector(".comments"), url).toBeNull();
      expect(page.toString(), url).not.toContain("giscus");
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((file) => path.join(dir, file));
}

describe("site settings in _config.yml", () => {
  it("sets the page size of the home page and the author's URL", () => {
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
      buildFixtureSite({ posts: "test/fixtures/jekyll/posts", files: { "_config.yml": siteConfig } }),
    );
    expect(readPage(custom, "/").querySelectorAll(".post-summary")).toHaveLength(4);
    expect(readPage(custom, "/page4/").querySelectorAll(".post-summary")).toHaveLength(1);
    const post = readPage(custom, "/stories/2018/10/31/date-from-file-name.html");
    const jsonLd = JSON.parse(post.querySelector('script[type="application/ld+json"]')!.textContent) as {
      author: { url?: string };
    };
    expect(jsonLd.author.url).toBe("https://author.example/");
  });
});
