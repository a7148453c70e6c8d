// Broken posts fail the build with one exact line each (file:line: field: what), exit 1, and leave the
// last good site byte-for-byte as it was. Kinds the build reports together share one build (see OWN_BUILD).
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { beforeAll, describe, expect, it } from "vitest";
import { BuildProblemsError, formatBuildError } from "../_config/buildErrors.ts";
import { checkFrontMatter, formatProblem } from "../_config/frontMatterSchema.ts";
import postValidation, { checkPostSource, duplicateUrls, firstInvalidUtf8 } from "../_config/postValidation.ts";
import { repoSite } from "./helpers/sharedSites.ts";
import { selectOne, textOf } from "./helpers/html.ts";
import { expectBuilt, makeFixtureSite, readDocument, repoRoot, runBuild, type BuiltSite } from "./helpers/site.ts";

const BROKEN = "test/fixtures/broken";

/** Each kind of broken post and the exact lines its build must print. */
const CASES: Record<string, string[]> = {
  "title-not-string": ["posts/2018-10-31-title-not-string.md:3: title: expected a string, got 42"],
  "tags-number": ["posts/2018-10-31-tags-number.md:3: tags: expected a list of strings, got 42"],
  "tags-list-with-number": [
    'posts/2018-10-31-tags-list-with-number.md:4: tags: expected a list of strings, got ["GPU",2018]',
  ],
  "categories-map": ['posts/2018-10-31-categories-map.md:3: categories: expected a list of strings, got {"stories":1}'],
  "invalid-date": [
    'posts/2018-10-31-invalid-date.md:3: date: not a date: "2018-13-45" (write YYYY-MM-DD, optionally with HH:MM:SS and +HH:MM)',
  ],
  "impossible-file-date": [
    "posts/2018-02-30-impossible-file-date.md:1: date: the file name's date 2018-02-30 is not a real day",
  ],
  "undated-post": ["posts/undated-post.md:1: date: missing: name the file YYYY-MM-DD-slug.md or add a `date:` field"],
  "comments-not-boolean": ['posts/2018-10-31-comments-not-boolean.md:4: comments: expected true or false, got "yes"'],
  "published-not-boolean": [
    'posts/2018-10-31-published-not-boolean.md:3: published: expected true or false, got "false"',
  ],
  "bad-permalink": [
    'posts/2018-10-31-bad-permalink.md:3: permalink: permalink "/:yeer/:title/": unknown placeholder :yeer (Jekyll has :year :month :day :title :slug :categories …)',
  ],
  // Issue 13: an .html post was once built without any check.
  "not-markdown-post": [
    "posts/2018-10-31-html-post.html:2: title: expected a string, got 42",
    'posts/2018-10-31-html-post.html:3: published: expected true or false, got "no"',
  ],
  "excerpt-separator-number": [
    'posts/2018-10-31-excerpt-separator-number.md:3: excerpt_separator: expected a string such as "<!--more-->", got 3',
  ],
  "unknown-demo": [
    'posts/2018-10-31-unknown-demo.md:3: demos: no demo named "no-such-demo" (expected demos/no-such-demo/index.ts)',
  ],
  "yaml-syntax-error": [
    "posts/2018-10-31-yaml-syntax-error.md:4: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ],
  "unclosed-front-matter": [
    "posts/2018-10-31-unclosed-front-matter.md:1: front matter is never closed: add a `---` line after its last key",
  ],
  "duplicate-key": ["posts/2018-10-31-duplicate-key.md:4: title: duplicate key: it is already set above; keep one"],
  "not-utf8": [
    "posts/2018-10-31-not-utf8.md:6: not UTF-8 (byte 0xE9); save the file as UTF-8 (from Windows-1252: iconv -f windows-1252 -t utf-8)",
  ],
  "no-front-matter": [
    "posts/2018-10-31-no-front-matter.md:1: no front matter: a post starts with a `---` line, then `title: …`, then `---`",
  ],
  "duplicate-url": [
    "/stories/2018/10/31/same-slug.html: posts/2018-10-31-same-slug.md and posts/2018-11-01-other-slug.md are both published at this URL; change one's permalink, file name or categories",
  ],
  "broken-link": [
    "/stories/2018/10/31/broken-link.html → /no-such-page/ (no such file in the built site)",
    '/stories/2018/10/31/broken-link.html → /about/#no-such-heading (no id="no-such-heading" on that page)',
    "/stories/2018/10/31/broken-link.html → /public/img/Missing%20file.png (no such file in the built site)",
  ],
};

/** Every file of a folder with a hash of its bytes: equal maps mean an unchanged folder. */
function checksums(dir: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    sums.set(path.relative(dir, file), createHash("sha256").update(readFileSync(file)).digest("hex"));
  }
  return sums;
}

/**
 * The builds the cases share: the build reports every front-matter problem of every post at once, so those kinds
 * share one site; a URL clash and a broken link are found only once the front matter is good, so each has its own.
 */
const OWN_BUILD = new Set(["duplicate-url", "broken-link"]);
const buildOf = (kind: string) => (OWN_BUILD.has(kind) ? kind : "front-matter");

interface BrokenBuild {
  status: number;
  output: string;
  lines: string[];
  unchanged: boolean;
}

const results = new Map<string, BrokenBuild>();
/** Each kind's post files, as the build names them. */
const postsOf = (kind: string) => readdirSync(path.join(repoRoot, BROKEN, kind)).map((name) => `posts/${name}`);

beforeAll(async () => {
  // The repo's own site (built once per run) is copied in as each broken site's "last good _site".
  const good = expectBuilt(await repoSite());
  const goodSums = checksums(good.output);
  const runOne = async (build: string, kinds: string[]) => {
    const posts = mkdtempSync(path.join(tmpdir(), `broken-${build}-`));
    for (const kind of kinds) cpSync(path.join(repoRoot, BROKEN, kind), posts, { recursive: true });
    const root = makeFixtureSite({ posts });
    cpSync(good.output, path.join(root, "_site"), { recursive: true });
    const { status, stdout, stderr } = await runBuild(root, { args: ["--quiet"] });
    const output = `${stdout}\n${stderr}`;
    const sums = checksums(path.join(root, "_site"));
    const unchanged = sums.size === goodSums.size && [...goodSums].every(([file, sum]) => sums.get(file) === sum);
    results.set(build, { status, output, lines: output.split("\n").map((line) => line.trim()), unchanged });
  };
  const kinds = Object.keys(CASES);
  const builds = [...new Set(kinds.map(buildOf))];
  await Promise.all(
    builds.map((build) =>
      runOne(
        build,
        kinds.filter((kind) => buildOf(kind) === build),
      ),
    ),
  );
}, 600_000);

describe("a broken post fails the build and leaves the last good site alone", () => {
  it("has at least 15 kinds of broken post, each in test/fixtures/broken/", () => {
    const folders = readdirSync(path.join(repoRoot, BROKEN)).filter((name) => name in CASES);
    expect(folders.sort()).toEqual(Object.keys(CASES).sort());
    expect(folders.length).toBeGreaterThanOrEqual(15);
  });

  for (const [kind, expected] of Object.entries(CASES)) {
    it(`${kind}: exact message, exit 1, _site unchanged`, () => {
      const result = results.get(buildOf(kind))!;
      for (const line of expected) expect(result.lines, result.output).toContain(line);
      // Only this post's problems: nothing else in its files is wrong.
      if (kind !== "broken-link") {
        const posts = postsOf(kind);
        const problemLines = result.lines.filter(
          (line) =>
            /^(posts|drafts)\/|^\/\S+: /.test(line) &&
            (OWN_BUILD.has(kind) || posts.some((post) => line.startsWith(`${post}:`))),
        );
        expect(problemLines).toEqual(expected);
      }
      expect(result.status).toBe(1);
      expect(result.output).toContain("Build failed: the previous site was left unchanged.");
      expect(result.unchanged).toBe(true);
    });
  }
});

describe("warnings do not fail the build", () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await runBuild(makeFixtureSite({ posts: `${BROKEN}/warnings` }));
  });

  it("warns once per unknown key, with file and line, and keeps the key", () => {
    expect(site.status).toBe(0);
    const warnings = site.stderr.split("\n").filter((line) => line.startsWith("warning: "));
    expect(warnings).toContain(
      "warning: posts/2018-10-31-warnings.md:5: subtitle: unknown front-matter key (kept; check its spelling)",
    );
    expect(warnings.filter((line) => line.includes(": subtitle: "))).toHaveLength(1);
    // jekyll-seo-tag's `author` is known (test/seo.test.ts).
    expect(warnings.filter((line) => line.includes(": author: "))).toHaveLength(0);
  });

  it("warns about mojibake with file and line, and how to repair it", () => {
    expect(site.stderr).toContain(
      'warning: posts/2018-10-31-warnings.md:7: looks like mojibake: "â€™" is probably "’" (repair with: npm run fix-encoding -- posts/2018-10-31-warnings.md)',
    );
    expect(site.stderr).toContain(
      'warning: posts/2018-10-31-warnings.md:9: looks like mojibake: "ðŸ’š" is probably "💚"',
    );
  });

  it("builds what Jekyll builds, saying where it differs: no title, a layout we lack, a relative permalink", () => {
    expect(site.stderr).toContain(
      "warning: posts/2018-10-31-missing-title.md:1: title: missing: titled from the file name, as Jekyll does; add `title:` to choose",
    );
    expect(textOf(selectOne("h1", readDocument(site, "/2018/10/31/missing-title.html")))).toBe("Missing Title");
    expect(site.stderr).toContain(
      'warning: posts/2018-10-31-unknown-layout.md:3: layout: "posst" is not a layout here (Jekyll would use _layouts/posst.html); built with "post". Use one of default, page, post',
    );
    expect(textOf(selectOne("article.post h1", readDocument(site, "/2018/10/31/unknown-layout.html")))).toBe(
      "A misspelt layout",
    );
    expect(textOf(selectOne("h1", readDocument(site, "/stories/relative.html")))).toBe("A permalink without its slash");
  });
});

describe("the checks as pure functions", () => {
  const context = { file: "posts/2018-10-31-x.md", lines: { tags: 5 }, isDraft: false, demoExists: () => false };

  it("formats a problem as file:line: field: message", () => {
    const { problems } = checkFrontMatter({ title: "T", tags: 42 }, context);
    expect(problems.map(formatProblem)).toEqual(["posts/2018-10-31-x.md:5: tags: expected a list of strings, got 42"]);
  });

  it("accepts the forms Jekyll posts use", () => {
    const data = {
      title: "T",
      date: new Date(0),
      layout: "post",
      tags: ["a"],
      categories: null,
      comments: true,
      published: false,
    };
    expect(
      checkFrontMatter({ ...data, permalink: "/x/", excerpt_separator: "<!--more-->", description: "d" }, context)
        .problems,
    ).toEqual([]);
  });

  it("knows the service-worker opt-in and checks it is a boolean", () => {
    const report = checkFrontMatter({ title: "T", coi_serviceworker: true }, context);
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
    const wrong = checkFrontMatter(
      { title: "T", coi_serviceworker: "yes" },
      { ...context, lines: { coi_serviceworker: 7 } },
    );
    expect(wrong.problems.map(formatProblem)).toEqual([
      'posts/2018-10-31-x.md:7: coi_serviceworker: expected true or false, got "yes"',
    ]);
  });

  it("does not ask drafts for a date", () => {
    expect(checkFrontMatter({ title: "T" }, { ...context, file: "drafts/idea.md", isDraft: true }).problems).toEqual(
      [],
    );
  });

  it("finds the line of a non-UTF-8 byte, and accepts real UTF-8", () => {
    expect(firstInvalidUtf8(Buffer.from("ok\nok\nbad \xff", "latin1"))).toEqual({ line: 3, byte: 0xff });
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x0a, 0xed, 0xa0, 0x80]))).toEqual({ line: 2, byte: 0xed }); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from("Jekyll 💚 café ’", "utf8"))).toBeNull();
  });

  it("reads a post's YAML lines as the file's lines", () => {
    const check = checkPostSource("posts/2018-10-31-x.md", Buffer.from("---\ntitle: T\n\ntags: 42\n---\n"), () => true);
    expect(check.problems.map(formatProblem)).toEqual([
      "posts/2018-10-31-x.md:4: tags: expected a list of strings, got 42",
    ]);
  });

  it("names every file that shares a URL", () => {
    const duplicates = duplicateUrls({
      "./posts/a.md": ["/x.html"],
      "./posts/b.md": ["/x.html"],
      "./pages/c.md": ["/c/"],
      "./d.md": [false],
    });
    expect([...duplicates]).toEqual([["/x.html", ["posts/a.md", "posts/b.md"]]]);
  });

  it("prints a problem list without Eleventy's wrappers, and Eleventy's own output conflict with both files", () => {
    const wrapped = Object.assign(new Error("Problem writing Eleventy templates"), {
      originalError: new BuildProblemsError("Posts with problems", ["a.md:1: x"]),
    });
    expect(formatBuildError(wrapped)).toBe("Posts with problems (1):\n  a.md:1: x");
    const conflict = new Error(
      "Output conflict: multiple input files are writing to `./_site/x.html`. Use distinct `permalink` values to resolve this conflict.\n  1. ./posts/b.md\n  2. ./posts/a.md\n",
    );
    expect(formatBuildError(conflict)).toContain("posts/b.md and posts/a.md both write ./_site/x.html");
  });
});

describe("rebuilds (`npm start`)", () => {
  it("re-checks a post that changed between two builds, and warns only once", () => {
    const handlers = new Map<string, (event: unknown) => void>();
    postValidation({
      on: (name: string, handler: (event: unknown) => void) => handlers.set(name, handler),
    } as unknown as UserConfig);
    const root = mkdtempSync(path.join(tmpdir(), "rebuild-"));
    mkdirSync(path.join(root, "posts"));
    const post = path.join(root, "posts/2018-10-31-x.md");
    const build = () => handlers.get("eleventy.before")!({ directories: { input: root } });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => warnings.push(line);
    try {
      writeFileSync(post, "---\ntitle: Fine\nmood: happy\n---\nText.\n");
      build();
      build();
      writeFileSync(post, "---\ntitle: Fine\nmood: happy\ntags: 42\n---\nText.\n");
      expect(build).toThrow("posts/2018-10-31-x.md:4: tags: expected a list of strings, got 42");
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([
      "warning: posts/2018-10-31-x.md:3: mood: unknown front-matter key (kept; check its spelling)",
    ]);
  });
});
