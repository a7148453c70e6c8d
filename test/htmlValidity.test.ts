// Every page of the real site (and of the hostile-input and kramdown-features fixtures) passes the Nu HTML Checker with no
// errors. vnu-jar needs Java (17 here); one JVM checks all three sites.
import { execFile } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureSite, repoSite } from "./helpers/sharedSites.ts";
import { expectBuilt, repoRoot, type BuiltSite } from "./helpers/site.ts";

const VNU_JAR = path.join(repoRoot, "node_modules/vnu-jar/build/dist/vnu.jar");

interface VnuMessage {
  type: "error" | "info" | "non-document-error";
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
}

/** Runs vnu over folders; resolves with its JSON messages (it exits 1 when there are errors, which is data here). */
function validate(folders: string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    execFile(
      "java",
      ["-jar", VNU_JAR, "--format", "json", "--skip-non-html", ...folders],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        try {
          resolve((JSON.parse(stderr) as { messages: VnuMessage[] }).messages);
        } catch {
          reject(error ?? new Error(`vnu printed no JSON: ${stderr.slice(0, 500)}`));
        }
      },
    );
  });
}

const describeMessage = (m: VnuMessage) =>
  `${m.url?.replace(/^file:.*?blog-[a-z]+-\w+\//, "/")}:${m.lastLine}: ${m.message}`;

let repoBuild: BuiltSite;
let hostileSite: BuiltSite;
let markdownSite: BuiltSite;
let messages: VnuMessage[];

beforeAll(async () => {
  [repoBuild, hostileSite, markdownSite] = (
    await Promise.all([repoSite(), fixtureSite("hostile"), fixtureSite("markdown")])
  ).map(expectBuilt) as [BuiltSite, BuiltSite, BuiltSite];
  messages = await validate([repoBuild.output, hostileSite.output, markdownSite.output]);
}, 300_000);

describe("Nu HTML Checker", () => {
  it("finds no errors on any page of the repo's site", () => {
    const errors = messages.filter((m) => m.type !== "info" && m.url?.startsWith(`file:${repoBuild.output}`));
    expect(errors.map(describeMessage)).toEqual([]);
  });

  it("finds no errors on the hostile-input site either", () => {
    const errors = messages.filter((m) => m.type !== "info" && m.url?.startsWith(`file:${hostileSite.output}`));
    expect(errors.map(describeMessage)).toEqual([]);
  });

  it("finds no errors on the kramdown-features site (footnotes, TOC, MathML, code captions, line numbers)", () => {
    const errors = messages.filter((m) => m.type !== "info" && m.url?.startsWith(`file:${markdownSite.output}`));
    expect(errors.map(describeMessage)).toEqual([]);
  });

  it("reports errors when a page has them (the check can fail)", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(path.join(tmpdir(), "vnu-bad-"));
    writeFileSync(path.join(dir, "index.html"), "<!doctype html><html lang=en><title>x</title><p><div></p></span>");
    expect((await validate([dir])).filter((m) => m.type === "error").length).toBeGreaterThan(0);
  });
});
