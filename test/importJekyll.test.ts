// `npm run import:jekyll`: the fixture Jekyll site (test/fixtures/jekyll-site) imported into a temporary copy of the
// project, then built; every page is checked at the URL Jekyll 4.3 gives it and with the text Jekyll renders
// (the expected values are Jekyll's own output for the fixture: test/jekyllParity.test.ts checks them against it).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { format } from "node:util";
import { isTag, type AnyNode } from "domhandler";
import { removeElement } from "domutils";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { runImportJekyll as importJekyll } from "../cli/importJekyll.ts";
import { jekyllPageUrl, outputFileForUrl } from "../_config/jekyllPageUrl.ts";
import {
  getAttributeValue,
  hasClass,
  selectAll,
  selectOne,
  textContent,
  type Document,
  type Element,
} from "./helpers/html.ts";
import {
  JEKYLL_FIXTURE,
  atomEntries,
  copyJekyllFixture,
  fileHashes,
  normaliseWhitespace,
  runImportJekyll as runImportProcess,
  type CommandRun,
} from "./helpers/jekyll.ts";
import {
  expectBuilt,
  fileForUrl,
  makeFixtureSite,
  readDocument,
  readOutput,
  runBuild,
  type BuiltSite,
} from "./helpers/site.ts";

/** A fresh copy of the project (templates, config, pages; no posts; no search island, which no test here reads). */
const projectCopy = (): string => makeFixtureSite({ socialCards: true, searchIsland: false });

/**
 * The command's own runImportJekyll, called in this process with what it prints captured: the same code as
 * `npm run import:jekyll` without a second of process start-up a call. Two tests run the real process.
 */
function runImportJekyll(project: string, args: string[]): CommandRun {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi
    .spyOn(console, "log")
    .mockImplementation((...parts: unknown[]) => void stdout.push(`${format(...parts)}\n`));
  const error = vi
    .spyOn(console, "error")
    .mockImplementation((...parts: unknown[]) => void stderr.push(`${format(...parts)}\n`));
  try {
    return { status: importJekyll(args, project), stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** The text a reader sees, whitespace collapsed. */
const visibleText = (node: AnyNode | null | undefined): string => normaliseWhitespace(node ? textContent(node) : "");

function closest(element: Element, name: string): Element | null {
  for (let node = element.parent; node; node = node.parent) if (isTag(node) && node.name === name) return node;
  return null;
}

/** Everything the fixture carries, by project path (the import copies bytes as they are). */
const CARRIED: Record<string, string> = {
  "_config.yml": "_config.yml",
  "posts/2019-03-01-hello-markdown.markdown": "_posts/2019-03-01-hello-markdown.markdown",
  "posts/2019-05-05-Kramdown-Tour.md": "_posts/2019-05-05-Kramdown-Tour.md",
  "posts/2020-01-15-liquid-things.mkdn": "_posts/2020-01-15-liquid-things.mkdn",
  "posts/2020-02-29-leap-day.mkd": "_posts/2020-02-29-leap-day.mkd",
  "posts/2021-07-04-an-html-post.html": "_posts/2021-07-04-an-html-post.html",
  "posts/2021-12-31-year-end.md": "_posts/2021-12-31-year-end.md",
  "drafts/unfinished-thoughts.md": "_drafts/unfinished-thoughts.md",
  "_includes/note.html": "_includes/note.html",
  "_includes/byline.html": "_includes/byline.html",
  "_data/authors.yml": "_data/authors.yml",
  "_data/releases.csv": "_data/releases.csv",
  "_data/nav.json": "_data/nav.json",
  "pages/docs/guide.md": "docs/guide.md",
  "pages/docs/guide-steps.txt": "docs/guide-steps.txt",
  "pages/projects/index.md": "projects/index.md",
  "pages/contact.html": "contact.html",
  "pages/reading-list.md": "reading-list.md",
  "pages/moved.md": "moved.md",
  "static/CNAME": "CNAME",
  "static/favicon.ico": "favicon.ico",
  "static/assets/img/diagram.svg": "assets/img/diagram.svg",
  "static/assets/img/ada.svg": "assets/img/ada.svg",
  "static/assets/js/app.js": "assets/js/app.js",
  "static/docs/guide-steps.txt": "docs/guide-steps.txt",
};

/** What the fixture has that the import leaves behind, each with the reason the report must give. */
const LEFT_BEHIND: Array<[string, RegExp]> = [
  ["_layouts/ (default.html, page.html, post.html)", /theme layouts/],
  ["_plugins/ (1 file)", /Ruby plugins do not run here/],
  ["_sass/ (1 file)", /Sass is not compiled/],
  ["assets/css/style.scss", /Sass with front matter/],
  ["index.html", /theme's home page \(`layout: home`\)/],
  ["urls.json", /Liquid template of a kind this project does not render/],
  ["_config.yml: sass", /Sass is not compiled/],
  ["_config.yml: markdown", /markdown-it/],
  ["_config.yml: kramdown", /markdown-it/],
];

describe("jekyllPageUrl: Jekyll's URL for a page without permalink:", () => {
  // Page#template and Utils.add_permalink_suffix, Jekyll 4.3.1; `jekyll build` gives these for the same files.
  it.each([
    ["about.md", "date", "/about.html"],
    ["about.markdown", "none", "/about.html"],
    ["docs/guide.md", "ordinal", "/docs/guide.html"],
    ["docs/guide.md", "pretty", "/docs/guide/"],
    ["docs/guide.md", "/blog/:year/:title/", "/docs/guide/"],
    ["docs/guide.md", "/:categories/:title:output_ext", "/docs/guide.html"],
    ["docs/guide.md", "/:year/:title", "/docs/guide"],
    ["docs/guide.md", "weekdate", "/docs/guide"],
    ["index.md", "date", "/"],
    ["docs/index.html", "pretty", "/docs/"],
    ["contact.html", "pretty", "/contact/"],
  ])("%s with permalink: %s → %s", (file, sitePermalink, url) => {
    expect(jekyllPageUrl({ path: file, sitePermalink })).toBe(url);
  });

  it("an extensionless URL is written as .html, a folder URL as index.html (Page#destination)", () => {
    expect([outputFileForUrl("/docs/guide"), outputFileForUrl("/docs/"), outputFileForUrl("/feed.xml")]).toEqual([
      "/docs/guide.html",
      "/docs/index.html",
      "/feed.xml",
    ]);
  });
});

describe("npm run import:jekyll: arguments and bad input", () => {
  let project: string;
  let before: Map<string, string>;
  beforeAll(() => {
    project = projectCopy();
    before = fileHashes(project);
  });
  const expectNothingWritten = (): void => expect(fileHashes(project)).toEqual(before);

  it("rejects an unknown option, naming it, with the usage", () => {
    // The real process: its exit status and its error stream.
    const run = runImportProcess(project, [JEKYLL_FIXTURE, "--forse"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--forse/);
    expect(run.stderr).toMatch(/usage: npm run import:jekyll -- <path to a Jekyll site> \[--force\] \[--dry-run\]/);
    expectNothingWritten();
  });

  it("needs exactly one site folder", () => {
    for (const args of [[], [JEKYLL_FIXTURE, JEKYLL_FIXTURE]]) {
      const run = runImportJekyll(project, args);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/give exactly one Jekyll site folder/);
    }
    expectNothingWritten();
  });

  it("says what is wrong with a folder that is not a Jekyll site", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "not-jekyll-"));
    const missing = path.join(empty, "nowhere");
    const cases: Array<[string, RegExp]> = [
      [empty, /is not a Jekyll site: it has neither _config.yml nor _posts\//],
      [missing, /does not exist: give the folder of a Jekyll site/],
      [path.join(JEKYLL_FIXTURE, "CNAME"), /is not a folder/],
      [project, /is this project itself/],
    ];
    for (const [source, message] of cases) {
      const run = runImportJekyll(project, [source]);
      expect(run.status, source).toBe(1);
      expect(run.stderr, source).toMatch(message);
    }
    expectNothingWritten();
  });

  it("names the file and line of a broken _config.yml, and a file it cannot read", () => {
    const broken = copyJekyllFixture();
    writeFileSync(path.join(broken, "_config.yml"), "title: Fine\nauthor: [unclosed\n");
    const yaml = runImportJekyll(project, [broken, "--force"]);
    expect(yaml.status).toBe(1);
    expect(yaml.stderr).toMatch(/_config\.yml:\d+: YAML syntax error/);

    const unreadable = copyJekyllFixture();
    // A folder where a file should be cannot be read even by root (EISDIR), unlike a chmod.
    rmSync(path.join(unreadable, "_config.yml"));
    mkdirSync(path.join(unreadable, "_config.yml"));
    const config = runImportJekyll(project, [unreadable, "--force"]);
    expect(config.status).toBe(1);
    expect(config.stderr).toMatch(/_config\.yml: cannot be read \(EISDIR\).*Nothing was written/);
    expect(fileHashes(project).get("_config.yml")).toBe(before.get("_config.yml"));
  });
});

describe("npm run import:jekyll: writing, conflicts, --force, --dry-run and running twice", () => {
  let project: string;
  let before: Map<string, string>;
  beforeAll(() => {
    project = projectCopy();
    before = fileHashes(project);
  });

  it("lists every conflict with a project file, writes nothing and exits 1", () => {
    const run = runImportJekyll(project, [JEKYLL_FIXTURE]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Conflicts \(1\): project files the import would replace:\n {2}_config\.yml differs/);
    expect(run.stdout).toMatch(/Nothing was written\. Rerun with --force/);
    expect(fileHashes(project)).toEqual(before);
  });

  it("--dry-run reports the same and writes nothing, even with --force", () => {
    const run = runImportJekyll(project, [JEKYLL_FIXTURE, "--dry-run", "--force"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: would import/);
    expect(run.stdout).toMatch(/Nothing written \(dry run\): 25 file\(s\) to write, 0 already identical\./);
    expect(fileHashes(project)).toEqual(before);
  });

  it("--force carries every kind of file byte for byte and reports what it left behind, with the reason", () => {
    const run = runImportJekyll(project, [JEKYLL_FIXTURE, "--force"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const counts = [
      ["1", "_config.yml → _config.yml"],
      ["6", "posts: _posts/ → posts/"],
      ["1", "drafts: _drafts/ → drafts/"],
      ["2", "includes: _includes/ → _includes/"],
      ["3", "data files: _data/ → _data/"],
      ["5", "pages → pages/"],
      ["1", "files for include_relative"],
      ["6", "static files → static/"],
    ];
    for (const [count, label] of counts) expect(run.stdout).toContain(`${count!.padStart(4)}  ${label}`);
    for (const [what, reason] of LEFT_BEHIND)
      expect(run.stdout).toMatch(
        new RegExp(`\\n {2}${what.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*${reason.source}`),
      );
    expect(run.stdout).toMatch(/Wrote 25 file\(s\); 0 already identical\./);
    for (const [target, source] of Object.entries(CARRIED)) {
      expect(readFileSync(path.join(project, target)), target).toEqual(readFileSync(path.join(JEKYLL_FIXTURE, source)));
    }
    // Excluded (README.md by the site's `exclude:`), left behind, or Jekyll's own: none of it arrives anywhere.
    for (const absent of [
      "static/README.md",
      "pages/README.md",
      "pages/index.html",
      "pages/urls.json",
      "static/urls.json",
      "static/assets/css/style.scss",
      "_layouts",
      "_plugins",
      "_sass",
      "static/_config.yml",
    ]) {
      expect(existsSync(path.join(project, absent)), absent).toBe(false);
    }
    // The project's own files other than _config.yml are as they were.
    const after = fileHashes(project);
    for (const [file, hash] of before) if (file !== "_config.yml") expect(after.get(file), file).toBe(hash);
  });

  it("a second run changes nothing: identical files are not conflicts", () => {
    const before = fileHashes(project);
    const run = runImportJekyll(project, [JEKYLL_FIXTURE]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/Conflicts/);
    expect(run.stdout).toMatch(/Wrote 0 file\(s\); 25 already identical\./);
    expect(fileHashes(project)).toEqual(before);
  });

  it("a carried file edited since is a conflict again; --force puts the imported one back", () => {
    const post = path.join(project, "posts/2021-12-31-year-end.md");
    writeFileSync(post, `${readFileSync(post, "utf8")}\nAn edit made after the import.\n`);
    const edited = fileHashes(project);
    const run = runImportJekyll(project, [JEKYLL_FIXTURE]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /Conflicts \(1\)[^\n]*\n {2}posts\/2021-12-31-year-end\.md differs from the site's _posts\/2021-12-31-year-end\.md/,
    );
    expect(fileHashes(project)).toEqual(edited);
    expect(runImportJekyll(project, [JEKYLL_FIXTURE, "--force"]).status).toBe(0);
    expect(readFileSync(post)).toEqual(readFileSync(path.join(JEKYLL_FIXTURE, "_posts/2021-12-31-year-end.md")));
  });
});

describe("npm run import:jekyll: a page at a project page's URL, themes and plugins", () => {
  it("a page at the URL of one of the project's pages is a conflict; --force replaces the project's page", () => {
    const project = projectCopy();
    const site = copyJekyllFixture();
    // `jekyll new` writes about.markdown with `permalink: /about/`, where this project has pages/about.md.
    writeFileSync(
      path.join(site, "about.markdown"),
      "---\nlayout: page\ntitle: About\npermalink: /about/\n---\nAbout this blog.\n",
    );
    cpSync(path.join(project, "_config.yml"), path.join(site, "_config.yml")); // only the page conflicts
    const before = fileHashes(project);
    const run = runImportJekyll(project, [site]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      / {2}pages\/about\.md is published at \/about\/, where about\.markdown goes \(pages\/about\.markdown\)/,
    );
    expect(fileHashes(project)).toEqual(before);
    const forced = runImportJekyll(project, [site, "--force"]);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/Removed pages\/about\.md: an imported page now has its URL\./);
    expect(existsSync(path.join(project, "pages/about.md"))).toBe(false);
    expect(readFileSync(path.join(project, "pages/about.markdown"), "utf8")).toMatch(/About this blog\./);
    expect(runImportJekyll(project, [site]).status).toBe(0);
  });

  it("reports a theme and every plugin it does not build in, from plugins: and the Gemfile", () => {
    const project = projectCopy();
    const site = copyJekyllFixture();
    const config = readFileSync(path.join(site, "_config.yml"), "utf8").replace(
      "  - jekyll-redirect-from\n",
      "  - jekyll-redirect-from\n  - jekyll-archives\n",
    );
    writeFileSync(path.join(site, "_config.yml"), `${config}theme: minima\n`);
    writeFileSync(
      path.join(site, "Gemfile"),
      'source "https://rubygems.org"\ngem "jekyll", "~> 4.3"\ngem "minima", "~> 2.5"\ngroup :jekyll_plugins do\n  gem "jekyll-feed"\n  gem "jekyll-gist"\n  gem "jemoji"\nend\n',
    );
    mkdirSync(path.join(site, "ideas/_posts"), { recursive: true });
    writeFileSync(
      path.join(site, "ideas/_posts/2020-01-01-idea.md"),
      "---\ntitle: An idea\n---\nPosted in the ideas category.\n",
    );
    symlinkSync(path.join(site, "CNAME"), path.join(site, "assets/CNAME-link"));
    const run = runImportJekyll(project, [site, "--dry-run", "--force"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /\n {2}ideas\/_posts\/: posts in a category folder: move them to _posts\/ at the top with `categories: ideas`/,
    );
    expect(run.stdout).toMatch(/\n {2}assets\/CNAME-link: a symbolic link/);
    expect(run.stdout).toMatch(/\n {2}_config\.yml: theme: themes are not used/);
    for (const plugin of ["jekyll-archives", "jekyll-gist", "jemoji"])
      expect(run.stdout).toMatch(new RegExp(`\\n {2}plugin ${plugin}: a plugin this project does not build in`));
    for (const builtIn of ["jekyll-feed", "jekyll-seo-tag", "jekyll-redirect-from", "minima", "jekyll:"])
      expect(run.stdout).not.toMatch(new RegExp(`plugin ${builtIn}`));
    // The Gemfile is Jekyll's tooling (its default `exclude:`), not a static file.
    expect(run.stdout).toMatch(/ {4}6 {2}static files/);
  });
});

describe("the imported fixture builds as Jekyll builds it", () => {
  let site: BuiltSite;
  let page: (url: string) => Document;
  beforeAll(async () => {
    const project = projectCopy();
    // The real process, as a blogger runs it, then the real build.
    const run = runImportProcess(project, [JEKYLL_FIXTURE, "--force"]);
    if (run.status !== 0) throw new Error(`import failed:\n${run.stdout}\n${run.stderr}`);
    site = await runBuild(project);
    page = (url) => readDocument(site, url);
  });

  it("builds", () => {
    expectBuilt(site);
  });

  /** Post URLs, titles, dates (in the site's timezone, America/Los_Angeles) and body text, as Jekyll 4.3.1 renders them. */
  const POSTS = [
    {
      url: "/blog/release/notes/2021/12/31/year-end/",
      title: "Year End",
      date: "2021-12-31T00:00:00-08:00",
      text: "The last post of 2021 has two categories, written as one space-separated string. Everything after the marker is left out of the excerpt.",
    },
    {
      url: "/blog/web/html/2021/07/04/an-html-post/",
      title: "An HTML Post",
      date: "2021-07-04T00:00:00-07:00",
      text: "This post is written in HTML, which Jekyll passes through as it is. The second paragraph is after the separator.",
    },
    {
      url: "/blog/notes/2020/02/29/leap-day/",
      title: "Leap Day",
      date: "2020-02-29T00:00:00-08:00",
      text: "Once every four years there is a twenty-ninth of February. This post names its own separator, with spaces, and its front matter gives the excerpt outright.",
    },
    {
      url: "/notes/20/01/14/liquid-things-163000.html",
      title: "Liquid Things",
      date: "2020-01-14T16:30:00-08:00",
      text:
        "Remember the units. By Ada Example, for readers. Posts on this site: 6. The newest is “Year End”. A markdownified sentence. " +
        "Releases: 1.0 (First light), 1.1 (Quick fix), 2.0 (Second wind). relative_url: /assets/js/app.js absolute_url: https://fixture.example/contact/ " +
        "slugify: hello-world date_to_xmlschema: 2020-01-14T16:30:00-08:00 date_to_rfc822: Tue, 14 Jan 2020 16:30:00 -0800 date_to_string: 14 Jan 2020 " +
        "date_to_long_string: 14 January 2020 xml_escape: <a & b> cgi_escape: a+b%26c%3Dd uri_escape: /a%20b/c number_of_words: 4 " +
        'array_to_sentence_string: red, green, and blue jsonify: ["Guide","Contact"] normalize_whitespace: [a b c] where: 1.0 2.0 where_exp: 2.0 ' +
        "group_by: yes=2 no=1 group_by_exp: 1:2 2:1 sort: 1.0 1.1 2.0 smartify: He said “hi” – twice…",
    },
    {
      url: "/tour/2019/5/5/Kramdown-Tour.html",
      title: "A Kramdown Tour",
      date: "2019-05-05T00:00:00-07:00",
      text: null,
    },
    {
      url: "/blog/machine learning/2019/02/28/hello-markdown/",
      title: "Hello, Markdown",
      date: "2019-02-28T17:30:00-08:00",
      text:
        "This is Hello, Markdown, written as a .markdown file, the extension jekyll new used for years. Its date is 01:30 UTC on the first of March, " +
        "which is still the 28th of February in Los Angeles, the site’s timezone, so Jekyll files it under that day. Comments are open on this post.",
    },
  ];

  it.each(POSTS)("post $url: its title, date and text", ({ url, title, date, text }) => {
    const html = page(url);
    expect(visibleText(selectOne("article h1", html))).toBe(title);
    expect(getAttributeValue(selectOne("time.dt-published", html)!, "datetime")).toBe(date);
    if (text) expect(visibleText(selectOne(".post-content", html))).toBe(text);
  });

  it("kramdown's features render as kramdown renders them (the Kramdown Tour post)", () => {
    const body = selectOne(".post-content", page("/tour/2019/5/5/Kramdown-Tour.html"))!;
    // {:toc}: a list of links to every heading.
    const toc = selectAll("ul a", body).map((a) => [getAttributeValue(a, "href"), visibleText(a)]);
    expect(toc.slice(0, 6)).toEqual([
      ["#footnotes-and-abbreviations", "Footnotes and abbreviations"],
      ["#definitions", "Definitions"],
      ["#attributes", "Attributes"],
      ["#quotes-and-dashes", "Quotes and dashes"],
      ["#math", "Math"],
      ["#code", "Code"],
    ]);
    for (const [id] of toc.slice(0, 6)) expect(selectOne(id!, body)).not.toBeNull();
    // Footnotes: a numbered reference to a note at the end, and back.
    const ref = selectOne("sup a", body)!;
    expect(visibleText(ref)).toBe("1");
    // kramdown's ids hold a colon (`fn:threads`): find them by attribute, not as a CSS #id.
    const note = selectOne(`[id="${getAttributeValue(ref, "href")!.slice(1)}"]`, body)!;
    expect(visibleText(note)).toMatch(/^Thousands of them, grouped in warps\./);
    // Abbreviations, definition lists, block and span attributes.
    expect(visibleText(selectOne('abbr[title="Central Processing Unit"]', body))).toBe("CPU");
    expect(selectAll("dl dt", body).map(visibleText)).toEqual(["Latency", "Throughput"]);
    expect(selectAll("dl dd", body).map(visibleText)).toEqual([
      "How long one operation takes.",
      "How many operations finish per second.",
    ]);
    expect(visibleText(selectOne("p.lead", body))).toBe("A paragraph with a class.");
    expect(visibleText(selectOne("em.marked", body))).toBe("emphasis");
    expect(visibleText(body)).not.toMatch(/\{:/);
    // Smart quotes and dashes, as kramdown makes them.
    expect(visibleText(body)).toContain(
      "“Double quotes”, ‘single quotes’, an en dash – and an em dash — and an ellipsis…",
    );
    // Math rendered at build time (MathML): no `$$` left, no script.
    expect(selectAll("math", body).length).toBe(2);
    expect(visibleText(body)).not.toContain("$$");
    expect(selectAll("script", body).length).toBe(0);
    // {% highlight python linenos %}: the code, with its line numbers 1 and 2.
    const code = selectAll("pre", body).find((pre) => textContent(pre).includes("def square"))!;
    // Line numbers as text (Rouge's gutter), or one numbered `.line` per line (drawn by CSS counters).
    const gutter = selectAll(
      ".gutter, .lineno, .line-number",
      closest(code, "table") ?? closest(code, "figure") ?? code.parent!,
    )
      .map(visibleText)
      .join(" ");
    const numberedLines = hasClass(code, "line-numbers") ? selectAll(".line", code).length : 0;
    expect(
      gutter === "1 2" || numberedLines === 2,
      `line numbers: gutter "${gutter}", numbered lines ${numberedLines}`,
    ).toBe(true);
  });

  it("jekyll-seo-tag: image, an author from _data/authors.yml, and last_modified_at", () => {
    const html = page("/tour/2019/5/5/Kramdown-Tour.html");
    const content = (selector: string) => getAttributeValue(selectOne(selector, html)!, "content");
    expect(content('meta[property="og:image"]')).toBe("https://fixture.example/assets/img/diagram.svg");
    expect(content('meta[name="twitter:card"]')).toBe("summary_large_image");
    expect(content('meta[name="description"]')).toBe("Every kramdown feature a post here relies on.");
    const posting = selectAll('script[type="application/ld+json"]', html)
      .map(
        (script) =>
          JSON.parse(textContent(script)) as { "@type"?: string; dateModified?: string; author?: { name?: string } },
      )
      .find((data) => data["@type"] === "BlogPosting")!;
    expect(Date.parse(posting.dateModified!)).toBe(Date.parse("2019-06-01T17:00:00Z"));
    expect(posting.author?.name).toBe("Ada Example");
    const sitemap = readOutput(site, "/sitemap.xml");
    expect(sitemap).toMatch(
      /<loc>https:\/\/fixture\.example\/tour\/2019\/5\/5\/Kramdown-Tour\.html<\/loc>\s*<lastmod>2019-06-01/,
    );
  });

  it("jekyll-redirect-from: redirect_from writes a redirect page and a _redirects line; redirect_to redirects a page", () => {
    const target = "/tour/2019/5/5/Kramdown-Tour.html";
    const redirect = page("/old/kramdown-tour/");
    expect(getAttributeValue(selectOne('meta[http-equiv="refresh"]', redirect)!, "content")).toMatch(
      new RegExp(`^0; ?url=(https://fixture\\.example)?${target}$`),
    );
    expect(getAttributeValue(selectOne('link[rel="canonical"]', redirect)!, "href")).toMatch(new RegExp(`${target}$`));
    expect(selectAll("a", redirect).some((a) => getAttributeValue(a, "href")?.endsWith(target))).toBe(true);
    expect(readOutput(site, "/_redirects")).toMatch(
      new RegExp(`^/old/kramdown-tour/ +(https://fixture\\.example)?${target.replace(/\./g, "\\.")} +301$`, "m"),
    );
    const moved = page("/moved/");
    expect(getAttributeValue(selectOne('meta[http-equiv="refresh"]', moved)!, "content")).toMatch(
      /^0; ?url=(https:\/\/fixture\.example)?\/reading-list\/$/,
    );
  });

  it("jekyll-feed: every post with its summary (excerpt), author, categories and the instant it was updated", () => {
    const feed = readOutput(site, "/feed.xml");
    const entries = atomEntries(feed);
    const expected = [
      [
        "/blog/release/notes/2021/12/31/year-end/",
        "2021-12-31T08:00:00Z",
        "The last post of 2021 has two categories, written as one space-separated string.",
        ["release", "notes"],
      ],
      [
        "/blog/web/html/2021/07/04/an-html-post/",
        "2021-07-04T07:00:00Z",
        "This post is written in HTML, which Jekyll passes through as it is.",
        ["web", "html"],
      ],
      [
        "/blog/notes/2020/02/29/leap-day/",
        "2020-02-29T08:00:00Z",
        "A hand-written excerpt, from the front matter.",
        ["notes"],
      ],
      ["/notes/20/01/14/liquid-things-163000.html", "2020-01-15T00:30:00Z", null, ["notes", "liquid"]],
      [
        "/tour/2019/5/5/Kramdown-Tour.html",
        "2019-06-01T17:00:00Z",
        "Every kramdown feature a post here relies on.",
        ["writing"],
      ],
      [
        "/blog/machine learning/2019/02/28/hello-markdown/",
        "2019-03-01T01:30:00Z",
        "This is Hello, Markdown, written as a .markdown file, the extension jekyll new used for years.",
        ["Machine Learning", "intro", "first steps"],
      ],
    ] as const;
    expect(entries.map((entry) => entry.link)).toEqual(expected.map(([url]) => `https://fixture.example${url}`));
    for (const [url, updated, summary, categories] of expected) {
      const entry = entries.find((candidate) => candidate.link.endsWith(url))!;
      expect(entry.updated, url).toBe(Date.parse(updated));
      if (summary) expect(entry.summary, url).toBe(summary);
      expect(entry.author, url).toBe("Ada Example");
      expect(entry.categories, url).toEqual(categories);
    }
  });

  it("pages keep Jekyll's URLs (a page without permalink: gets /:path/:basename/ under a site permalink ending in /) and text", () => {
    const pages: Array<[string, string, string]> = [
      [
        "/docs/guide/",
        "The Guide",
        "This is The Guide, a page without a permalink:: Jekyll publishes it at /docs/guide/. Read the post. Run the demo. Maintained by Ada Example.",
      ],
      ["/projects/", "Projects", "An index page: Jekyll publishes it at its folder’s URL."],
      ["/contact/", "Contact", "Write to ada@fixture.example."],
      [
        "/reading-list/",
        "Reading List",
        "Every post, newest first: Year End (2021-12-31) An HTML Post (2021-07-04) Leap Day (2020-02-29) Liquid Things (2020-01-14) " +
          "A Kramdown Tour (2019-05-05) Hello, Markdown (2019-02-28) Releases marked stable: First light, Second wind.",
      ],
    ];
    for (const [url, title, text] of pages) {
      const article = selectOne("article.page", page(url))!;
      expect(visibleText(selectOne("h1", article)), url).toBe(title);
      removeElement(selectOne("h1", article)!);
      expect(visibleText(article), url).toBe(text);
    }
    // site.posts links resolve to the posts themselves.
    const links = selectAll(".reading-list a", page("/reading-list/")).map((a) =>
      decodeURI(getAttributeValue(a, "href")!),
    );
    expect(links).toEqual(POSTS.map((post) => post.url));
  });

  it("the home pages list every post, newest first, with its excerpt, `paginate: 5` a page", () => {
    const homes = ["/", "/page2/"].map(page);
    const hrefs = homes.map((home) =>
      selectAll("article a, li a, h2 a", home).map((a) => decodeURI(getAttributeValue(a, "href") ?? "")),
    );
    const listed = (index: number): string[] =>
      POSTS.map((post) => post.url).filter((url) => hrefs[index]!.includes(url));
    expect(listed(0)).toEqual(POSTS.slice(0, 5).map((post) => post.url));
    expect(listed(1)).toEqual(POSTS.slice(5).map((post) => post.url));
    const order = POSTS.slice(0, 5).map((post) => hrefs[0]!.indexOf(post.url));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(visibleText(homes[0])).toContain("The last post of 2021 has two categories");
    expect(visibleText(homes[0])).not.toContain("Everything after the marker is left out of the excerpt.");
  });

  it("static files keep their URLs and bytes; drafts, Sass and Liquid JSON are not published", () => {
    for (const file of [
      "CNAME",
      "favicon.ico",
      "assets/img/diagram.svg",
      "assets/img/ada.svg",
      "assets/js/app.js",
      "docs/guide-steps.txt",
    ]) {
      expect(readFileSync(fileForUrl(site.output, `/${file}`)), file).toEqual(
        readFileSync(path.join(JEKYLL_FIXTURE, file)),
      );
    }
    for (const absent of ["/urls.json", "/assets/css/style.css", "/assets/css/style.scss", "/README.md"])
      expect(existsSync(fileForUrl(site.output, absent)), absent).toBe(false);
    expect(readOutput(site, "/sitemap.xml")).not.toContain("unfinished-thoughts");
  });
});
