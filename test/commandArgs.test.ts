// Every command reads its arguments strictly: an unknown option stops it, naming the option and giving the usage,
// instead of being ignored (as `npm run build -- --output=x` once was).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { positiveInteger, UsageError } from "../cli/commandArgs.ts";
import type { CommandRefusal } from "./helpers/commandRefusals.ts";
import { makeFixtureSite, repoRoot } from "./helpers/site.ts";

const COMMANDS = [
  "cli/build.ts",
  "cli/preview.ts",
  "cli/newPost.ts",
  "cli/newDemo.ts",
  "cli/fixEncoding.ts",
  "cli/importJekyll.ts",
  "bench/build.ts",
  "bench/measureBuild.ts",
  "bench/rebuild.ts",
  "bench/preview.ts",
  "bench/lighthouse.ts",
  "bench/pageWeight.ts",
  "bench/profileSummary.ts",
  "bench/cardsAndSearch.ts",
  "bench/demo.ts",
];

describe("an unknown option", () => {
  // Each command parses its arguments before its heavy imports; all of them run in one process, each as Node would
  // start it (test/helpers/commandRefusals.ts), which takes the status it exits with.
  let refusals: Map<string, CommandRefusal>;
  beforeAll(() => {
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(repoRoot, "test/helpers/commandRefusals.ts"),
        "--no-such-option",
        "--",
        ...COMMANDS,
      ],
      { cwd: repoRoot, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
    );
    expect(result.status, result.stderr).toBe(0);
    refusals = new Map((JSON.parse(result.stdout) as CommandRefusal[]).map((refusal) => [refusal.script, refusal]));
  });

  it.each(COMMANDS)("stops %s with the option's name and the usage", (script) => {
    const refusal = refusals.get(script)!;
    expect(refusal.status, refusal.output).toBeGreaterThan(0);
    expect(refusal.output).toContain("Unknown option '--no-such-option'");
    expect(refusal.output).toMatch(/^usage: /m);
  });
});

describe("a count option", () => {
  it("takes a whole number of at least 1, and names the option and the usage otherwise", () => {
    expect(positiveInteger("usage: x", "posts", "1000")).toBe(1000);
    for (const bad of ["0", "-3", "1.5", "many", undefined]) {
      expect(() => positiveInteger("usage: x", "posts", bad)).toThrow(UsageError);
      expect(() => positiveInteger("usage: x", "posts", bad)).toThrow(
        /--posts must be a positive integer[\s\S]*usage: x/,
      );
    }
  });
});

describe("npm run build's --output", () => {
  it("takes the folder as --output=<folder> and as --output <folder>", () => {
    const root = makeFixtureSite({
      searchIsland: false,
      files: { "posts/2024-01-01-one.md": "---\nlayout: post\ntitle: One\n---\nA post.\n" },
    });
    const joined = path.join(mkdtempSync(path.join(tmpdir(), "blog-output-")), "joined");
    const result = spawnSync("npm", ["run", "build", "--", `--output=${joined}`, "--quiet"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(existsSync(path.join(joined, "index.html"))).toBe(true);
    expect(existsSync(path.join(root, "_site"))).toBe(false);
    // `--output <folder>`, as two arguments, is how every test build runs (tools/siteBuilds.ts runBuild).
  });
});
