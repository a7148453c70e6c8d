// The demo pipeline on a fixture site: bundles, per-page tags, the demo-less page, byte budget, build errors.
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { isTag } from "domhandler";
import { DEMO_FIXTURE, DEMO_PAGE_INITIAL_BUDGET as BYTE_BUDGET, SEED_POST_URL } from "./helpers/fixtures.ts";
import { fixtureSite, repoSite } from "./helpers/sharedSites.ts";
import { getAttributeValue, selectAll, selectOne, textContent, type Document } from "./helpers/html.ts";
import {
  expectBuilt,
  makeFixtureSite,
  readDocument,
  readOutput,
  repoRoot,
  runBuild,
  type BuiltSite,
} from "./helpers/site.ts";
import { DEMO_POLICY, SITE_POLICY } from "../_config/contentSecurityPolicy.ts";
import { headersForPath, parseHeadersFile } from "../server/headersFile.ts";
import { demosCalledIn, describeDemo, titleFromFolder } from "../_config/demos/demoCatalog.ts";
import { formatTscOutput, TYPE_CHECKER_PACKAGE } from "../_config/demos/demoTypeCheck.ts";
import { dataAttributeName, demoPlaceholder, lineOfDemoCall, settingsAttributes } from "../_config/demos/demoMarkup.ts";

const COUNTER_POST = "/notes/2024/01/01/counter-demo.html";
const SPARKLINE_POST = "/notes/2024/01/02/sparkline-demo.html";
const PLAIN_POST = "/notes/2024/01/03/plain.html";
const HASHED = /-[A-Z0-9]{8}\.(js|css)$/;

function scripts(page: Document) {
  return selectAll("script", page).filter((script) => getAttributeValue(script, "type") !== "application/ld+json");
}
function demoNames(page: Document): string[] {
  return selectAll("[data-demo]", page).map((el) => getAttributeValue(el, "data-demo") ?? "");
}
function stylesheets(page: Document): string[] {
  return selectAll('link[rel="stylesheet"]', page).map((link) => getAttributeValue(link, "href") ?? "");
}
function assetFile(site: BuiltSite, url: string): string {
  return path.join(site.output, url);
}
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".html"))
    .map((file) => path.join(dir, file));
}
/** A module and everything it imports statically (not `import()`), as URLs. */
function withStaticImports(site: BuiltSite, url: string): string[] {
  const source = readFileSync(assetFile(site, url), "utf8");
  const imported = [...source.matchAll(/(?:\bfrom|\bimport)\s*"(\.\/[^"]+)"/g)].map(
    (match) => new URL(match[1]!, `http://site${url}`).pathname,
  );
  return [url, ...imported.flatMap((child) => withStaticImports(site, child))];
}
function gzipBytes(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

describe("demo pipeline on a fixture site", () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = expectBuilt(await fixtureSite("demo"));
  });

  it("bundles each demo, the loader, the worker and the CSS under /assets/demos/ with content hashes", () => {
    const files = readdirSync(path.join(site.output, "assets/demos"));
    for (const name of ["loader", "counter", "sparkline", "failing", "square.worker"]) {
      expect(
        files.filter((file) => file.startsWith(`${name}-`) && file.endsWith(".js") && HASHED.test(file)),
        name,
      ).toHaveLength(1);
    }
    expect(files.filter((file) => /^counter-[A-Z0-9]{8}\.css$/.test(file))).toHaveLength(1);
    // A demo no template places is not bundled.
    expect(files.filter((file) => file.startsWith("unused"))).toEqual([]);
    for (const js of files.filter((file) => file.endsWith(".js"))) {
      expect(files, `${js} has a source map`).toContain(`${js}.map`);
      expect(readFileSync(path.join(site.output, "assets/demos", js), "utf8")).toContain(
        `//# sourceMappingURL=${js}.map`,
      );
    }
  });

  it("splits code both demos import into one shared chunk, and keeps class names", () => {
    const dir = path.join(site.output, "assets/demos");
    const withFormatCount = readdirSync(dir).filter(
      (file) => file.endsWith(".js") && readFileSync(path.join(dir, file), "utf8").includes("clicks"),
    );
    expect(withFormatCount).toHaveLength(1);
    expect(withFormatCount[0]).toMatch(/^chunk-/);
    const counter = readdirSync(dir).find((file) => /^counter-.*\.js$/.test(file))!;
    const source = readFileSync(path.join(dir, counter), "utf8");
    expect(source).toContain("CounterDemo");
    expect(source).toMatch(/new URL\("\.\/square\.worker-[A-Z0-9]{8}\.js",import\.meta\.url\)/);
  });

  it("references exactly its own demos on each demo page", () => {
    for (const [url, own, other] of [
      [COUNTER_POST, "counter", "sparkline"],
      [SPARKLINE_POST, "sparkline", "counter"],
    ] as const) {
      const page = readDocument(site, url);
      expect(demoNames(page)).toEqual([own]);
      const placeholder = selectOne(`[data-demo="${own}"]`, page)!;
      const module = getAttributeValue(placeholder, "data-demo-module")!;
      expect(module).toMatch(new RegExp(`^${own}-[A-Z0-9]{8}\\.js$`));
      expect(existsSync(assetFile(site, `/assets/demos/${module}`))).toBe(true);
      const html = readOutput(site, url);
      expect(html).not.toContain(`/assets/demos/${other}-`);
      expect(html).not.toContain(`data-demo-module="${other}-`);
      // One loader, as a module from our own origin; nothing inline, no event-handler attributes.
      const executable = scripts(page);
      const loader = executable.filter((script) => getAttributeValue(script, "type") === "module");
      expect(loader).toHaveLength(1);
      expect(getAttributeValue(loader[0]!, "src")).toMatch(/^\/assets\/demos\/loader-[A-Z0-9]{8}\.js$/);
      for (const script of executable) expect(getAttributeValue(script, "src"), "no inline script").toBeTruthy();
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
    const counterCss = stylesheets(readDocument(site, COUNTER_POST));
    expect(counterCss.filter((href) => href.startsWith("/assets/demos/"))).toEqual([
      expect.stringMatching(/^\/assets\/demos\/counter-[A-Z0-9]{8}\.css$/),
    ]);
    const sparklineCss = stylesheets(readDocument(site, SPARKLINE_POST));
    expect(sparklineCss.filter((href) => href.startsWith("/assets/demos/"))).toEqual([]);
  });

  it("writes a placeholder with a no-JavaScript fallback and a Run button the loader reveals", () => {
    const placeholder = selectOne('[data-demo="counter"]', readDocument(site, COUNTER_POST))!;
    expect(textContent(selectOne(".demo-title", placeholder)!)).toBe("Counter");
    expect(textContent(selectOne(".demo-description", placeholder)!)).toContain("counts clicks");
    expect(textContent(selectOne("noscript", placeholder)!)).toContain("needs JavaScript");
    const run = selectOne("button[data-demo-run]", placeholder)!;
    expect(textContent(run)).toBe("Run demo");
    expect(run.attribs).toHaveProperty("hidden");
    // No demo.json: the title comes from the folder name.
    expect(textContent(selectOne(".demo-title", readDocument(site, SPARKLINE_POST))!)).toBe("Sparkline");
  });

  it("gives pages without demos no executable script at all", () => {
    const demoPages = new Set(
      // /search/ places the site-search island (demos/site-search), Pagefind's only page.
      [COUNTER_POST, SPARKLINE_POST, "/notes/2024/01/04/failing-demo.html", "/search/index.html"].map((url) =>
        path.join(site.output, url),
      ),
    );
    const others = htmlFiles(site.output).filter((file) => !demoPages.has(file));
    expect(others).toContain(path.join(site.output, PLAIN_POST));
    for (const file of others) {
      const html = readFileSync(file, "utf8");
      expect(scripts(readDocument(site, `/${path.relative(site.output, file)}`)), file).toEqual([]);
      expect(html, file).not.toContain("/assets/demos/");
      expect(html, file).not.toMatch(/\son[a-z]+=/i);
    }
    expect(selectAll('script[type="application/ld+json"]', readDocument(site, PLAIN_POST)).length).toBeGreaterThan(0);
  });

  it("keeps what a demo page loads before the demo is near view under the byte budget", () => {
    const page = readDocument(site, COUNTER_POST);
    const upFront = [
      COUNTER_POST,
      ...stylesheets(page),
      ...scripts(page).flatMap((script) => withStaticImports(site, getAttributeValue(script, "src")!)),
    ];
    // The loader imports demos only dynamically: what it pulls in up front is at most esbuild's tiny runtime chunk.
    expect(upFront.filter((url) => url.startsWith("/assets/demos/") && url.endsWith(".js")).length).toBeLessThanOrEqual(
      2,
    );
    const bytes = upFront.reduce((sum, url) => sum + gzipBytes(assetFile(site, url)), 0);
    const pipelineBytes = upFront
      .filter((url) => url.startsWith("/assets/demos/"))
      .reduce((sum, url) => sum + gzipBytes(assetFile(site, url)), 0);
    console.log(`demo page before near view: ${bytes} B gzipped in all, ${pipelineBytes} B of it loader + demo CSS`);
    expect(bytes).toBeLessThan(BYTE_BUDGET);
  });

  it("writes _headers: COOP/COEP and the demo policy on demo pages only, immutable caching on /assets/*", () => {
    const rules = parseHeadersFile(readFileSync(path.join(site.output, "_headers"), "utf8"));
    const headers = (url: string) =>
      Object.fromEntries([...headersForPath(rules, url).values()].map(({ name, value }) => [name, value]));
    for (const url of [COUNTER_POST, SPARKLINE_POST]) {
      expect(headers(url), url).toMatchObject({
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
        "Content-Security-Policy": DEMO_POLICY,
      });
    }
    expect(headers(PLAIN_POST)).toEqual({
      "Content-Security-Policy": SITE_POLICY,
      "X-Content-Type-Options": "nosniff",
    });
    const loader = getAttributeValue(selectOne('script[type="module"]', readDocument(site, COUNTER_POST))!, "src")!;
    expect(headers(loader)["Cache-Control"]).toBe("public, max-age=31536000, immutable");
  });

  it("opts a post into the coi-serviceworker fallback with front matter", () => {
    const sources = (url: string) => scripts(readDocument(site, url)).map((script) => getAttributeValue(script, "src"));
    expect(sources(COUNTER_POST)).toContain("/coi-serviceworker.js");
    expect(sources(SPARKLINE_POST)).not.toContain("/coi-serviceworker.js");
    expect(readFileSync(path.join(site.output, "coi-serviceworker.js"), "utf8")).toContain(
      "Cross-Origin-Embedder-Policy",
    );
  });
});

describe("the seed post", () => {
  it("places the matmul demo after its last paragraph and loads only the loader up front", async () => {
    const site = expectBuilt(await repoSite());
    const url = SEED_POST_URL;
    const page = readDocument(site, url);
    const content = selectOne(".post-content", page)!;
    const blocks = content.children.filter(isTag);
    expect(getAttributeValue(blocks.at(-1)!, "data-demo")).toBe("gpu-vs-cpu-matmul");
    expect(textContent(blocks.at(-2)!)).toContain("the more significant the advantage of GPUs over CPUs");
    expect(textContent(selectOne("h2", content)!).trim()).toBe("WHY GPU ?");
    const upFront = [
      url,
      ...stylesheets(page),
      ...scripts(page).flatMap((script) => withStaticImports(site, getAttributeValue(script, "src")!)),
    ];
    // gpu.js (154 KB gzipped) and Chart.js stay out until the demo mounts.
    expect(upFront.some((file) => /gpu-browser|chart/i.test(file))).toBe(false);
    const bytes = upFront.reduce((sum, file) => sum + gzipBytes(assetFile(site, file)), 0);
    console.log(`seed post before near view: ${bytes} B gzipped (${upFront.join(", ")})`);
    expect(bytes).toBeLessThan(BYTE_BUDGET);
  });
});

/** A demo with a type error that esbuild, which only strips types, would bundle without complaint. */
const WRONG_TYPE_DEMO = [
  "// Wrong on purpose.",
  "export function mount(el: HTMLElement): () => void {",
  '  const count: number = "three";',
  "  el.dataset.count = String(count);",
  "  return () => el.remove();",
  "}",
  "",
].join("\n");

function typoBuild(): Promise<BuiltSite> {
  const post = [
    "---",
    "layout: post",
    'title: "Typo"',
    "date: 2024-02-01",
    "---",
    "Intro.",
    "",
    "More text.",
    "",
    '{% demo "nope" %}',
    "",
  ].join("\n");
  return runBuild(
    makeFixtureSite({
      ...DEMO_FIXTURE,
      posts: undefined,
      searchIsland: false,
      files: { "posts/2024-02-01-typo.md": post },
    }),
  );
}

function syntaxErrorBuild(): Promise<BuiltSite> {
  const broken = [
    "// Broken on purpose.",
    "export function mount(el: HTMLElement): () => void {",
    "  const count: number = ;",
    "  return () => el.remove();",
    "}",
    "",
  ].join("\n");
  const post = ["---", "layout: post", 'title: "Broken"', "date: 2024-02-02", "---", '{% demo "broken" %}', ""].join(
    "\n",
  );
  // Only the broken demo is placed: the build bundles (and type-checks) no other.
  return runBuild(
    makeFixtureSite({
      ...DEMO_FIXTURE,
      posts: undefined,
      searchIsland: false,
      files: { "demos/broken/index.ts": broken, "posts/2024-02-02-broken.md": post },
    }),
  );
}

/** `tsc --noEmit -p .` over a fixture's demos with a type error in one: its output. */
function demoCheck(): Promise<string> {
  const site = makeFixtureSite({ ...DEMO_FIXTURE, files: { "demos/wrong-type/index.ts": WRONG_TYPE_DEMO } });
  // The project's tsconfig.json over its demos alone: the rest of the project is what `npm run check` checks here
  // every commit, and would triple this test's time.
  const root = mkdtempSync(path.join(tmpdir(), "demo-check-"));
  cpSync(path.join(site, "tsconfig.json"), path.join(root, "tsconfig.json"));
  cpSync(path.join(site, "demos"), path.join(root, "demos"), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  return new Promise<string>((resolve) =>
    execFile(
      process.execPath,
      [path.join(repoRoot, "node_modules", TYPE_CHECKER_PACKAGE, "lib/tsc.js"), "--noEmit", "-p", "."],
      { cwd: root, encoding: "utf8" },
      (_error, stdout) => resolve(stdout),
    ),
  );
}

// The broken builds and the type-check share nothing with the shared sites: they run while those build.
let typo: Promise<BuiltSite>;
let syntaxError: Promise<BuiltSite>;
let checked: Promise<string>;
beforeAll(() => {
  typo = typoBuild();
  syntaxError = syntaxErrorBuild();
  checked = demoCheck();
});

describe("demo build errors", () => {
  it("fails on an unknown demo name with the post's file and line and the demos that exist", async () => {
    const site = await typo;
    expect(site.status).not.toBe(0);
    expect(site.stderr).toContain(
      'posts/2024-02-01-typo.md:10: unknown demo "nope" — demos/ has: counter, failing, site-search, sparkline, unused',
    );
  });

  it("fails on a TypeScript error in a demo with file:line:column and the message", async () => {
    const site = await syntaxError;
    expect(site.status).not.toBe(0);
    expect(site.stderr).toMatch(/demos\/broken\/index\.ts:3:25: Unexpected ";"/);
  });
});

// A type error failing `npm run build` (file:line:column, tsc's message, the last site kept) is buildCache.test.ts's.
describe("type errors", () => {
  it("are read from tsc's output as file:line:column lines", () => {
    expect(
      formatTscOutput(
        "demos/a/index.ts(3,9): error TS2322: Type 'string' is not assignable to type 'number'.\nnoise\n",
      ),
    ).toEqual(["demos/a/index.ts:3:9: error TS2322: Type 'string' is not assignable to type 'number'."]);
  });
});

describe("npm run check", () => {
  it("type-checks demos: a type error esbuild would let through is reported with file and line", async () => {
    const stdout = await checked;
    expect(stdout).toMatch(
      /demos\/wrong-type\/index\.ts\(3,9\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
    // The fixture demos and the loader themselves type-check.
    expect(stdout).not.toMatch(/demos\/(counter|sparkline|failing|unused|_shared|_loader)\//);
  });
});

describe("demo markup and catalog (pure)", () => {
  it("finds demo calls in posts of every extension the build reads (.markdown, .mkdn, .mkd too)", () => {
    const root = mkdtempSync(path.join(tmpdir(), "demo-calls-"));
    mkdirSync(path.join(root, "posts"));
    for (const extension of ["md", "markdown", "mkdn", "mkd", "html", "njk"])
      writeFileSync(path.join(root, "posts", `2024-01-01-x.${extension}`), `{% demo "from-${extension}" %}\n`);
    expect([...demosCalledIn(root, new Set())].sort()).toEqual([
      "from-html",
      "from-markdown",
      "from-md",
      "from-mkd",
      "from-mkdn",
      "from-njk",
    ]);
  });

  it("derives a title from the folder name and validates demo.json", () => {
    expect(titleFromFolder("gpu-vs-cpu-matmul")).toBe("Gpu vs cpu matmul");
    expect(describeDemo("x", { title: "X", crossOriginIsolated: false })).toMatchObject({
      title: "X",
      crossOriginIsolated: false,
      keepNames: false,
      entry: "demos/x/index.ts",
    });
    expect(describeDemo("x", { keepNames: true }).keepNames).toBe(true);
    expect(() => describeDemo("x", { tittle: "typo" })).toThrow(/demos\/x\/demo\.json/);
  });

  it("turns template settings into escaped data attributes and refuses nested values", () => {
    expect(dataAttributeName("repoId")).toBe("data-repo-id");
    expect(settingsAttributes("d", { repo: 'a"b', count: 2, skipped: null })).toBe(
      ' data-repo="a&quot;b" data-count="2"',
    );
    expect(() => settingsAttributes("d", { nested: { a: 1 } })).toThrow(/"nested" must be a string/);
    const html = demoPlaceholder(describeDemo("d", { title: "<T>" }), "d-ABC.js");
    expect(html).toContain("<strong>&lt;T&gt;</strong>");
  });

  it("finds the line of a demo call", () => {
    expect(lineOfDemoCall('a\nb\n{%- demo  "x" %}\n', "x")).toBe(3);
    expect(lineOfDemoCall("{% demo 'x.y' %}", "x")).toBeUndefined();
  });
});
