// Jekyll's own behaviour wherever posts rely on it (issue 11, item 2), in one real build of a small site whose
// `_config.yml` sets a timezone, a permalink template, an excerpt separator and front-matter defaults.
// Expected URLs are what Jekyll 4.3.1 builds from the same files (checked with `jekyll build`).
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { attributeOf, selectAll, selectOne, textContent, textOf } from "./helpers/html.ts";
import { buildFixtureSite, expectBuilt, readDocument, type BuiltSite } from "./helpers/site.ts";

const CONFIG = `title: Semantics
url: https://example.org
timezone: America/Los_Angeles
permalink: /blog/:categories/:year/:title/
excerpt_separator: "<!--cut-->"
defaults:
  - scope: { path: "_posts", type: posts }
    values: { comments: false, tags: [defaulted] }
`;

const post = (front: string, body = "Body text.") => `---\n${front}\n---\n${body}\n`;

const FILES: Record<string, string> = {
  "_config.yml": CONFIG,
  // Jekyll's other Markdown extensions and an HTML post, each rendered as Jekyll renders it.
  "posts/2019-01-02-old-extension.markdown": post("title: Markdown extension", "Some *emphasis*."),
  "posts/2019-01-03-short-extension.mkdn": post("title: Mkdn extension", "Some **strong** text."),
  "posts/2019-01-04-mkd-extension.mkd": post("title: Mkd extension", "A [link](https://example.org)."),
  "posts/2019-01-05-html-post.html": post(
    "title: HTML post",
    "<p>Raw {{ 1 | plus: 1 }} HTML, <em>not</em> *Markdown*.</p>",
  ),
  // A singular category keeps its space; the URL has it (%-encoded), the file has it as written.
  "posts/2019-02-01-singular.md": post("title: Singular\ncategory: Machine Learning"),
  // 2019-03-01 08:30 in Kolkata is still 28 February in Los Angeles.
  "posts/2019-03-01-zoned.md": post("title: Zoned\ndate: 2019-03-01 08:30:00 +0530"),
  // A zone-less date is Los Angeles time: its offset in the feed is -08:00.
  "posts/2019-03-02-local.md": post("title: Local\ndate: 2019-03-02 23:00"),
  // Dated by its file name only: midnight in Los Angeles (summer time in July).
  "posts/2019-07-04-file-dated.md": post("title: File dated"),
  // YAML 1.1: `yes` is true for Jekyll.
  "posts/2019-04-01-yes.md": post("title: Yes comments\ncomments: yes"),
  // A post's own template.
  "posts/2019-05-01-own.md": post("title: Own permalink\npermalink: /notes/:i_month-:i_day/:slug/\nslug: Custom Slug"),
  // Excerpts: the site separator, `<!-- cut -->` spaced, a front-matter excerpt, and a post without the separator.
  "posts/2019-06-01-cut.md": post("title: Cut", "Before the cut.\n\n<!--  cut  -->\n\nAfter the cut."),
  "posts/2019-06-02-given.md": post(
    'title: Given\nexcerpt: "A summary from front matter."',
    "First paragraph.\n\nSecond.",
  ),
  "posts/2019-06-03-whole.md": post("title: Whole", "One.\n\nTwo."),
};

let site: BuiltSite;
beforeAll(async () => {
  site = expectBuilt(await buildFixtureSite({ files: FILES }));
});

const exists = (file: string) => existsSync(path.join(site.output, file));

describe("Jekyll semantics in the build", () => {
  it("builds every post extension Jekyll reads", () => {
    expect(textOf(selectOne(".post-content em", readDocument(site, "/blog/2019/old-extension/")))).toBe("emphasis");
    expect(textOf(selectOne(".post-content strong", readDocument(site, "/blog/2019/short-extension/")))).toBe("strong");
    expect(attributeOf(selectOne(".post-content a", readDocument(site, "/blog/2019/mkd-extension/")), "href")).toBe(
      "https://example.org",
    );
    const html = selectOne(".post-content", readDocument(site, "/blog/2019/html-post/"))!;
    expect(textOf(selectOne("em", html))).toBe("not");
    expect(textContent(html)).toContain("Raw 2 HTML");
    expect(textContent(html)).toContain("*Markdown*");
  });

  it("fills the site's permalink template and a post's own", () => {
    expect(exists("blog/2019/old-extension/index.html")).toBe(true);
    expect(exists("notes/5-1/custom-slug/index.html")).toBe(true);
  });

  it("keeps a singular category whole", () => {
    expect(exists("blog/machine learning/2019/singular/index.html")).toBe(true);
    expect(
      selectOne('a[href="/blog/machine%20learning/2019/singular/"]', readDocument(site, "/archive/")),
    ).not.toBeNull();
  });

  it("reads dates in the site's timezone, as Jekyll does", () => {
    const zoned = readDocument(site, "/blog/2019/zoned/");
    expect(attributeOf(selectOne("time", zoned), "datetime")).toBe("2019-02-28T19:00:00-08:00");
    const local = readDocument(site, "/blog/2019/local/");
    expect(attributeOf(selectOne("time", local), "datetime")).toBe("2019-03-02T23:00:00-08:00");
    const fileDated = readDocument(site, "/blog/2019/file-dated/");
    expect(attributeOf(selectOne("time", fileDated), "datetime")).toBe("2019-07-04T00:00:00-07:00");
  });

  it("reads `comments: yes` as true", () => {
    expect(site.stderr).not.toContain("comments");
  });

  it("applies front-matter defaults under a post's own keys", () => {
    const tags = selectAll(".post-tags a", readDocument(site, "/blog/2019/cut/")).map((a) => textContent(a).trim());
    expect(tags).toEqual(["defaulted"]);
  });

  it("cuts excerpts where Jekyll does", () => {
    const home = readDocument(site, "/");
    const excerptOf = (title: string) => {
      const summary = selectAll(".post-summary", home).find((item) => textContent(item).includes(title));
      return textOf(summary && selectOne(".excerpt", summary))
        ?.replace(/\s+/g, " ")
        .trim();
    };
    expect(excerptOf("Cut")).toBe("Before the cut.");
    expect(excerptOf("Given")).toBe("A summary from front matter.");
    expect(excerptOf("Whole")).toBe("One. Two.");
  });
});
