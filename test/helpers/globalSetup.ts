// Once per run, before any test file: Chromium must be there (browser tests must never skip silently), and the
// repo's own site starts building into the run's shared folder (sharedSites.ts) while the first tests run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findChromium, chromiumMissingMessage } from "../../tools/chromium.ts";
import { repoRoot, runBuildAsync } from "../../tools/siteBuilds.ts";
import { claimBuild, REPO_SITE } from "./sharedSites.ts";

function ensureChromium(): void {
  if (findChromium()) return;
  const isRoot = process.getuid?.() === 0;
  let hasAptGet = false;
  try {
    execFileSync("which", ["apt-get"], { stdio: "ignore" });
    hasAptGet = true;
  } catch {}
  if (isRoot && hasAptGet) {
    console.log("Installing Debian's chromium for the browser tests (apt-get install chromium)…");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (findChromium()) return;
  }
  throw new Error(chromiumMissingMessage);
}

interface SharedBuilds {
  folder: string;
  repoBuild: AbortController;
}

// Vitest runs globalSetup once per project (the root and each of vitest.config.ts's projects): one folder for all.
const state = globalThis as { sharedBuilds?: SharedBuilds };

function startSharedBuilds(): SharedBuilds {
  const folder = mkdtempSync(path.join(tmpdir(), "blog-shared-"));
  const repoBuild = new AbortController();
  claimBuild(folder, REPO_SITE, () =>
    runBuildAsync(repoRoot, { output: path.join(folder, REPO_SITE, "site"), signal: repoBuild.signal }),
  )?.catch((error: unknown) => {
    // Once torn down, the folder is gone; before that, a build that cannot record itself leaves tests waiting.
    if (!repoBuild.signal.aborted) console.error("the repo's shared build could not be recorded:", error);
  });
  return { folder, repoBuild };
}

export default function setup(project: TestProject): () => void {
  ensureChromium();
  const shared = (state.sharedBuilds ??= startSharedBuilds());
  project.provide("sharedBuilds", shared.folder);
  return () => {
    if (!state.sharedBuilds) return;
    state.sharedBuilds = undefined;
    // A run that never needed the repo's site (one unit-test file) does not wait for it.
    shared.repoBuild.abort();
    rmSync(shared.folder, { recursive: true, force: true });
  };
}
