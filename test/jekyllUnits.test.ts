// Pure pieces of the Jekyll semantics: dates, permalinks, lists, slugs, excerpts, captions.
import { describe, expect, it } from "vitest";
import { checkFrontMatter, formatProblem } from "../_config/frontMatterSchema.ts";
import { parseJekyllDate, readableDate, toRfc3339 } from "../_config/jekyllDate.ts";
import { jekyllPermalink, permalinkTemplate, postCategories, postTags } from "../_config/jekyllPermalink.ts";
import {
  parseJekyllFrontMatter,
  parseYamlFrontMatter,
  parseYamlFrontMatterStrictly,
  FrontMatterSyntaxError,
  rememberParsedFrontMatter,
  forgetParsedFrontMatter,
} from "../_config/jekyllFrontMatter.ts";
import { postFrontMatterForEleventy, titleizeSlug, withDefaults } from "../_config/postDataForEleventy.ts";
import { frontMatterBlock } from "../_config/postValidation.ts";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeCorpus } from "../tools/corpus.ts";
import { countWords, excerptHtml, plainText, readingMinutes } from "../_config/excerpt.ts";
import { rewriteImageCaptionBlock } from "../_config/markdown/imageCaptionFigure.ts";
import { slugify } from "../_config/slugs.ts";
import { createMarkdown } from "../_config/markdown.ts";
import { isPublished } from "../_config/publishing.ts";
import { attributeOf, getAttributeValue, parseHtml, selectAll, selectOne, textOf } from "./helpers/html.ts";

describe("parseJekyllDate", () => {
  it("keeps the wall-clock date and the offset apart", () => {
    const parsed = parseJekyllDate("2018-10-31 14:05:00 +0530");
    expect(parsed?.wallClock.toISOString()).toBe("2018-10-31T14:05:00.000Z");
    expect(parsed?.offset).toBe("+05:30");
    expect(toRfc3339(parsed!.wallClock, parsed!.offset)).toBe("2018-10-31T14:05:00+05:30");
  });
  it("reads the short forms", () => {
    expect(parseJekyllDate("2018-10-31")?.wallClock.toISOString()).toBe("2018-10-31T00:00:00.000Z");
    expect(parseJekyllDate("2018-10-31T23:59")?.offset).toBeNull();
    expect(parseJekyllDate("2018-12-31 23:30:00 -08:00")?.wallClock.getUTCDate()).toBe(31);
  });
  it("rejects impossible dates instead of rolling them over", () => {
    expect(parseJekyllDate("2018-02-30")).toBeNull();
    expect(parseJekyllDate("31/10/2018")).toBeNull();
    expect(parseJekyllDate("2018-10-31 25:00")).toBeNull();
  });
  it("shows the date as written, whatever the machine's zone", () => {
    expect(readableDate(new Date(Date.UTC(2018, 11, 31, 23, 30)))).toBe("31 December 2018");
  });
});

describe("jekyllPermalink", () => {
  const date = new Date(Date.UTC(2018, 9, 31));
  it("follows /:categories/:year/:month/:day/:title.html", () => {
    expect(jekyllPermalink(permalinkTemplate("date"), { categories: ["Stories"], date, slug: "why-gpu" })).toBe(
      "/stories/2018/10/31/why-gpu.html",
    );
    expect(jekyllPermalink(permalinkTemplate("date"), { categories: ["a", "B"], date, slug: "x" })).toBe(
      "/a/b/2018/10/31/x.html",
    );
  });
  it("drops the segment when there is no category", () => {
    expect(jekyllPermalink(permalinkTemplate("date"), { categories: [], date, slug: "x" })).toBe("/2018/10/31/x.html");
  });
  // Expected values from Jekyll 4.3.1's own build of the same post (2019-03-05 07:08:09, categories ["A b"], slug "Hello World!").
  it("fills every placeholder and style as Jekyll does", () => {
    const at = new Date(Date.UTC(2019, 2, 5, 7, 8, 9));
    const input = { categories: ["A b"], date: at, slug: "Hello World!" };
    expect(jekyllPermalink(permalinkTemplate("pretty"), input)).toBe("/a b/2019/03/05/Hello-World!/");
    expect(jekyllPermalink(permalinkTemplate("ordinal"), input)).toBe("/a b/2019/064/Hello-World!.html");
    expect(jekyllPermalink(permalinkTemplate("weekdate"), input)).toBe("/a b/2019/W10/Tue/Hello-World!.html");
    expect(jekyllPermalink(permalinkTemplate("none"), input)).toBe("/a b/Hello-World!.html");
    expect(jekyllPermalink("/:i_month/:i_day/:short_year/:hour-:minute-:second/:slug:output_ext", input)).toBe(
      "/3/5/19/07-08-09/hello-world.html",
    );
    expect(jekyllPermalink("/blog/:year/:title/", input)).toBe("/blog/2019/Hello-World!/");
    expect(jekyllPermalink("/:slugified_categories/:month_:day/:title", input)).toBe("/a-b/03_05/Hello-World!.html");
    expect(jekyllPermalink("blog//../:title", input)).toBe("/blog/Hello-World!.html");
  });
  it("gives a post's file `.html` unless its URL ends in it or in /, as Jekyll does (so no post can name /_headers)", () => {
    expect(jekyllPermalink("/_headers", { categories: [], date, slug: "x" })).toBe("/_headers.html");
    expect(jekyllPermalink("/feed.xml", { categories: [], date, slug: "x" })).toBe("/feed.xml.html");
  });
  it("reads a post's own `permalink: pretty` as a file name, not a style", () => {
    expect(jekyllPermalink("pretty", { categories: [], date, slug: "x" })).toBe("/pretty.html");
  });
  it("names an unknown placeholder", () => {
    expect(() => jekyllPermalink("/:yeer/:title/", { categories: [], date, slug: "x" })).toThrow(
      /unknown placeholder :yeer/,
    );
  });
  it("titles a post without a title from its file name, as Jekyll's titleize_slug", () => {
    expect(titleizeSlug("why-GPU-matters")).toBe("Why Gpu Matters");
  });
  it("merges categories (split on spaces) and a singular category (kept whole)", () => {
    expect(postCategories({ categories: "Machine Learning", category: "deep notes" })).toEqual([
      "Machine",
      "Learning",
      "deep notes",
    ]);
    expect(postCategories({ category: "Machine Learning" })).toEqual(["Machine Learning"]);
    expect(postTags({ tags: ["Deep Learning", "GPU", "GPU"] })).toEqual(["Deep Learning", "GPU"]);
    expect(postTags({ tags: "gpu cuda" })).toEqual(["gpu", "cuda"]);
  });
});

describe("Jekyll's reading of front matter", () => {
  it("reads YAML 1.1 booleans as Jekyll's Psych does, and keeps quoted ones as text", () => {
    const data = parseYamlFrontMatter(
      "\ntitle: x\ncomments: yes\npublished: Off\nsitemap: NO\nquoted: 'yes'\nletter: y\n",
    );
    expect(data).toMatchObject({ comments: true, published: false, sitemap: false, quoted: "yes", letter: "y" });
    expect(parseYamlFrontMatterStrictly("\ncomments: On\n").comments).toBe(true);
  });
  it("converts a zoned date to the site's timezone, and reads a zone-less one there", () => {
    const kolkata = parseYamlFrontMatter("\ndate: 2018-12-31 23:30:00 -0800\n", { timezone: "Asia/Kolkata" });
    expect(kolkata.date).toEqual(new Date(Date.UTC(2019, 0, 1, 13, 0)));
    expect(kolkata.dateOffset).toBe("+05:30");
    const london = parseYamlFrontMatter("\ndate: 2019-07-01 10:00\n", { timezone: "Europe/London" });
    expect(london.date).toEqual(new Date(Date.UTC(2019, 6, 1, 10, 0)));
    expect(london.dateOffset).toBe("+01:00");
    expect(parseYamlFrontMatter("\ndate: 2018-12-31 23:30:00 -0800\n").date).toEqual(
      new Date(Date.UTC(2018, 11, 31, 23, 30)),
    );
  });
  it("warns where a zoned date lands on another day than Jekyll on a UTC machine would give it, without a timezone", () => {
    const data = parseYamlFrontMatter("\ntitle: x\ndate: 2018-12-31 23:30:00 -0800\n");
    const context = { file: "posts/x.md", lines: data.frontMatterLines ?? {}, isDraft: false, demoExists: () => true };
    expect(checkFrontMatter(data, context).warnings.map(formatProblem)).toEqual([
      "posts/x.md:3: date: filed under 2018-12-31 as written; Jekyll on a UTC machine (GitHub Pages) files it under 2019-01-01. Set `timezone:` in _config.yml to choose",
    ]);
    expect(checkFrontMatter(data, { ...context, timezone: "America/Los_Angeles" }).warnings).toEqual([]);
  });
  it("applies _config.yml defaults by scope, the post's own keys winning", () => {
    const defaults = [
      { scope: { path: "" }, values: { layout: "post", comments: true } },
      { scope: { path: "_posts/2019", type: "posts" }, values: { comments: false, author: "ada" } },
      { scope: { type: "drafts" }, values: { sitemap: false } },
    ];
    const data = parseYamlFrontMatter("\ntitle: x\nlayout: page\n");
    expect(withDefaults(data, "posts/2019/2019-01-01-x.md", defaults)).toMatchObject({
      layout: "page",
      comments: false,
      author: "ada",
    });
    expect(withDefaults(data, "posts/2018-01-01-x.md", defaults)).toMatchObject({ layout: "page", comments: true });
    expect(withDefaults(data, "drafts/x.md", defaults).sitemap).toBe(false);
  });
});

describe("parseJekyllFrontMatter", () => {
  it("splits space-separated lists and parses Jekyll dates", () => {
    const data = parseJekyllFrontMatter(
      "title: x\ndate: 2018-10-31 14:05:00 +0530\ntags: a b\ncategories: [One Two]\n",
    );
    expect(data.tags).toEqual(["a", "b"]);
    expect(data.categories).toEqual(["One Two"]);
    expect(data.date).toEqual(new Date(Date.UTC(2018, 9, 31, 14, 5)));
    expect(data.dateOffset).toBe("+05:30");
    expect(data.frontMatterLines).toEqual({ title: 1, date: 2, tags: 3, categories: 4 });
  });
  it("hands each post its own pre-parsed front matter, even when two posts' texts are identical", () => {
    const text = "\ntitle: Same\ntags: a b\n";
    const first = postFrontMatterForEleventy(parseYamlFrontMatter(text), "posts/2018-10-31-a.md");
    const second = postFrontMatterForEleventy(parseYamlFrontMatter(text), "posts/2018-10-31-b.md");
    rememberParsedFrontMatter(text, first);
    rememberParsedFrontMatter(text, second);
    expect(parseJekyllFrontMatter(text)).toBe(first);
    expect(parseJekyllFrontMatter(text)).toBe(second);
    // Not remembered (a page, not a post): parsed as written, `tags` kept for Eleventy's collections.
    expect(parseJekyllFrontMatter(text).tags).toEqual(["a", "b"]);
    forgetParsedFrontMatter();
  });

  it("gives Eleventy a post's tags as `jekyllTags`, a copy, so they make no Eleventy collection", () => {
    const parsed = parseYamlFrontMatter("\ntitle: T\ntags: GPU CUDA\ncategories: [a]\n");
    const forEleventy = postFrontMatterForEleventy(parsed, "posts/2018-10-31-t.md");
    expect(forEleventy.tags).toBeUndefined();
    expect(forEleventy.jekyllTags).toEqual(["GPU", "CUDA"]);
    expect(forEleventy.categories).toEqual(["a"]);
    expect(forEleventy.categories).not.toBe(parsed.categories);
    expect(parsed.tags).toEqual(["GPU", "CUDA"]);
  });

  it("names the line of a duplicate key", () => {
    expect(() => parseJekyllFrontMatter("title: a\ntags: x\ntitle: b\n")).toThrow(FrontMatterSyntaxError);
    try {
      parseJekyllFrontMatter("title: a\ntags: x\ntitle: b\n");
    } catch (error) {
      expect((error as FrontMatterSyntaxError).yamlLine).toBe(3);
    }
  });

  // The fast parser (js-yaml) and the precise one (yaml, used for error messages) must read every front
  // matter alike: values, dates and the line of each key.
  const tricky = [
    '\n"title": "Quoted: key"\n\'tags\': [a, "b c"]\ndate: 2018-10-31 14:05:00 +0530\n',
    "\ntitle: x\ndescription: |\n  key: not a key\n  more\n# a comment: not a key\nsummary: >\n  folded\n\ncomments: false\n",
    "\r\ntitle: Windows\r\ntags:\r\n  - one\r\n  - two\r\npublished: true\r\n",
    "\ntitle: a long\n  plain title\ncount: 0o10\nempty:\nnothing: ~\nflag: True\nversion: 1.10\nurl: http://x.test/a:b\n",
    "",
    "\n# only a comment\n",
  ];

  /** The text the build parses: what post validation takes from the file for gray-matter. */
  function frontMatterOf(file: string): string | undefined {
    const block = frontMatterBlock(readFileSync(file, "utf8"));
    return "yamlText" in block ? block.yamlText : undefined;
  }

  function markdownFiles(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".md"))
      .map((name) => path.join(dir, name));
  }

  it("reads every post the tests build, the seed post and a bench corpus the same with both parsers", () => {
    const corpus = mkdtempSync(path.join(tmpdir(), "front-matter-"));
    writeCorpus(corpus, 40);
    const files = [...markdownFiles("posts"), ...markdownFiles("test/fixtures"), ...markdownFiles(corpus)];
    const texts = [...tricky, ...files.map(frontMatterOf).filter((text): text is string => text !== undefined)];
    expect(texts.length).toBeGreaterThan(70);
    let compared = 0;
    for (const text of texts) {
      let strict: unknown;
      try {
        strict = parseYamlFrontMatterStrictly(text);
      } catch {
        // A syntax error: the fast path must report it too, through the precise parser.
        expect(() => parseYamlFrontMatter(text), text).toThrow(FrontMatterSyntaxError);
        continue;
      }
      const fast = parseYamlFrontMatter(text);
      expect(fast, text).toEqual(strict);
      expect(fast.frontMatterLines, text).toEqual((strict as typeof fast).frontMatterLines);
      compared++;
    }
    expect(compared).toBeGreaterThan(60);
  });
});

describe("excerpts", () => {
  it("cuts at the separator, else takes the first paragraph", () => {
    expect(excerptHtml("<p>a</p><!--more--><p>b</p>")).toBe("<p>a</p>");
    expect(excerptHtml("<p>a</p><p>b</p>")).toBe("<p>a</p>");
    expect(excerptHtml("<p>a</p>[cut]<p>b</p>", "[cut]")).toBe("<p>a</p>");
  });
  it("makes plain descriptions and reading times", () => {
    expect(plainText("<p>Hello <b>world</b></p>\n")).toBe("Hello world");
    expect(plainText(`<p>${"word ".repeat(100)}</p>`, 40)).toMatch(/^(word ){6,}word…$/);
    expect(readingMinutes(`<p>${"word ".repeat(660)}</p>`)).toBe(3);
    // Counts as splitting the tag-stripped text on \s did: tags separate words, entities and `<` alone are text.
    for (const html of [
      "<p>one two</p><p>three</p>",
      "a<br>b",
      "x\u00a0y\u2003z\tw\n",
      "1 < 2 and a<b",
      "<pre><code>let a = 1;</code></pre>",
      "",
      "  ",
    ]) {
      expect(countWords(html), html).toBe(
        html
          .replace(/<[^>]*>/g, " ")
          .split(/\s+/)
          .filter(Boolean).length,
      );
    }
  });
});

describe("slugify", () => {
  it("makes readable URL segments", () => {
    expect(slugify("Neural Network")).toBe("neural-network");
    expect(slugify("C++ & Rust")).toBe("c-and-rust");
    expect(slugify("Café")).toBe("cafe");
  });
});

describe("captions", () => {
  it("turns the Jekyll image-caption block into a figure with its caption", () => {
    const html = rewriteImageCaptionBlock(
      '<div class="image">\n<a href="/public/img/Killed .png"><img alt="Out" src="/public/img/Killed .png" /></a>\n<div class="image-caption">"Out Of Memory"</div>\n</div>',
    );
    const figure = selectOne("figure", parseHtml(html))!;
    expect(textOf(selectOne("figcaption", figure))).toBe('"Out Of Memory"');
    expect(attributeOf(selectOne("a", figure), "href")).toBe("/public/img/Killed%20.png");
    expect(selectOne(".image-caption", parseHtml(html))).toBeNull();
  });
  it("turns a titled Markdown image into a figure", () => {
    const html = createMarkdown().render('![Alt](/a.png "A caption")');
    const figure = selectOne("figure", parseHtml(html))!;
    expect(attributeOf(selectOne("img", figure), "alt")).toBe("Alt");
    expect(textOf(selectOne("figcaption", figure))).toBe("A caption");
  });
});

describe("raw HTML headings", () => {
  it("get an id and a self-link like Markdown headings", () => {
    const html = createMarkdown().render("## Intro\n\n<h2> WHY GPU ? </h2>\n\n<h2>Intro</h2>\n");
    const ids = selectAll("h2", parseHtml(html)).map((h) => getAttributeValue(h, "id"));
    expect(ids).toEqual(["intro", "why-gpu", "intro-2"]);
    expect(attributeOf(selectOne("#why-gpu a", parseHtml(html)), "href")).toBe("#why-gpu");
  });
});

describe("isPublished", () => {
  const utc = (iso: string) => new Date(`${iso}Z`);
  it("publishes a date without a zone as soon as that day has begun anywhere", () => {
    // `npm run new` at 08:00 in Tokyo (23:00 UTC the day before) dates the post by Tokyo's day.
    const now = utc("2026-11-26T23:00:00");
    expect(isPublished({ page: { date: utc("2026-11-27T00:00:00") } }, now)).toBe(true);
    expect(isPublished({ page: { date: utc("2026-11-28T00:00:00") } }, now)).toBe(false);
  });
  it("honours a written offset", () => {
    const date = utc("2026-11-27T14:05:00");
    expect(isPublished({ page: { date }, dateOffset: "+05:30" }, utc("2026-11-27T08:36:00"))).toBe(true);
    expect(isPublished({ page: { date }, dateOffset: "+05:30" }, utc("2026-11-27T08:34:00"))).toBe(false);
    expect(isPublished({ page: { date }, dateOffset: "Z" }, utc("2026-11-27T14:04:00"))).toBe(false);
  });
  it("never publishes `published: false`", () => {
    expect(isPublished({ published: false, page: { date: utc("2000-01-01T00:00:00") } })).toBe(false);
  });
});
