// Puts a finished build in place of `_site`, and cleans up after builds that were killed.
// Node has no atomic swap of two folders (Linux's renameat2(RENAME_EXCHANGE) is not exposed), so the swap is two
// renames: `_site` → `_site.old-<pid>`, then staging → `_site`. A kill between them leaves no `_site` for an instant;
// the next build or preview puts the retired copy back (recoverSite) before anything else.
import { existsSync, readdirSync, statSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";

const LEFTOVER = /^(?<base>.+)\.(?<kind>staging|old)-(?<pid>\d+)(?:-removing)?$/;

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface Leftover {
  dir: string;
  kind: "staging" | "old";
  pid: number;
}

/** `_site.staging-<pid>` and `_site.old-<pid>` folders whose build is no longer running. */
export function leftoversOf(finalDir: string): Leftover[] {
  const parent = path.dirname(finalDir);
  const base = path.basename(finalDir);
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true }).flatMap((entry) => {
    const match = LEFTOVER.exec(entry.name);
    if (!entry.isDirectory() || match?.groups?.base !== base) return [];
    const pid = Number(match.groups.pid);
    return isRunning(pid)
      ? []
      : [{ dir: path.join(parent, entry.name), kind: match.groups.kind as Leftover["kind"], pid }];
  });
}

/**
 * Restores `_site` from the newest retired copy if a killed swap left none, then removes every other leftover.
 * Returns what it did, one line each, for the caller to print.
 */
export async function recoverSite(finalDir: string): Promise<string[]> {
  const done: string[] = [];
  const leftovers = leftoversOf(finalDir);
  if (!existsSync(finalDir)) {
    const retired = leftovers
      .filter((leftover) => leftover.kind === "old" && existsSync(path.join(leftover.dir, "index.html")))
      .sort((a, b) => statSync(b.dir).mtimeMs - statSync(a.dir).mtimeMs)[0];
    if (retired) {
      await rename(retired.dir, finalDir);
      done.push(
        `restored ${path.basename(finalDir)} from ${path.basename(retired.dir)} (a build was killed while swapping)`,
      );
    }
  }
  for (const leftover of leftovers) {
    if (!existsSync(leftover.dir)) continue;
    await rm(leftover.dir, { recursive: true, force: true });
    done.push(`removed ${path.basename(leftover.dir)}, left by a killed build`);
  }
  return done;
}

/** Swaps a finished build into place with renames, so readers never see a half-written site. */
export async function replaceSite(stagingDir: string, finalDir: string): Promise<void> {
  const retired = `${finalDir}.old-${process.pid}`;
  if (existsSync(finalDir)) await rename(finalDir, retired);
  await rename(stagingDir, finalDir);
  await rm(retired, { recursive: true, force: true });
}

/**
 * Removes a staging folder, also while a failed build's last writes (a card, an image) still land in it: renamed
 * first, so those writers find their folder gone and stop, then removed. The name still matches `.staging-*`, so a
 * killed process's leftover is swept by the next build (recoverSite).
 */
export async function removeStaging(stagingDir: string): Promise<void> {
  const removing = `${stagingDir}-removing`;
  try {
    await rename(stagingDir, removing);
  } catch {
    // Never made, or already gone.
    await rm(stagingDir, { recursive: true, force: true });
    return;
  }
  // A write that had opened its file before the rename may still finish: retry on ENOTEMPTY.
  await rm(removing, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
}
