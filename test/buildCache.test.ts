// The build cache (.cache/build/, _config/buildCache.ts): real builds of one small fixture site, in order. A build
// with nothing changed reuses every entry and writes the same bytes; `--no-cache` writes the same bytes and touches
// no entry; each kind of input, changed, changes the output that depends on it (one build for all four kinds), and a
// type error or a vanished link target fails every build, not only the first.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegionCounts } from "../_config/buildCache.ts";
import { fileHashes } from "./helpers/jekyll.ts";
import { expectBuilt, makeFixtureSite, runBuild, type BuiltSite } from "./helpers/site.ts";

const DEMO_POST = "posts/2024-01-01-with-demo.md";
const TARGET_POST = "posts/2024-01-02-target.md";
const DEMO_POST_URL = "2024/01/01/with-demo.html";
const TARGET_URL = "/2024/01/02/target.html";
const IMAGE = "public/img/dot.png";

const demoPost = (title: string): string =>
  `---\nlayout: post\ntitle: "${title}"\n---\nA tally: ![A dot](/${IMAGE})\n\n{% demo "tally" %}\n`;

const FILES: Record<string, string> = {
  [DEMO_POST]: demoPost("Counting in the browser"),
  [TARGET_POST]: "---\nlayout: post\ntitle: The target\n---\nLinked from the links page.\n",
  "pages/links.md": `---\nlayout: page\ntitle: Links\npermalink: /links/\n---\n[The target](${TARGET_URL})\n`,
  "demos/tally/index.ts": [
    'import "./tally.css";',
    'import { LABEL } from "./label.ts";',
    "export function mount(el: HTMLElement): () => void {",
    "  el.textContent = LABEL;",
    "  return () => el.replaceChildren();",
    "}",
    "",
  ].join("\n"),
  "demos/tally/label.ts": 'export const LABEL: string = "tally one";\n',
  "demos/tally/tally.css": ".tally { color: rgb(1, 2, 3); }\n",
};

let root: string;
let output: string;

function build(args: string[] = [], into = output): Promise<BuiltSite> {
  // The cache under test is the site's own, from its first build on.
  return runBuild(root, { output: into, args: ["--quiet", ...args], coldCache: true });
}

function report(): Record<string, RegionCounts> {
  return JSON.parse(readFileSync(path.join(root, ".cache/build/report.json"), "utf8")) as Record<string, RegionCounts>;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(path.join(root, file), "utf8");
  expect(text).toContain(from);
  writeFileSync(path.join(root, file), text.replace(from, to));
}

function page(url: string): string {
  return readFileSync(path.join(output, url), "utf8");
}

function filesIn(folder: string): string[] {
  const dir = path.join(output, folder);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** An 800×400 PNG of one colour (https://www.w3.org/TR/png-3/: signature, IHDR, IDAT, IEND). */
function writeImage(rgb: [number, number, number]): void {
  const [width, height] = [800, 400];
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  mkdirSync(path.dirname(path.join(root, IMAGE)), { recursive: true });
  writeFileSync(path.join(root, IMAGE), png);
}

const demoModule = (): string => /data-demo-module="([^"]+)"/.exec(page(DEMO_POST_URL))?.[1] ?? "";

describe("the build cache", () => {
  let cold: Map<string, string>;

  beforeAll(async () => {
    root = makeFixtureSite({ files: FILES, keepRepoDemos: [], socialCards: true, searchIsland: false });
    output = path.join(root, "_site");
    writeImage([255, 0, 0]);
    expectBuilt(await build());
    cold = fileHashes(output);
  }, 300_000);

  it("a first build misses every entry and stores it", () => {
    const counts = report();
    for (const kind of ["demo-bundles", "demo-types", "images", "social-cards", "search", "page-scans"]) {
      expect(counts[kind], kind).toMatchObject({ hits: 0 });
      expect(counts[kind]!.misses, kind).toBeGreaterThan(0);
    }
  });

  it("a second build with nothing changed reuses every entry and writes the same bytes", async () => {
    expectBuilt(await build());
    for (const [kind, counts] of Object.entries(report())) expect(counts, kind).toMatchObject({ misses: 0 });
    expect(report()["page-scans"]!.hits).toBeGreaterThan(3);
    expect(fileHashes(output)).toEqual(cold);
  }, 300_000);

  it("--no-cache reads and writes no entry, and builds the same bytes", async () => {
    const cacheBefore = fileHashes(path.join(root, ".cache/build"));
    const uncached = path.join(root, "uncached-site");
    expectBuilt(await build(["--no-cache"], uncached));
    expect(fileHashes(uncached)).toEqual(cold);
    expect(fileHashes(path.join(root, ".cache/build"))).toEqual(cacheBefore);
    rmSync(uncached, { recursive: true });
  }, 300_000);

  it("a corrupt or missing entry is a miss: the build makes it again and writes the same bytes", async () => {
    const cacheDir = path.join(root, ".cache/build");
    const entries = [...fileHashes(cacheDir).keys()];
    for (const file of entries.filter((name) => name.endsWith(".json") && name !== "report.json"))
      writeFileSync(path.join(cacheDir, file), "{ not json");
    const bundled = entries.find((name) => name.startsWith("demo-bundles/") && name.endsWith(".js"));
    rmSync(path.join(cacheDir, bundled!));
    expectBuilt(await build());
    const counts = report();
    for (const kind of ["demo-bundles", "demo-types", "search"])
      expect(counts[kind], kind).toEqual({ hits: 0, misses: 1 });
    expect(counts["page-scans"]!.hits).toBe(0);
    expect(fileHashes(output)).toEqual(cold);
  }, 300_000);

  it("a demo's CSS and source, an image and a post's title each change what depends on them", async () => {
    const before = {
      module: demoModule(),
      demoFiles: filesIn("assets/demos"),
      images: filesIn("assets/responsive"),
      cards: filesIn("assets/cards"),
      search: fileHashes(path.join(output, "pagefind")),
    };
    // One build for the four edits: each is checked in the output that depends on it alone.
    edit("demos/tally/tally.css", "rgb(1, 2, 3)", "rgb(4, 5, 6)");
    edit("demos/tally/label.ts", "tally one", "tally two");
    writeImage([0, 0, 255]);
    writeFileSync(path.join(root, DEMO_POST), demoPost("Counting again"));
    expectBuilt(await build());
    const counts = report();

    expect(counts["demo-bundles"]).toEqual({ hits: 0, misses: 1 });
    const css = filesIn("assets/demos").filter((file) => file.endsWith(".css") && !before.demoFiles.includes(file));
    expect(css).toHaveLength(1);
    expect(readFileSync(path.join(output, "assets/demos", css[0]!), "utf8")).toContain("#040506");
    expect(page(DEMO_POST_URL)).toContain(css[0]);
    expect(demoModule()).not.toBe(before.module);
    const bundled = readdirSync(path.join(output, "assets/demos"))
      .filter((file) => file.endsWith(".js"))
      .map((file) => readFileSync(path.join(output, "assets/demos", file), "utf8"));
    expect(bundled.some((text) => text.includes("tally two"))).toBe(true);
    expect(bundled.some((text) => text.includes("tally one"))).toBe(false);

    expect(counts.images).toEqual({ hits: 0, misses: 1 });
    const images = filesIn("assets/responsive");
    expect(images).toHaveLength(before.images.length);
    expect(images.filter((file) => before.images.includes(file))).toEqual([]);

    // The retitled post's card is drawn again; the other post's comes from the cache.
    expect(counts["social-cards"]).toEqual({ hits: 1, misses: 1 });
    expect(filesIn("assets/cards").filter((file) => !before.cards.includes(file))).toHaveLength(1);

    expect(counts.search).toEqual({ hits: 0, misses: 1 });
    expect(fileHashes(path.join(output, "pagefind"))).not.toEqual(before.search);
    // Pages whose HTML changed (the post, lists of posts) are scanned again; the rest come from the cache.
    expect(counts["page-scans"]!.misses).toBeGreaterThan(0);
    expect(counts["page-scans"]!.hits).toBeGreaterThan(0);
  }, 300_000);

  it("a type error fails every build with file:line:column and tsc's message, the second from the cached result, and leaves the last site", async () => {
    const lastSite = fileHashes(output);
    edit("demos/tally/label.ts", 'LABEL: string = "tally two"', 'LABEL: number = "tally two"');
    for (const run of [1, 2]) {
      const site = await build();
      expect(site.status, `build ${run}`).toBe(1);
      // esbuild only strips types: this is the build's own type-check (_config/demos/demoTypeCheck.ts).
      expect(site.stderr).toContain(
        "demos/tally/label.ts:1:14: error TS2322: Type 'string' is not assignable to type 'number'.",
      );
      expect(fileHashes(output), `build ${run}`).toEqual(lastSite);
      expect(report()["demo-types"], `build ${run}`).toEqual(
        run === 1 ? { hits: 0, misses: 1 } : { hits: 1, misses: 0 },
      );
    }
    edit("demos/tally/label.ts", "LABEL: number", "LABEL: string");
  }, 300_000);

  it("a link target that vanished fails the build, though the linking page's scan is cached", async () => {
    rmSync(path.join(root, TARGET_POST));
    const site = await build();
    expect(site.status).not.toBe(0);
    expect(site.stderr).toContain(`/links/ → ${TARGET_URL} (no such file in the built site)`);
    expect(report()["page-scans"]!.hits).toBeGreaterThan(0);
  }, 300_000);
});
