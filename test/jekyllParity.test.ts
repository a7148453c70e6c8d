// The fixture Jekyll site (test/fixtures/jekyll-site) built twice: by Jekyll 4.3 itself and, after
// `npm run import:jekyll`, by this project. Every post and page must be at the URL Jekyll gives it, with the text
// Jekyll renders, and every Atom entry must say what jekyll-feed's says. Differences that remain on purpose are
// the KNOWN_DIFFERENCES below, each with its reason; any other difference fails.
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  atomEntries,
  buildWithJekyll,
  copyJekyllFixture,
  findOrInstallJekyll,
  JEKYLL_FIXTURE,
  normaliseWhitespace,
  runImportJekyll,
  visibleText,
} from "./helpers/jekyll.ts";
import {
  attributeOf,
  parseHtml,
  removeElement,
  selectOne,
  selectAll,
  textContent,
  type Document,
  type Element,
} from "./helpers/html.ts";
import { expectBuilt, fileForUrl, makeFixtureSite, runBuild, type BuiltSite } from "./helpers/site.ts";

const SITE_URL = "https://fixture.example";

/** Outputs of Jekyll's that this project does not make, by URL, and why. */
const NOT_MADE_HERE: Record<string, string> = {
  "/": "the theme's home page (index.html, `layout: home`) is not carried: this project's own home page lists the posts there",
  "/urls.json":
    "a Liquid template that is not Markdown or HTML (this test's list of Jekyll's URLs): only Markdown and HTML pages are rendered here, and the importer says so",
  "/assets/css/style.css": "Sass is not compiled here (the importer reports assets/css/style.scss and _sass/)",
  "/assets/css/style.css.map": "Sass is not compiled here",
};

/** Text that differs on purpose, removed from both sides before comparing, and why. */
const KNOWN_DIFFERENCES: Array<{
  reason: string;
  jekyll: (body: Element) => void;
  jekyllText?: (text: string) => string;
  ours: (body: Element) => void;
}> = [
  {
    reason:
      "math: kramdown leaves TeX in the page for MathJax to typeset in the browser (\\[…\\], \\(…\\)); this project renders MathML at build time (issue 11, item 4)",
    jekyll: () => {},
    jekyllText: (text) => text.replace(/\\\[[\s\S]*?\\\]|\\\([\s\S]*?\\\)/g, ""),
    ours: (body) => selectAll(".katex, math", body).forEach(removeElement),
  },
  {
    reason:
      "`{% highlight x linenos %}`: Rouge writes the line numbers as text in a table gutter; this project numbers the lines with CSS " +
      "(one `.line` per line) and captions a code block with its language",
    jekyll: (body) => selectAll("td.gutter", body).forEach(removeElement),
    ours: (body) => selectAll(".code-block-caption", body).forEach(removeElement),
  },
];

interface JekyllUrls {
  posts: Array<{ path: string; url: string; title: string }>;
  pages: Array<{ path: string; url: string; redirect: string | null }>;
}

/** The text of a body, known differences taken out. */
function jekyllText(body: Element | null): string {
  if (!body) return "";
  for (const difference of KNOWN_DIFFERENCES) difference.jekyll(body);
  return normaliseWhitespace(
    KNOWN_DIFFERENCES.reduce((text, difference) => difference.jekyllText?.(text) ?? text, textContent(body)),
  );
}

function ourText(body: Element | null): string {
  if (!body) return "";
  for (const difference of KNOWN_DIFFERENCES) difference.ours(body);
  return normaliseWhitespace(textContent(body));
}

/** Where a redirect page sends the reader, as an absolute URL. */
function redirectTarget(page: Document): string | null {
  const refresh = attributeOf(selectOne('meta[http-equiv="refresh"]', page), "content");
  const target = refresh ? /url=(.+)$/i.exec(refresh)?.[1] : undefined;
  return target ? new URL(target.trim(), SITE_URL).href : null;
}

const jekyll = findOrInstallJekyll();
if ("missing" in jekyll) {
  // The one allowed skip: said in the console and in the test report.
  console.warn(`test/jekyllParity.test.ts skipped: ${jekyll.missing}`);
  describe("Jekyll parity", () => it.skip(`skipped: ${jekyll.missing}`, () => {}));
}

describe.runIf("version" in jekyll)(
  `Jekyll parity: the fixture built by ${"version" in jekyll ? jekyll.version : "jekyll"} and by this project`,
  () => {
    let jekyllOutput: string;
    let ours: BuiltSite;
    let urls: JekyllUrls;
    const jekyllPage = (url: string): Document => parseHtml(readFileSync(fileForUrl(jekyllOutput, url), "utf8"));
    const ourPage = (url: string): Document | null => {
      const file = fileForUrl(ours.output, url);
      return existsSync(file) ? parseHtml(readFileSync(file, "utf8")) : null;
    };

    beforeAll(async () => {
      jekyllOutput = mkdtempSync(path.join(tmpdir(), "jekyll-out-"));
      const built = buildWithJekyll(copyJekyllFixture(), jekyllOutput);
      if (built.status !== 0) throw new Error(`jekyll build failed:\n${built.stdout}\n${built.stderr}`);
      urls = JSON.parse(readFileSync(path.join(jekyllOutput, "urls.json"), "utf8")) as JekyllUrls;
      const project = makeFixtureSite({});
      const imported = runImportJekyll(project, [JEKYLL_FIXTURE, "--force"]);
      if (imported.status !== 0) throw new Error(`import failed:\n${imported.stdout}\n${imported.stderr}`);
      ours = await runBuild(project);
    });

    it("Jekyll built every post and page of the fixture (the comparisons below cover them all)", () => {
      expect(urls.posts.map((post) => post.path).sort()).toEqual(
        [
          "2019-03-01-hello-markdown.markdown",
          "2019-05-05-Kramdown-Tour.md",
          "2020-01-15-liquid-things.mkdn",
          "2020-02-29-leap-day.mkd",
          "2021-07-04-an-html-post.html",
          "2021-12-31-year-end.md",
        ].map((name) => `_posts/${name}`),
      );
      expect(urls.pages.length).toBeGreaterThanOrEqual(10);
    });

    it("this project builds the imported fixture", () => {
      expectBuilt(ours);
    });

    it("every post is at Jekyll's URL, with Jekyll's title", () => {
      const differences = urls.posts.flatMap(({ path: source, url, title }) => {
        const page = ourPage(url);
        if (!page) return [`${source}: nothing at Jekyll's URL ${decodeURI(url)}`];
        const ourTitle = visibleText(selectOne("article h1", page));
        return ourTitle === title ? [] : [`${source} at ${decodeURI(url)}: title "${ourTitle}", Jekyll "${title}"`];
      });
      expect(differences).toEqual([]);
    });

    it("every post body has Jekyll's text", () => {
      const differences = urls.posts.flatMap(({ path: source, url }) => {
        const expected = jekyllText(selectOne(".post-body", jekyllPage(url)));
        const page = ourPage(url);
        const actual = ourText(page && selectOne(".post-content", page));
        return actual === expected ? [] : [`${source}:\n  Jekyll: ${expected}\n  ours:   ${actual}`];
      });
      expect(differences).toEqual([]);
    });

    it("every page is at Jekyll's URL, redirect pages sending readers where Jekyll's do", () => {
      const differences = urls.pages.flatMap(({ path: source, url, redirect }) => {
        if (url in NOT_MADE_HERE) return [];
        const page = ourPage(url);
        if (!existsSync(fileForUrl(ours.output, url))) return [`${source}: nothing at Jekyll's URL ${url}`];
        if (!redirect) return [];
        const target = page ? redirectTarget(page) : null;
        const expected = new URL(redirect, SITE_URL).href;
        return target === expected ? [] : [`${source} at ${url}: redirects to ${target}, Jekyll to ${expected}`];
      });
      expect(differences).toEqual([]);
    });

    it("every page body has Jekyll's text", () => {
      const differences = urls.pages.flatMap(({ path: source, url, redirect }) => {
        if (url in NOT_MADE_HERE || redirect || !/(\/|\.html)$/.test(url)) return [];
        const expected = jekyllText(selectOne(".page-body", jekyllPage(url)));
        const page = ourPage(url);
        const article = page && selectOne("article.page", page);
        const title = article && selectOne("h1", article);
        if (title) removeElement(title);
        const actual = ourText(article);
        return actual === expected ? [] : [`${source}:\n  Jekyll: ${expected}\n  ours:   ${actual}`];
      });
      expect(differences).toEqual([]);
    });

    it("every Atom entry has jekyll-feed's link, summary, author, categories and updated instant", () => {
      const theirs = atomEntries(readFileSync(path.join(jekyllOutput, "feed.xml"), "utf8"));
      const mine = atomEntries(
        existsSync(path.join(ours.output, "feed.xml")) ? readFileSync(path.join(ours.output, "feed.xml"), "utf8") : "",
      );
      expect(mine.map((entry) => entry.link)).toEqual(theirs.map((entry) => entry.link));
      for (const entry of theirs)
        expect(
          mine.find((candidate) => candidate.link === entry.link),
          entry.link,
        ).toEqual(entry);
    });
  },
);
