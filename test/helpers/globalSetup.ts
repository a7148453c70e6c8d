// Once per run, before any test file: Chromium must be there (browser tests must never skip silently), and the run
// gets its folder of shared builds (sharedSites.ts) and its build service (tools/buildService.ts), provided to every
// test file (https://vitest.dev/config/#globalsetup).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startBuildService, type BuildService } from "../../tools/buildService.ts";
import { findChromium, chromiumMissingMessage } from "../../tools/chromium.ts";
// For `provide`'s type: sharedSites.ts declares what the run provides.
import type {} from "./sharedSites.ts";

function ensureChromium(): void {
  if (findChromium()) return;
  const isRoot = process.getuid?.() === 0;
  let hasAptGet = false;
  try {
    execFileSync("which", ["apt-get"], { stdio: "ignore" });
    hasAptGet = true;
  } catch {
    // No apt-get: the message below says how to install Chromium by hand.
  }
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

// Vitest runs globalSetup once per project (the root and each of vitest.config.ts's projects): one folder for all.
const state = globalThis as { runFolder?: string; sharedBuilds?: string; buildService?: Promise<BuildService> };

/**
 * The run's temporary folder: TMPDIR for the workers, build hosts, browsers and commands the run starts, so the
 * fixture sites, builds and profiles they make (~140 MB a run) go when the run ends instead of piling up in /tmp.
 */
function runFolder(): string {
  if (!state.runFolder) {
    state.runFolder = mkdtempSync(path.join(tmpdir(), "blog-test-run-"));
    process.env.TMPDIR = state.runFolder;
  }
  return state.runFolder;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureChromium();
  const run = runFolder();
  const folder = (state.sharedBuilds ??= mkdtempSync(path.join(run, "blog-shared-")));
  project.provide("sharedBuilds", folder);
  const service = await (state.buildService ??= startBuildService());
  project.provide("buildService", service.url);
  return async () => {
    if (!state.sharedBuilds) return;
    state.sharedBuilds = undefined;
    state.buildService = undefined;
    await service.close();
    // The workers' shared Chromiums (test/helpers/chromium.ts) exit with their workers, just before this runs, and
    // may still be removing their profiles in this folder: ENOTEMPTY, retried.
    rmSync(run, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
}
