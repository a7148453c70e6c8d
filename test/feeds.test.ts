// jekyll-feed's Atom, built in: each entry's summary (the description or the excerpt), author, categories and
// tags, and <published>/<updated> as the real instant (the wall clock plus its offset), checked on a real
// build and against jekyll-feed's own feed.xml for the same posts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { JEKYLL_MISSING, jekyllInstalled } from "./helpers/jekyllSite.ts";
import { fixtureSite, seoFixtureByJekyll } from "./helpers/sharedSites.ts";
import { seoFixtureFiles } from "./helpers/seoFixture.ts";
import { expectBuilt, makeFixtureSite, readOutput, runBuild, type BuiltSite } from "./helpers/site.ts";
import { childText, elements, parseXml, type XmlElement } from "./helpers/xml.ts";

let site: BuiltSite;
let feed: XmlElement;
let limited: Promise<BuiltSite>;
beforeAll(async () => {
  // The posts_limit build shares nothing with the shared one: it runs meanwhile.
  const files = seoFixtureFiles();
  files["_config.yml"] += "feed:\n  posts_limit: 2\n";
  limited = runBuild(makeFixtureSite({ posts: "test/fixtures/seo/posts", files, searchIsland: false }));
  site = expectBuilt(await fixtureSite("seo"));
  feed = elements(parseXml(readOutput(site, "/feed.xml")), "feed")[0]!;
});

interface Entry {
  title: string;
  link: string;
  published: string;
  updated: string;
  summary: string;
  author: string;
  categories: string[];
  thumbnail: string | undefined;
}

const instant = (time: string) => new Date(time).toISOString();

function entries(root: XmlElement): Entry[] {
  return elements(root, "entry").map((entry) => ({
    title: childText(entry, "title"),
    link: entry.children.find((child) => child.name === "link")!.attributes.href!,
    published: instant(childText(entry, "published")),
    updated: instant(childText(entry, "updated")),
    summary: childText(entry, "summary"),
    author: childText(
      entry.children.find((child) => child.name === "author")!,
      "name",
    ),
    categories: elements(entry, "category").map((category) => category.attributes.term!),
    thumbnail: elements(entry, "media:thumbnail")[0]?.attributes.url,
  }));
}

describe("the Atom feed", () => {
  it("dates each entry at its real instant, not its wall clock read as UTC", () => {
    const byTitle = Object.fromEntries(entries(feed).map((entry) => [entry.title, entry]));
    // 2018-11-05 09:00 -0800 is 17:00 UTC; before, <updated> said 09:00 UTC, eight hours early.
    expect(byTitle["Fifth post"]).toMatchObject({
      published: "2018-11-05T17:00:00.000Z",
      updated: "2018-11-05T17:00:00.000Z",
    });
    expect(byTitle["Second post"]!.published).toBe("2018-11-02T18:00:00.000Z");
    // last_modified_at is the entry's <updated>.
    expect(byTitle["First post"]).toMatchObject({
      published: "2018-10-31T21:05:00.000Z",
      updated: "2019-01-02T09:00:00.000Z",
    });
  });

  it("gives the feed the latest entry's <updated>, so building again changes nothing", () => {
    expect(instant(childText(feed, "updated"))).toBe("2019-01-02T09:00:00.000Z");
  });

  it("lists newest first, with the summary, author, categories then tags, and image of each", () => {
    const list = entries(feed);
    expect(list.map((entry) => entry.title)).toEqual([
      "Fifth post",
      "Fourth post",
      "Third post",
      "Second post",
      "First post",
    ]);
    const [fifth, fourth, , second, first] = list;
    expect(first).toMatchObject({
      summary: "My own description",
      author: "Jane Doe",
      categories: ["stories", "GPU", "Deep Learning"],
    });
    expect(first!.thumbnail).toBe("https://ref.example.com/img/card.png");
    // The summary is HTML (type="html"): the excerpt's text, its `&` escaped once for HTML.
    expect(second).toMatchObject({
      summary: "The second excerpt &amp; more.",
      author: "Plain Name",
      categories: ["misc"],
    });
    expect(fourth).toMatchObject({ author: "Site Author", categories: ["hardware"] });
    expect(fifth!.thumbnail).toBeUndefined();
    expect(
      childText(
        feed.children.find((child) => child.name === "author")!,
        "name",
      ),
    ).toBe("Site Author");
  });

  it("honours jekyll-feed's `feed: { posts_limit }`", async () => {
    const built = expectBuilt(await limited);
    expect(entries(parseXml(readOutput(built, "/feed.xml"))).map((entry) => entry.title)).toEqual([
      "Fifth post",
      "Fourth post",
    ]);
  });
});

describe.skipIf(!jekyllInstalled)(
  `the same posts in jekyll-feed's feed.xml${jekyllInstalled ? "" : ` (skipped: ${JEKYLL_MISSING})`}`,
  () => {
    let reference: XmlElement;
    beforeAll(async () => {
      reference = elements(
        parseXml(readFileSync(path.join(await seoFixtureByJekyll(), "feed.xml"), "utf8")),
        "feed",
      )[0]!;
    });

    it("has the same entries: title, link, published, updated, summary, author, categories and image", () => {
      const theirs = entries(reference);
      // jekyll-redirect-from empties a `redirect_to` post's content, and so its excerpt: compare the others' summaries.
      const ours = entries(feed).map((entry, index) =>
        entry.title === "Third post" ? { ...entry, summary: theirs[index]!.summary } : entry,
      );
      expect(ours).toEqual(theirs);
    });

    it("has the same feed title, subtitle, author and links", () => {
      for (const name of ["title", "subtitle"]) expect(childText(feed, name)).toBe(childText(reference, name));
      const author = (root: XmlElement) => root.children.find((child) => child.name === "author")!;
      expect(childText(author(feed), "name")).toBe(childText(author(reference), "name"));
      expect(childText(author(feed), "email")).toBe(childText(author(reference), "email"));
      const links = (root: XmlElement) =>
        root.children
          .filter((child) => child.name === "link")
          .map((link) => [link.attributes.rel, link.attributes.href]);
      expect(links(feed)).toEqual(links(reference));
      expect(childText(feed, "id")).toBe(childText(reference, "id"));
    });
  },
);
