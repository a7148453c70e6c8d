// Reading aids: the contents from rendered headings, related posts by shared tags, series parts, "Updated",
// and the author box, as pure functions and on a real build of the visual fixture posts.
import { beforeAll, describe, expect, it } from "vitest";
import { relatedPosts, seriesParts, tableOfContents, updatedDate, type PostItem } from "../_config/readingAids.ts";
import { attributeOf, getAttributeValue, selectAll, selectOne, textContent } from "./helpers/html.ts";
import { buildFixtureSite, expectBuilt, readDocument, type BuiltSite } from "./helpers/site.ts";

const CODE_POST = "/notes/2024/03/02/code-and-figures.html";
const SHORT_NOTE = "/notes/2024/02/01/a-short-note.html";
const NO_TOC_POST = "/2024/05/01/no-contents-please.html";

function post(url: string, day: string, tags: string[], series?: string): PostItem {
  return { url, date: new Date(`${day}T00:00:00Z`), data: { title: url, jekyllTags: tags, series } };
}

describe("tableOfContents", () => {
  const heading = (level: number, id: string, text: string) =>
    `<h${level} id="${id}" tabindex="-1"><a class="header-anchor" href="#${id}">${text}</a></h${level}>`;

  it("lists h2s with their h3s, as plain text", () => {
    const html = [
      heading(2, "a", "One &amp; <em>two</em>"),
      heading(3, "a1", "Inner"),
      "<p>x</p>",
      heading(2, "b", "B"),
      heading(2, "c", "C"),
    ].join("");
    expect(tableOfContents(html)).toEqual([
      { id: "a", text: "One & two", children: [{ id: "a1", text: "Inner", children: [] }] },
      { id: "b", text: "B", children: [] },
      { id: "c", text: "C", children: [] },
    ]);
  });

  it("leaves out no_toc headings, and gives way to kramdown's own {:toc}", () => {
    const three = heading(2, "a", "A") + heading(2, "b", "B") + heading(2, "c", "C");
    expect(tableOfContents(three.replace('<h2 id="b"', '<h2 class="no_toc" id="b"'))).toEqual([]);
    expect(tableOfContents(`<ul id="markdown-toc"><li><a href="#a">A</a></li></ul>${three}`)).toEqual([]);
  });

  it("is empty below three h2s", () => {
    expect(tableOfContents(heading(2, "a", "A") + heading(2, "b", "B") + heading(3, "c", "C"))).toEqual([]);
  });
});

describe("relatedPosts and seriesParts", () => {
  const posts = [
    post("/a", "2024-01-01", ["gpu", "webgl"], "s"),
    post("/b", "2024-02-01", ["gpu"]),
    post("/c", "2024-03-01", ["gpu", "webgl"], "s"),
    post("/d", "2024-04-01", ["cooking"]),
    post("/e", "2024-05-01", ["webgl"], "s"),
    post("/f", "2023-05-01", ["gpu"]),
  ];

  it("ranks by shared tags, then the newer post, up to three, never the post itself", () => {
    expect(relatedPosts(posts, { url: "/a", tags: ["gpu", "webgl"] }).map((p) => p.url)).toEqual(["/c", "/e", "/b"]);
    expect(relatedPosts(posts, { url: "/d", tags: ["cooking"] })).toEqual([]);
  });

  it("gives a series' parts oldest first", () => {
    expect(seriesParts([...posts].reverse(), "s").map((p) => p.url)).toEqual(["/a", "/c", "/e"]);
  });

  it("reads last_modified_at as a Date or a date string, and ignores anything else", () => {
    expect(updatedDate("2024-03-20")?.toISOString()).toBe("2024-03-20T00:00:00.000Z");
    expect(updatedDate(new Date("2024-01-02T00:00:00Z"))?.toISOString()).toBe("2024-01-02T00:00:00.000Z");
    expect(updatedDate("soon")).toBeNull();
    expect(updatedDate(undefined)).toBeNull();
  });
});

describe("in the post layout", () => {
  let site: BuiltSite;
  beforeAll(async () => {
    const manyHeadings = ["One", "Two", "Three"].map((h) => `## ${h}\n\nText.\n`).join("\n");
    site = expectBuilt(
      await buildFixtureSite({
        posts: "test/fixtures/visual/posts",
        demos: "test/fixtures/visual/demos",
        files: {
          "posts/2024-05-01-no-contents-please.md": `---\ntitle: No contents please\ntoc: false\ntags: [GPU]\n---\n${manyHeadings}`,
        },
      }),
    );
  });

  it("shows the contents of a post with three or more h2s, each link to a heading on the page", () => {
    const page = readDocument(site, CODE_POST);
    const links = selectAll("nav.toc a", page).map((a) => getAttributeValue(a, "href")!);
    expect(links).toEqual(["#code", "#a-figure", "#a-wide-table", "#lists-and-quotes", "#a-smaller-heading"]);
    for (const link of links) expect(selectOne(`.post-content ${link}`, page), link).not.toBeNull();
    expect(selectOne("nav.toc", readDocument(site, SHORT_NOTE))).toBeNull();
    expect(selectOne("nav.toc", readDocument(site, NO_TOC_POST))).toBeNull();
  });

  it("shows a series box with the parts in order and this one marked", () => {
    const box = selectOne(".series-box", readDocument(site, CODE_POST))!;
    expect(textContent(selectOne("h2", box)!)).toBe("Series: Matrices on the web");
    expect(selectAll("li", box).map((li) => textContent(li).trim())).toEqual([
      "A short note on memory bandwidth",
      "Kernels, tables and a figure: a post that uses every block (this post)",
    ]);
    expect(textContent(selectOne("[aria-current]", box)!)).toBe(
      "Kernels, tables and a figure: a post that uses every block",
    );
    expect(getAttributeValue(selectOne(".series-box a", readDocument(site, SHORT_NOTE))!, "href")).toBe(CODE_POST);
    expect(selectOne(".series-box", readDocument(site, NO_TOC_POST))).toBeNull();
  });

  it("lists related posts by shared tags (here one each, so the newer first)", () => {
    const related = selectAll(".related-posts a", readDocument(site, CODE_POST)).map((a) =>
      getAttributeValue(a, "href"),
    );
    expect(related).toEqual([NO_TOC_POST, SHORT_NOTE]);
    expect(selectOne(".related-posts", readDocument(site, "/2023/05/01/a-small-demo.html"))).toBeNull();
  });

  it("says when a post was updated, and who wrote it", () => {
    const page = readDocument(site, CODE_POST);
    expect(attributeOf(selectOne(".post-meta time.dt-updated", page), "datetime")).toBe("2024-03-20T00:00:00Z");
    expect(selectOne(".dt-updated", readDocument(site, SHORT_NOTE))).toBeNull();
    expect(textContent(selectOne(".author-box", page)!)).toContain("Written by The GPU Notes author");
  });
});
