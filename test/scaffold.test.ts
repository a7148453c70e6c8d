// `npm run new` and `npm run new:demo`, run as the CLI runs them, in a throwaway copy of the site (never the repo).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { localDay, parseNewPostArgs, postFileName } from "../cli/newPost.ts";
import { checkDemoName } from "../cli/newDemo.ts";
import { selectAll, selectOne, textContent } from "./helpers/html.ts";
import { expectBuilt, makeFixtureSite, readDocument, repoRoot, runBuild } from "./helpers/site.ts";

function runCli(root: string, script: string, args: string[]) {
  // TZ pinned: the post is dated with the local day, and the build hides posts dated after "now" in UTC.
  // tsx as an import hook, in one process (the `tsx` command starts a second to run the script).
  const result = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TZ: "UTC", FORCE_COLOR: "0" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run new", () => {
  let root: string;
  const title = "Tensor cores: a first look";
  const file = () => path.join(root, "posts", `${localDay()}-tensor-cores-a-first-look.md`);

  beforeAll(() => {
    root = makeFixtureSite({ searchIsland: false });
  });

  it("creates a dated post with valid front matter that builds at its Jekyll URL", async () => {
    const created = runCli(root, "cli/newPost.ts", [title, "--tags", "GPU hardware", "--category", "notes"]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain(`posts/${localDay()}-tensor-cores-a-first-look.md`);
    expect(existsSync(file())).toBe(true);

    const site = expectBuilt(await runBuild(root));
    const [year, month, day] = localDay().split("-");
    const page = readDocument(site, `/notes/${year}/${month}/${day}/tensor-cores-a-first-look.html`);
    expect(textContent(selectOne("h1", page)!)).toBe(title);
    expect(selectAll("a.tag", page).map((a) => textContent(a).trim())).toEqual(["GPU", "hardware"]);
    expect(textContent(selectOne("a.p-category", page)!)).toBe("notes");
  });

  it("refuses to overwrite an existing post and says so", () => {
    const before = readFileSync(file(), "utf8");
    const again = runCli(root, "cli/newPost.ts", [title]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(readFileSync(file(), "utf8")).toBe(before);
  });

  it("explains a missing title or an unusable one", () => {
    // In this process: the command's failure path (status 1, the message) is the test above.
    expect(() => parseNewPostArgs([])).toThrow(/give the post a title/);
    expect(() => postFileName({ title: "  ", day: "2026-01-02" })).toThrow(/nothing to make a file name from/);
  });

  it("parses tags and category as Jekyll would write them", () => {
    expect(parseNewPostArgs(["Hello", "world", "--tags", " a  b ", "--category", "x"], "2026-01-02")).toEqual({
      title: "Hello world",
      tags: ["a", "b"],
      category: "x",
      day: "2026-01-02",
    });
    expect(() => parseNewPostArgs(["T", "--category", "two words"], "2026-01-02")).toThrow(/one word/);
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});

describe("npm run new:demo", () => {
  let root: string;

  beforeAll(() => {
    // The generated test drives Chromium through the repo's launcher (tools/) and runs under the repo's vitest config.
    root = makeFixtureSite({});
    for (const folder of ["test/helpers", "tools"])
      cpSync(path.join(repoRoot, folder), path.join(root, folder), { recursive: true });
    cpSync(path.join(repoRoot, "vitest.config.ts"), path.join(root, "vitest.config.ts"));
  });

  it("creates a demo whose mount works and cleans up, with a passing test", () => {
    const created = runCli(root, "cli/newDemo.ts", ["bar-chart"]);
    expect(created.status, created.stderr).toBe(0);
    // The generated test mounts and cleans up the generated demo in Chromium: that, not its text, is the check.
    const vitest = spawnSync(
      process.execPath,
      [path.join(repoRoot, "node_modules/vitest/vitest.mjs"), "run", "test/demo-bar-chart.test.ts"],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, FORCE_COLOR: "0" },
      },
    );
    expect(vitest.status, `${vitest.stdout}\n${vitest.stderr}`).toBe(0);
    expect(vitest.stdout).toMatch(/1 passed/);
  });

  it("refuses to overwrite a demo, and refuses names that are not lower-case words", () => {
    const again = runCli(root, "cli/newDemo.ts", ["bar-chart"]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exist");
    expect(() => checkDemoName("Bar Chart")).toThrow(/lower-case words/);
    expect(() => checkDemoName(undefined)).toThrow(/give the demo a name/);
  });
});
