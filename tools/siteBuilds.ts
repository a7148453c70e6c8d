// Real builds for tests and benchmarks: the repo's own site, or a fixture site made of the repo's templates and
// config plus fixture posts, built by the same `npm run build` code path into a temporary folder. Benchmarks build
// in a process of its own (runBuild); the tests' builds go through the run's build service (buildService.ts).
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..");
/** What a site is made of besides its posts; tooling folders and outputs stay out. */
const SITE_SOURCES = [
  ".eleventy.ts",
  "_config",
  "cli",
  "server",
  "_config.yml",
  "_data",
  "_includes",
  "pages",
  "public",
  "demos",
  "tsconfig.json",
  "package.json",
];

export interface BuiltSite {
  /** The folder the build ran in (a fixture site's root, or the repo). */
  root: string;
  /** The built site. */
  output: string;
  status: number;
  stdout: string;
  stderr: string;
}

export interface BuildRun {
  env?: Record<string, string>;
  output?: string;
  args?: string[];
}

/** The command line and environment of `npm run build`'s entry point, writing to `output`. */
function buildInvocation(root: string, { env = {}, output = path.join(root, "_site"), args = [] }: BuildRun) {
  return {
    output,
    // tsx as an import hook in one process: the `tsx` command would start a second (0.15 CPU-s a build).
    args: ["--import", "tsx", "cli/build.ts", "--output", output, ...args],
    options: { cwd: root, env: { ...process.env, ...env, FORCE_COLOR: "0" }, encoding: "utf8" as const },
  };
}

/** Runs `npm run build`'s entry point in `root`, the way the CLI does. */
export function runBuild(root: string, run: BuildRun = {}): BuiltSite {
  const { output, args, options } = buildInvocation(root, run);
  const result = spawnSync(process.execPath, args, options);
  return { root, output, status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Makes a throwaway site: the repo's templates, config and data, with `posts/` (and `drafts/`) taken
 * from a fixture folder instead of the repo's own.
 */
export function makeFixtureSite(fixture: {
  posts?: string;
  drafts?: string;
  files?: Record<string, string>;
  /** A folder of demo folders copied into the site's `demos/`. */
  demos?: string;
  /** Keep only these of the repo's own demos (the loader and other `_`-folders always stay); default all. */
  keepRepoDemos?: string[];
  /**
   * Draw social cards as this blog does (`social_cards: true` in its `_config.yml`); default off, as for any blog
   * that does not turn them on: a card is ~0.15 CPU-s, and only the tests of cards look at them.
   */
  socialCards?: boolean;
  /**
   * Keep the search page's island (demos/site-search); default on. Off, /search/ is a plain page (the site's
   * links to it hold) and a site with no other demo bundles and type-checks none: about 1 CPU-s less a build.
   */
  searchIsland?: boolean;
}): string {
  const root = mkdtempSync(path.join(tmpdir(), "blog-fixture-"));
  for (const source of SITE_SOURCES) {
    const from = path.join(repoRoot, source);
    if (existsSync(from)) cpSync(from, path.join(root, source), { recursive: true });
  }
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  if (!fixture.socialCards) {
    // As a blogger would: the one top-level key changed in the site's own `_config.yml`, every other line as written.
    const file = path.join(root, "_config.yml");
    const config = readFileSync(file, "utf8");
    const off = "social_cards: false";
    writeFileSync(
      file,
      /^social_cards:.*$/m.test(config) ? config.replace(/^social_cards:.*$/m, off) : `${config}\n${off}\n`,
    );
  }
  if (fixture.searchIsland === false) writeFileSync(path.join(root, "pages/search.njk"), PLAIN_SEARCH_PAGE);
  cpSync(path.join(repoRoot, "posts/posts.11tydata.ts"), path.join(root, "posts/posts.11tydata.ts"));
  cpSync(path.join(repoRoot, "drafts/drafts.11tydata.ts"), path.join(root, "drafts/drafts.11tydata.ts"));
  if (fixture.posts) copyPosts(path.resolve(repoRoot, fixture.posts), path.join(root, "posts"));
  if (fixture.drafts) copyPosts(path.resolve(repoRoot, fixture.drafts), path.join(root, "drafts"));
  if (fixture.keepRepoDemos) {
    for (const entry of readdirSync(path.join(root, "demos"), { withFileTypes: true })) {
      // site-search is the search page's own (pages/search.njk places it), not a demo a fixture chooses.
      if (
        entry.isDirectory() &&
        !entry.name.startsWith("_") &&
        entry.name !== "site-search" &&
        !fixture.keepRepoDemos.includes(entry.name)
      ) {
        rmSync(path.join(root, "demos", entry.name), { recursive: true });
      }
    }
  }
  if (fixture.demos) cpSync(path.resolve(repoRoot, fixture.demos), path.join(root, "demos"), { recursive: true });
  for (const [file, text] of Object.entries(fixture.files ?? {})) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return root;
}

const PLAIN_SEARCH_PAGE =
  "---\nlayout: page\ntitle: Search\npermalink: /search/\nsitemap: false\n---\nSearch is off here.\n";

/** A fixture folder's posts, whatever their extension (its data files stay out). */
function copyPosts(from: string, to: string): void {
  for (const name of readdirSync(from))
    if (/\.(?:md|markdown|mkdn|mkd|html|njk)$/.test(name)) cpSync(path.join(from, name), path.join(to, name));
}

/** Builds the repo's own site into a temporary folder (the repo's `_site` is left alone). */
export function buildRepoSite(run: Omit<BuildRun, "output"> = {}): BuiltSite {
  const output = mkdtempSync(path.join(tmpdir(), "blog-site-"));
  return runBuild(repoRoot, { ...run, output });
}

/** Fails with the build's own output, so a broken build explains itself in the test report. */
export function expectBuilt(site: BuiltSite): BuiltSite {
  if (site.status !== 0) throw new Error(`build failed (exit ${site.status}):\n${site.stdout}\n${site.stderr}`);
  return site;
}
