// What a build writes, and where: no two writers of one output file, no symlink followed out of the project,
// no litter from failed or killed builds, `_site` put back when a kill left none, and `npm start` never
// writing its drafts into `_site`.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { outputCollisions } from "../cli/build/outputMap.ts";
import { assertDevOutput, DEV_OUTPUT } from "../_config/publishing.ts";
import { builtStylesheet, hashedStylesheetPath } from "../_config/siteStylesheet.ts";
import { makeFixtureSite, repoRoot, runBuild } from "./helpers/site.ts";

/** Above Linux's largest pid (2^22): never a running build. */
const DEAD_PID = 4_194_999;

async function build(root: string): Promise<{ status: number; output: string }> {
  const { status, stdout, stderr } = await runBuild(root, { args: ["--quiet"] });
  return { status, output: `${stdout}\n${stderr}` };
}

const post = (title: string, permalink: string) =>
  `---\nlayout: post\ntitle: ${title}\npermalink: "${permalink}"\n---\nText.\n`;
/** A site needs a post for its home page. */
const ONE_POST = { "posts/2024-01-01-one.md": "---\nlayout: post\ntitle: One\n---\nA post.\n" };
const leftovers = (root: string) => readdirSync(root).filter((name) => /^_site\.(staging|old)-/.test(name));

// The file's three builds share nothing: this one runs while the failing two do.
let insideLinks: Promise<{ root: string; result: { status: number; output: string } }>;
beforeAll(() => {
  const root = makeFixtureSite({ searchIsland: false, files: ONE_POST });
  symlinkSync("Killed .png", path.join(root, "public/img/alias.png"));
  symlinkSync("../css", path.join(root, "public/img/styles"));
  insideLinks = build(root).then((result) => ({ root, result }));
});

describe("one output map per build", () => {
  it("knows the generators' own files and folders", () => {
    expect(outputCollisions([{ output: "assets/demos/loader-1.js", source: "posts/a.md" }])).toEqual([
      "/assets/demos/loader-1.js: written by the demo bundles (_config/demos/demoBundler.ts) and by posts/a.md; give one of them another permalink or file name",
    ]);
    expect(
      outputCollisions([
        { output: "a.html", source: "posts/a.md" },
        { output: "b.html", source: "posts/a.md" },
      ]),
    ).toEqual([]);
  });
});

describe("builds that must fail, and what they leave", () => {
  const stylesheet = hashedStylesheetPath(builtStylesheet(readFileSync(path.join(repoRoot, "public/css/site.css"))));
  let collisions: { status: number; output: string; root: string };
  let links: { status: number; output: string; root: string };

  beforeAll(async () => {
    // Pages: a post's permalink gets `.html` unless it has it, as in Jekyll, so a post cannot name `/_headers`.
    // The same site holds what a killed build leaves (its retired copy of the last site, its staging folder, and no
    // `_site`): the failed build puts the retired copy back and removes the litter before it fails.
    const collisionSite = makeFixtureSite({
      searchIsland: false,
      files: {
        "pages/collide-headers.md": post("Headers", "/_headers"),
        "pages/collide-stylesheet.md": post("Stylesheet", `/${stylesheet}`),
        "pages/collide-image.md": post("Image", "/public/img/Killed .png"),
        "pages/collide-worker.md": post("Worker", "/coi-serviceworker.js"),
      },
    });
    mkdirSync(path.join(collisionSite, `_site.old-${DEAD_PID}`));
    writeFileSync(path.join(collisionSite, `_site.old-${DEAD_PID}/index.html`), "the last good site");
    mkdirSync(path.join(collisionSite, `_site.staging-${DEAD_PID + 1}/assets`), { recursive: true });
    const linkSite = makeFixtureSite({ searchIsland: false, files: ONE_POST });
    symlinkSync("/etc/passwd", path.join(linkSite, "public/passwd.txt"));
    symlinkSync("loop.png", path.join(linkSite, "public/img/loop.png"));
    const [a, b] = await Promise.all([build(collisionSite), build(linkSite)]);
    collisions = { ...a, root: collisionSite };
    links = { ...b, root: linkSite };
  }, 300_000);

  it("fails a permalink that overwrites a generated or copied file, naming both writers", () => {
    expect(collisions.status, collisions.output).toBe(1);
    expect(collisions.output).toContain(
      "/_headers: written by the host headers file (_config/hostHeadersFile.ts) and by pages/collide-headers.md",
    );
    expect(collisions.output).toContain(
      `/${stylesheet}: written by pages/collide-stylesheet.md and by .cache/site-stylesheet/site.min.css (passthrough copy)`,
    );
    expect(collisions.output).toContain(
      "/public/img/Killed .png: written by pages/collide-image.md and by public/img/Killed .png (passthrough copy)",
    );
    expect(collisions.output).toContain(
      "/coi-serviceworker.js: written by pages/collide-worker.md and by node_modules/coi-serviceworker/coi-serviceworker.min.js (passthrough copy)",
    );
    expect(leftovers(collisions.root)).toEqual([]);
  });

  it("fails a symlink out of the project and one that leads nowhere, naming them", () => {
    expect(links.status, links.output).toBe(1);
    expect(links.output).toContain("public/passwd.txt → /etc/passwd: a symlink out of the project");
    expect(links.output).toContain("public/img/loop.png: a symlink that leads nowhere");
    expect(links.output).not.toContain("root:");
    expect(existsSync(path.join(links.root, "_site"))).toBe(false);
    expect(leftovers(links.root)).toEqual([]);
  });

  it("puts back the site a killed build retired, removes what killed builds left, and leaves nothing itself", () => {
    expect(collisions.status, collisions.output).toBe(1);
    expect(collisions.output).toContain(`restored _site from _site.old-${DEAD_PID}`);
    expect(readFileSync(path.join(collisions.root, "_site/index.html"), "utf8")).toBe("the last good site");
    expect(leftovers(collisions.root)).toEqual([]);
  });
});

describe("a symlink inside the project", () => {
  it("is copied as the file it points to, never as a link", async () => {
    const { root, result } = await insideLinks;
    expect(result.status, result.output).toBe(0);
    for (const copied of ["public/img/alias.png", "public/img/styles/site.css"]) {
      expect(lstatSync(path.join(root, "_site", copied)).isFile()).toBe(true);
    }
    expect(readFileSync(path.join(root, "_site/public/img/alias.png"))).toEqual(
      readFileSync(path.join(root, "public/img/Killed .png")),
    );
  });
});

describe("npm start's output", () => {
  // That `npm start` writes into DEV_OUTPUT is shown by devRebuild.test.ts, which runs it and reads its pages there.
  it("refuses a preview build aimed at _site", () => {
    const mode = process.env.ELEVENTY_RUN_MODE;
    try {
      process.env.ELEVENTY_RUN_MODE = "serve";
      expect(() => assertDevOutput("_site")).toThrow(/must not write into _site/);
      expect(() => assertDevOutput("./_site/")).toThrow(/must not write into _site/);
      expect(() => assertDevOutput(DEV_OUTPUT)).not.toThrow();
      process.env.ELEVENTY_RUN_MODE = "build";
      expect(() => assertDevOutput("_site")).not.toThrow();
    } finally {
      if (mode === undefined) delete process.env.ELEVENTY_RUN_MODE;
      else process.env.ELEVENTY_RUN_MODE = mode;
    }
  });
});
