// The build cache's parts on their own, in this process: entries written whole, a bad entry is a miss, pruning keeps
// exactly what the last build used, the link check's scans come back from the cache equal to a fresh scan, and the
// build's phase timers. test/buildCache.test.ts checks the same cache through real builds.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  BUILD_CACHE_DIR,
  CACHE_ENV,
  CACHE_REPORT_FILE,
  buildCacheFor,
  cacheEnabledByEnv,
  codeFingerprint,
  contentHash,
  fileBytes,
  filesUnder,
  formatCacheReport,
  openBuildCache,
  packageOfFile,
  packageVersion,
} from "../_config/buildCache.ts";
import {
  BUILD_PHASES,
  formatBuildPhases,
  recordBuildPhases,
  startPhase,
  takeBuildPhases,
  timePhase,
} from "../_config/buildPhases.ts";
import { inputsFingerprint } from "../_config/demos/demoBundleCache.ts";
import { cachedPageScanner } from "../cli/build/pageScanCache.ts";
import { scanPage } from "../cli/build/siteCheck.ts";
import { repoRoot } from "./helpers/site.ts";

const siteRoot = (): string => mkdtempSync(path.join(tmpdir(), "cache-units-"));

describe("a cache region", () => {
  it("keeps a JSON entry between builds, and reads a corrupt or missing one as a miss", async () => {
    const root = siteRoot();
    const region = openBuildCache(root, { enabled: true }).region("things");
    await region.writeJson("a.json", { n: 1 });
    expect(openBuildCache(root, { enabled: true }).region("things").readJsonSync("a.json")).toEqual({ n: 1 });
    expect(await region.readJson("a.json")).toEqual({ n: 1 });
    writeFileSync(region.entry("bad.json"), "{ not json");
    expect(await region.readJson("bad.json")).toBeUndefined();
    expect(region.readJsonSync("missing.json")).toBeUndefined();
    // Written through a temporary file renamed into place: nothing else is left beside the entry.
    expect(readdirSync(region.dir).sort()).toEqual(["a.json", "bad.json"]);
  });

  it("reads and writes nothing when the cache is off", async () => {
    const root = siteRoot();
    const region = openBuildCache(root, { enabled: false }).region("things");
    await region.writeJson("a.json", { n: 1 });
    expect(existsSync(path.join(root, BUILD_CACHE_DIR))).toBe(false);
    expect(await region.readJson("a.json")).toBeUndefined();
  });

  it("after a build, keeps only the entries that build used (a folder entry whole) and the regions it opened", async () => {
    const root = siteRoot();
    const first = openBuildCache(root, { enabled: true });
    const bundles = first.region("bundles");
    await bundles.writeFile("old.js", "old");
    await bundles.writeFile("key/record.json", "{}");
    await bundles.writeFile("key/files/a.js", "a");
    await first.region("stale").writeFile("x", "x");
    await first.finish();

    const second = openBuildCache(root, { enabled: true });
    const again = second.region("bundles");
    again.entry("key/record.json");
    again.hit();
    second.region("misses").miss();
    await second.finish();
    expect(readdirSync(again.dir)).toEqual(["key"]);
    expect(readFileSync(path.join(again.dir, "key/files/a.js"), "utf8")).toBe("a");
    expect(existsSync(path.join(root, BUILD_CACHE_DIR, "stale"))).toBe(false);
    const report = JSON.parse(readFileSync(path.join(root, BUILD_CACHE_DIR, CACHE_REPORT_FILE), "utf8")) as unknown;
    expect(report).toEqual({ bundles: { hits: 1, misses: 0 }, misses: { hits: 0, misses: 1 } });
    expect(formatCacheReport(second.report())).toBe("cache hits: bundles 1/1, misses 0/1");
    expect(formatCacheReport({})).toBe("cache hits: nothing to cache");
  });

  it("is found by the plugins of the build running for a root, and turned off by BLOG_BUILD_CACHE=off", () => {
    const root = siteRoot();
    const cache = openBuildCache(root, { enabled: true });
    expect(buildCacheFor(path.join(root, "."))).toBe(cache);
    const before = process.env[CACHE_ENV];
    process.env[CACHE_ENV] = "off";
    try {
      expect(cacheEnabledByEnv()).toBe(false);
      expect(openBuildCache(siteRoot()).enabled).toBe(false);
    } finally {
      if (before === undefined) delete process.env[CACHE_ENV];
      else process.env[CACHE_ENV] = before;
    }
    expect(cacheEnabledByEnv()).toBe(true);
  });
});

describe("cache keys", () => {
  it("hash the parts and their boundaries, so no two lists hash alike by joining", () => {
    expect(contentHash(["ab", "c"])).not.toBe(contentHash(["a", "bc"]));
    expect(contentHash(["a", "b"])).not.toBe(contentHash(["b", "a"]));
    expect(contentHash([new Uint8Array([1, 2])])).toBe(contentHash([new Uint8Array([1, 2])]));
  });

  it("change when a file appears, a listed file changes, or a module's code changes", () => {
    const dir = siteRoot();
    const missing = contentHash([fileBytes(path.join(dir, "a.ts"))]);
    mkdirSync(path.join(dir, "sub"));
    writeFileSync(path.join(dir, "a.ts"), "export const a = 1;\n");
    writeFileSync(path.join(dir, "sub/b.ts"), "export const b = 2;\n");
    expect(contentHash([fileBytes(path.join(dir, "a.ts"))])).not.toBe(missing);
    expect(filesUnder(dir)).toEqual(["a.ts", "sub/b.ts"]);
    expect(filesUnder(path.join(dir, "none"))).toEqual([]);
    const url = pathToFileURL(path.join(dir, "a.ts")).href;
    const before = codeFingerprint([url]);
    writeFileSync(path.join(dir, "a.ts"), "export const a = 2;\n");
    expect(codeFingerprint([url])).not.toBe(before);
  });

  it("name a package's installed version, and the package a file in node_modules belongs to", () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "node_modules/esbuild/package.json"), "utf8")) as {
      version: string;
    };
    expect(packageVersion(repoRoot, "esbuild")).toBe(`esbuild@${version}`);
    expect(packageVersion(repoRoot, "no-such-package")).toBe("no-such-package@none");
    expect(packageOfFile("node_modules/@scope/pkg/dist/a.js")).toBe("@scope/pkg");
    expect(packageOfFile("a/node_modules/chart.js/dist/chart.js")).toBe("chart.js");
    expect(packageOfFile("demos/x/index.ts")).toBeUndefined();
  });

  it("of demo bundles' inputs are the same in a copy of the project elsewhere, and change when a folder gains a file", () => {
    const project = (): string => {
      const root = siteRoot();
      mkdirSync(path.join(root, "demos/d"), { recursive: true });
      writeFileSync(path.join(root, "demos/d/index.ts"), "export const d = 1;\n");
      return root;
    };
    const [here, there] = [project(), project()];
    const inputs = ["demos/d/index.ts"];
    expect(inputsFingerprint(there, inputs)).toBe(inputsFingerprint(here, inputs));
    writeFileSync(path.join(there, "demos/d/index.tsx"), "export const d = 2;\n");
    expect(inputsFingerprint(there, inputs)).not.toBe(inputsFingerprint(here, inputs));
  });
});

describe("the link check's page scans", () => {
  const pages = [
    '<a href="/a/">a</a><img src="/i.png" srcset="/i-2.png 2x"><h2 id="x">x</h2>',
    '<base href="/sub/"><a href="b.html#y">b</a><a name="y"></a>',
  ];

  it("come back from the next build's cache equal to a fresh scan", async () => {
    const root = siteRoot();
    const first = openBuildCache(root, { enabled: true }).region("page-scans");
    const scanner = cachedPageScanner(first, root);
    for (const html of pages) expect(scanner.scan(html)).toEqual(scanPage(html));
    expect(first.counts).toEqual({ hits: 0, misses: 2 });
    await scanner.save();

    const second = openBuildCache(root, { enabled: true }).region("page-scans");
    const next = cachedPageScanner(second, root);
    for (const html of pages) expect(next.scan(html)).toEqual(scanPage(html));
    expect(second.counts).toEqual({ hits: 2, misses: 0 });
    // A changed page is scanned again.
    expect(next.scan(`${pages[0]}<a href="/new/">n</a>`)).toEqual(scanPage(`${pages[0]}<a href="/new/">n</a>`));
    expect(second.counts.misses).toBe(1);
  });

  it("are the plain scanner when the cache is off", async () => {
    const root = siteRoot();
    const region = openBuildCache(root, { enabled: false }).region("page-scans");
    const scanner = cachedPageScanner(region, root);
    expect(scanner.scan(pages[0]!)).toEqual(scanPage(pages[0]!));
    await scanner.save();
    expect(existsSync(path.join(root, BUILD_CACHE_DIR))).toBe(false);
  });
});

describe("build phases", () => {
  afterEach(() => void takeBuildPhases());

  it("record nothing until a build turns them on", async () => {
    startPhase("render")();
    expect(await timePhase("link check", () => 42)).toBe(42);
    expect(takeBuildPhases()).toEqual([]);
  });

  it("record each phase once, in the order it started, CPU only where the phase has the process to itself", async () => {
    recordBuildPhases();
    const endRender = startPhase("render");
    endRender();
    await timePhase("images", () => Promise.resolve(), { concurrent: true });
    await expect(
      timePhase("link check", () => {
        throw new Error("broken link");
      }),
    ).rejects.toThrow("broken link");
    const phases = takeBuildPhases();
    expect(phases.map((phase) => phase.name)).toEqual(["start-up", "render", "images", "link check"]);
    // Timers that ran: a finite number each, which a phase never ended (or a NaN from a bad clock) would not be.
    for (const phase of phases) expect(Number.isFinite(phase.wallMs), phase.name).toBe(true);
    expect(phases.find((phase) => phase.name === "images")?.cpuMs).toBeUndefined();
    expect(Number.isFinite(phases.find((phase) => phase.name === "render")?.cpuMs)).toBe(true);
    const table = formatBuildPhases(phases).split("\n");
    expect(table[0]).toMatch(/^phase\s+starts at s\s+wall s\s+CPU s$/);
    expect(table[3]).toMatch(/^images\s.*—\s*$/);
    expect(BUILD_PHASES).toContain("link check");
  });
});
