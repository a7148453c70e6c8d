// `npm start` (Eleventy's watch/serve modes) previews drafts, unpublished and future posts; builds leave them out.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileForUrl, makeFixtureSite, repoRoot } from "./helpers/site.ts";

/** Runs Eleventy in watch mode (what `npm start` runs, minus the server) until its first build is written. */
async function firstWatchBuild(root: string, output: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
      "node_modules/@11ty/eleventy/cmd.cjs",
      "--config=.eleventy.ts",
      "--watch",
      `--output=${output}`,
    ],
    { cwd: root, env: { ...process.env, FORCE_COLOR: "0" } },
  );
  let log = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Watching")) resolve();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("exit", (code) => reject(new Error(`eleventy --watch exited with ${code}:\n${log}`)));
    });
  } finally {
    child.kill();
  }
}

describe("preview mode", () => {
  it("shows drafts, unpublished and future posts", async () => {
    const root = makeFixtureSite({ posts: "test/fixtures/jekyll/posts", drafts: "test/fixtures/jekyll/drafts" });
    const output = mkdtempSync(path.join(tmpdir(), "blog-preview-"));
    await firstWatchBuild(root, output);
    expect(existsSync(fileForUrl(output, "/2019/05/01/unpublished.html"))).toBe(true);
    expect(existsSync(fileForUrl(output, "/2999/01/01/from-the-future.html"))).toBe(true);
    const today = new Date();
    // A draft has no date in its name: Eleventy dates it by the file, as Jekyll does.
    const ymd = [
      today.getUTCFullYear(),
      String(today.getUTCMonth() + 1).padStart(2, "0"),
      String(today.getUTCDate()).padStart(2, "0"),
    ];
    expect(existsSync(fileForUrl(output, `/${ymd.join("/")}/a-draft-without-date.html`))).toBe(true);
  });
});
