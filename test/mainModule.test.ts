// Entry points run from a folder whose path has a space (or through a symlink): `file://${argv[1]}` never
// equalled import.meta.url there, so `npm run build` did nothing and exited 0.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { isMainModule } from "../cli/mainModule.ts";
import { makeFixtureSite, repoRoot } from "./helpers/site.ts";

const tsxCli = path.join(repoRoot, "node_modules/tsx/dist/cli.mjs");

describe("the main-module check", () => {
  it("compares URLs, so a space or a symlink in the path still matches", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "main module "));
    const link = path.join(dir, "linked build.ts");
    symlinkSync(path.join(repoRoot, "cli/build.ts"), link);
    const real = pathToFileURL(path.join(repoRoot, "cli/build.ts")).href;
    expect(isMainModule(real, path.join(repoRoot, "cli/build.ts"))).toBe(true);
    expect(isMainModule(real, link)).toBe(true);
    expect(isMainModule(pathToFileURL(path.join(dir, "a b.ts")).href, path.join(dir, "a b.ts"))).toBe(true);
    expect(isMainModule(real, undefined)).toBe(false);
  });

  it("lets `npm run build` build from a folder whose path has a space", () => {
    const site = makeFixtureSite({
      searchIsland: false,
      files: { "posts/2024-01-01-one.md": "---\nlayout: post\ntitle: One\n---\nA post.\n" },
    });
    const root = `${site} with space`;
    renameSync(site, root);
    const result = spawnSync(process.execPath, [tsxCli, path.join(root, "cli/build.ts"), "--quiet"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Built _site in/);
    expect(existsSync(path.join(root, "_site/index.html"))).toBe(true);
  });
});
