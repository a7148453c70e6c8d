// The Jekyll fixture site and the commands around it: `npm run import:jekyll` run as a real process, and Jekyll
// itself (Debian's `jekyll` package), found or installed the way globalSetup.ts finds Chromium.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { textContent } from "domutils";
import { parseDocument } from "htmlparser2";
import type { AnyNode } from "domhandler";
import { repoRoot } from "./site.ts";

const tsxCli = path.join(repoRoot, "node_modules/tsx/dist/cli.mjs");
export const JEKYLL_FIXTURE = path.join(repoRoot, "test/fixtures/jekyll-site");
export const JEKYLL_PACKAGES = ["jekyll", "ruby-jekyll-feed", "ruby-jekyll-seo-tag", "ruby-jekyll-redirect-from"];

export interface CommandRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** A throwaway copy of the fixture (Jekyll writes `.jekyll-cache/` into the site it builds). */
export function copyJekyllFixture(): string {
  const copy = mkdtempSync(path.join(tmpdir(), "jekyll-site-"));
  cpSync(JEKYLL_FIXTURE, copy, { recursive: true });
  return copy;
}

/** `npm run import:jekyll -- …args` in `project`, as the script runs it. */
export function runImportJekyll(project: string, args: string[]): CommandRun {
  const result = spawnSync(process.execPath, [tsxCli, path.join(project, "cli/importJekyll.ts"), ...args], {
    cwd: project,
    env: { ...process.env, FORCE_COLOR: "0" },
    encoding: "utf8",
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `root` (tooling links left out) with a hash of its bytes, to show what a command changed. */
export function fileHashes(root: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(relative);
      else
        hashes.set(
          relative,
          createHash("sha256")
            .update(readFileSync(path.join(root, relative)))
            .digest("hex"),
        );
    }
  };
  walk("");
  return hashes;
}

const jekyllVersion = (): string | null => {
  const result = spawnSync("jekyll", ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
};

/**
 * Jekyll's version, installing Debian's packages first when it is missing and this is root on Debian; else null
 * with the reason, for a test to skip with.
 */
export function findOrInstallJekyll(): { version: string } | { missing: string } {
  const version = jekyllVersion();
  if (version) return { version };
  const install = `apt-get install ${JEKYLL_PACKAGES.join(" ")}`;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get"))
    return { missing: `jekyll is not installed and cannot be here (not root, or no apt-get): ${install}` };
  try {
    console.log(`Installing Jekyll for the parity test (${install})…`);
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...JEKYLL_PACKAGES], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch (error) {
    return { missing: `jekyll is not installed and \`${install}\` failed: ${(error as Error).message}` };
  }
  const installed = jekyllVersion();
  return installed ? { version: installed } : { missing: `jekyll is still missing after \`${install}\`` };
}

/** `jekyll build -s source -d output`, with Jekyll's own environment (no bundler: Debian's gems are global). */
export function buildWithJekyll(source: string, output: string): CommandRun {
  const result = spawnSync("jekyll", ["build", "-s", source, "-d", output], {
    env: { ...process.env, JEKYLL_ENV: "production", JEKYLL_NO_BUNDLER_REQUIRE: "true", LANG: "C.UTF-8" },
    encoding: "utf8",
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** The text a reader sees, whitespace collapsed. */
export function visibleText(element: AnyNode | null | undefined): string {
  return element ? normaliseWhitespace(textContent(element)) : "";
}

export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export interface AtomEntry {
  /** The entry's link, %-decoded. */
  link: string;
  /** `<updated>` as epoch milliseconds (NaN when missing). */
  updated: number;
  summary: string;
  author: string;
  categories: string[];
}

/** The entries of an Atom feed, read with patterns (both Jekyll's and ours write one element per tag). */
export function atomEntries(feed: string): AtomEntry[] {
  return [...feed.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map(([, entry = ""]) => ({
    link: decodeURI(/<link[^>]*href="([^"]+)"/.exec(entry)?.[1] ?? ""),
    updated: Date.parse(/<updated>([^<]+)<\/updated>/.exec(entry)?.[1] ?? ""),
    // `type="html"`: the XML text is HTML, whose own text is what a reader shows.
    summary: normaliseWhitespace(
      textContent(
        parseDocument(xmlText(/<summary[^>]*>([\s\S]*?)<\/summary>/.exec(entry)?.[1] ?? "", { keepMarkup: true })),
      ),
    ),
    author: xmlText(/<author>\s*<name>([\s\S]*?)<\/name>/.exec(entry)?.[1] ?? ""),
    categories: [...entry.matchAll(/<category term="([^"]+)"/g)].map(([, term = ""]) => xmlText(term)),
  }));
}

/** The text of an XML element's content: CDATA unwrapped, entities decoded, markup dropped, whitespace collapsed. */
export function xmlText(xml: string, { keepMarkup = false } = {}): string {
  // Entities are decoded outside CDATA sections only: a CDATA section's text is literal.
  const decoded = xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith("<![CDATA[")
        ? part.slice("<![CDATA[".length, -"]]>".length)
        : part
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&quot;/g, '"')
            .replace(/&#39;|&apos;/g, "'")
            .replace(/&amp;/g, "&"),
    )
    .join("");
  return keepMarkup ? decoded : normaliseWhitespace(decoded.replace(/<[^>]+>/g, ""));
}
