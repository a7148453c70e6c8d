// One build per distinct site per test run, shared read-only by every test file that reads it (issue 14).
// globalSetup makes the run's folder and provides it; the repo's site or a fixture site is built by the first test
// file that asks for it, and test files that ask later wait for that build. A run that reads no site (one unit-test
// file, or the test `npm run new:demo` writes) builds none.
// A test that must change a site builds its own (buildFixtureSite) or copies this one: it never writes here.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";
import { makeFixtureSite, repoRoot, type BuiltSite } from "../../tools/siteBuilds.ts";
import { SHARED_FIXTURES, type SharedFixtureName } from "./fixtures.ts";
import { buildWithJekyll } from "./jekyllSite.ts";
import { SEO_FIXTURE } from "./seoFixture.ts";
import { runBuild } from "./site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's folder of shared builds: `<name>/result.json` once the build of `<name>` has finished. */
    sharedBuilds: string;
  }
}

/** The name the repo's own site is shared under. */
const REPO_SITE = "repo";
const POLL_MS = 250;

const resultFile = (folder: string, name: string) => path.join(folder, name, "result.json");

/**
 * Starts `make` under `name` unless someone already has (the folder's creation is the claim, atomic across
 * processes); resolves with its result once written, or with undefined when another process makes it.
 */
function claimBuild<T>(folder: string, name: string, make: () => Promise<T>): Promise<T> | undefined {
  try {
    mkdirSync(path.join(folder, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw error;
  }
  const record = (outcome: { result: T } | { error: string }) => {
    const file = resultFile(folder, name);
    writeFileSync(`${file}.partial`, JSON.stringify(outcome));
    renameSync(`${file}.partial`, file);
  };
  return make().then(
    (result) => {
      record({ result });
      return result;
    },
    (error: unknown) => {
      // The files waiting for this build fail with its error instead of waiting until their timeout.
      record({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      throw error;
    },
  );
}

async function awaitBuild<T>(folder: string, name: string): Promise<T> {
  for (;;) {
    try {
      const outcome = JSON.parse(readFileSync(resultFile(folder, name), "utf8")) as { result: T } | { error: string };
      if ("error" in outcome) throw new Error(`the shared build "${name}" failed: ${outcome.error}`);
      return outcome.result;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    await sleep(POLL_MS);
  }
}

/** `make`'s result, made by whichever test file of the run asks first. */
function shared<T>(name: string, make: () => Promise<T>): Promise<T> {
  const folder = sharedFolder();
  return claimBuild(folder, name, make) ?? awaitBuild<T>(folder, name);
}

function sharedFolder(): string {
  const folder = inject("sharedBuilds");
  if (!folder) throw new Error("no shared builds folder: run the tests with vitest (test/helpers/globalSetup.ts)");
  return folder;
}

/** The repo's own site, built once per run into the shared folder (check it with expectBuilt). */
export function repoSite(): Promise<BuiltSite> {
  const folder = sharedFolder();
  return shared(REPO_SITE, () => runBuild(repoRoot, { output: path.join(folder, REPO_SITE, "site") }));
}

/** A fixture site of SHARED_FIXTURES, built by whichever test file asks first (check it with expectBuilt). */
export function fixtureSite(name: SharedFixtureName): Promise<BuiltSite> {
  return shared(name, () => runBuild(makeFixtureSite(SHARED_FIXTURES[name])));
}

/** test/fixtures/seo built by Jekyll itself (jekyllSite.ts), once per run: the built folder. */
export function seoFixtureByJekyll(): Promise<string> {
  return shared("seo-jekyll", () => Promise.resolve(buildWithJekyll(SEO_FIXTURE)));
}
