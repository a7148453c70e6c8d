// Liquid as Jekyll has it, through real builds: a small Jekyll site (test/fixtures/liquid/jekyll-site) whose post
// marks one case per `<pre data-case>`; expected.json holds Jekyll 4.3's own output for each.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getAttributeValue, selectAll, selectOne, textContent } from "./helpers/html.ts";
import { jekyllSiteFiles, readCases } from "./helpers/jekyllFixture.ts";
import {
  expectBuilt,
  makeFixtureSite,
  readDocument,
  readOutput,
  repoRoot,
  runBuild,
  type BuiltSite,
} from "./helpers/site.ts";

const FIXTURE = path.join(repoRoot, "test/fixtures/liquid/jekyll-site");
const CASES_URL = "/tests/2018/10/31/cases.html";
const expected = JSON.parse(readFileSync(path.join(FIXTURE, "expected.json"), "utf8")) as Record<string, string>;

/** Where we differ from Jekyll on purpose, with what we give instead (README, "Liquid (Jekyll compatibility)"). */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // The build's base-path step adds `baseurl` to every href and src; relative_url adding it too would double it.
  relative_url: "/about/ /about /tests/2018/10/31/cases.html /a%20b/ https://x.org/y",
};

const hasJekyll = spawnSync("jekyll", ["--version"], { encoding: "utf8" }).status === 0;

/** Includes of every form, and a page listing the posts. */
const INCLUDES_FILES = {
  "_includes/card.html": '<b class="card">{{ include.label }}:{{ include.count | plus: 1 }}</b>',
  "_includes/wrapper.html": '{% include_relative parts/intro.txt who="Wrapped" %}',
  "posts/parts/intro.txt": '<i class="intro">{{ include.who }} on {{ page.title }}</i>',
  "posts/2019-01-01-includes.md": [
    "---",
    "title: Includes",
    "card: card.html",
    "---",
    '<p class="quoted">{% include "card.html" label="quoted" count=1 %}</p>',
    '<p class="variable">{% include {{ page.card }} label=page.title count=2 %}</p>',
    '<p class="relative">{% include_relative parts/intro.txt who="Ada" %}</p>',
    '<p class="wrapped">{% include wrapper.html %}</p>',
    "",
  ].join("\n"),
  "posts/2019-01-02-second.md": "---\ntitle: Second\n---\nThe second post has a first paragraph.\n\nMore.\n",
  "pages/all-posts.md": [
    "---",
    "layout: page",
    "title: All posts",
    "permalink: /all-posts/",
    "---",
    '{% for post in site.posts %}<div class="listed" data-url="{{ post.url }}">{{ post.excerpt }}</div>{% endfor %}',
    '<p class="page-count">{{ site.pages | where: "title", "All posts" | size }}</p>',
    "",
  ].join("\n"),
};

// The three builds of this file share nothing: the other two run while the first builds.
let includesBuild: Promise<BuiltSite>;
beforeAll(() => {
  includesBuild = runBuild(makeFixtureSite({ searchIsland: false, files: INCLUDES_FILES }));
  void brokenBuild();
});

describe("Liquid in a Jekyll site's posts", () => {
  let site: BuiltSite;
  let cases: Record<string, string>;
  beforeAll(async () => {
    // The links page is a page, not a post: the cases read site.posts.
    const links =
      '---\ntitle: Links\npermalink: /links/\n---\n<a class="rel" href="{{ "/about/" | relative_url }}">About</a>\n';
    site = expectBuilt(
      await runBuild(
        makeFixtureSite({ searchIsland: false, files: { ...jekyllSiteFiles(FIXTURE), "pages/links.md": links } }),
      ),
    );
    cases = readCases(readOutput(site, CASES_URL));
  });

  it.each(Object.keys(expected))("%s gives what Jekyll 4.3 gives", (name) => {
    expect(cases[name]).toBe(KNOWN_DIFFERENCES[name] ?? expected[name]);
  });

  it("writes include output as HTML, with include.* parameters and page variables", () => {
    const aside = selectOne('pre[data-case="include"] aside.note', readDocument(site, CASES_URL));
    expect(aside && textContent(aside)).toBe("x y|front matter value|Cases & checks");
  });

  it("relative_url links get the path prefix exactly once", () => {
    const link = selectOne("a.rel", readDocument(site, "/links/"))!;
    expect(getAttributeValue(link, "href")).toBe("/blog/about/");
  });
});

describe("include_relative, the include tag's other forms, and a page listing posts", () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = expectBuilt(await includesBuild);
  });

  it("reads a quoted file name, a variable one, and files next to the post", () => {
    const page = readDocument(site, "/2019/01/01/includes.html");
    const text = (selector: string) => textContent(selectOne(selector, page)!);
    expect(text(".quoted .card")).toBe("quoted:2");
    expect(text(".variable .card")).toBe("Includes:3");
    expect(text(".relative .intro")).toBe("Ada on Includes");
    // Inside an include, Jekyll still reads the name from the page's folder.
    expect(text(".wrapped .intro")).toBe("Wrapped on Includes");
  });

  it("gives a page the posts' rendered excerpts, newest first, and itself in site.pages", () => {
    const page = readDocument(site, "/all-posts/");
    const listed = selectAll(".listed", page);
    expect(listed.map((item) => getAttributeValue(item, "data-url"))).toEqual([
      "/2019/01/02/second.html",
      "/2019/01/01/includes.html",
    ]);
    expect(textContent(selectOne("p", listed[0]!)!)).toBe("The second post has a first paragraph.");
    expect(textContent(selectOne(".page-count", page)!)).toBe("1");
  });

  it("refuses include_relative out of the folder, as Jekyll does", async () => {
    const broken = await brokenBuild();
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(
      /posts\/2019-01-01-up\.md:4:\d+: include_relative: "\.\.\/notes\.txt" goes up a folder/,
    );
  });
});

/** Posts with Liquid errors, for "Liquid errors" and include_relative: the build reports all of them at once. */
const BROKEN_POSTS = {
  // Front matter of 4 lines: the bad tag is on the file's line 7.
  "posts/2019-02-01-first.md": "---\ntitle: First\ntags: [a]\n---\nFine line.\n\n{% no_such_tag %}\n",
  "posts/2019-02-02-second.md": "---\ntitle: Second\n---\n\n{{ 'nonsense' | date_to_xmlschema }}\n",
  "posts/2019-02-03-third.md": "---\ntitle: Third\n---\n{{ page.title | no_such_filter }}\n",
  "notes.txt": "secret",
  "posts/2019-01-01-up.md": "---\ntitle: Up\n---\n{% include_relative ../notes.txt %}\n",
};
let broken: Promise<BuiltSite> | undefined;

/** One build of BROKEN_POSTS over a last good site of one file. */
function brokenBuild(): Promise<BuiltSite> {
  broken ??= (() => {
    const root = makeFixtureSite({ searchIsland: false, files: BROKEN_POSTS });
    const output = path.join(root, "_site");
    mkdirSync(output);
    writeFileSync(path.join(output, "last-good.html"), "kept");
    return runBuild(root, { output });
  })();
  return broken;
}

describe("Liquid errors", () => {
  it("name each file and its line counted from the first line, all of them, and leave the last site alone", async () => {
    const result = await brokenBuild();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Liquid errors (4)");
    expect(result.stderr).toMatch(/posts\/2019-02-01-first\.md:7:1: tag "no_such_tag" not found/);
    expect(result.stderr).toMatch(/posts\/2019-02-02-second\.md:5:\d+: .*Invalid Date: 'nonsense'/);
    expect(result.stderr).toMatch(/posts\/2019-02-03-third\.md:4:\d+: .*no_such_filter/);
    expect(readFileSync(path.join(result.output, "last-good.html"), "utf8")).toBe("kept");
  });
});

describe.skipIf(!hasJekyll)("the expected outputs are Jekyll's own", () => {
  it("Jekyll 4.3 builds the fixture to expected.json", () => {
    const destination = mkdtempSync(path.join(tmpdir(), "liquid-jekyll-"));
    const build = spawnSync(
      "jekyll",
      ["build", "--quiet", "--disable-disk-cache", "--source", FIXTURE, "--destination", destination],
      { encoding: "utf8" },
    );
    expect(build.status, build.stderr).toBe(0);
    const file = path.join(destination, CASES_URL);
    expect(existsSync(file)).toBe(true);
    expect(readCases(readFileSync(file, "utf8"))).toEqual(expected);
  });
});
if (!hasJekyll)
  console.warn("liquid.test.ts: `jekyll` is not installed, so expected.json is not rebuilt with Jekyll here");
