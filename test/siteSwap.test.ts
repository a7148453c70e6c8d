// The staging folder of a failed build is removed even while its last writers (cards, images) still add files.
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recoverSite, removeStaging } from "../cli/build/siteSwap.ts";

describe("removeStaging", () => {
  it("removes a staging folder while a writer keeps adding files to it, as a failed build's cards do", async () => {
    for (let round = 0; round < 20; round++) {
      const staging = mkdtempSync(path.join(tmpdir(), "staging-"));
      const cards = path.join(staging, "assets", "cards");
      mkdirSync(cards, { recursive: true });
      // Like the social-card writer: one file after another into a folder made once, until a write finds it gone.
      const writer = (async () => {
        for (let card = 0; ; card++) {
          try {
            await writeFile(path.join(cards, `${card}.png`), "card");
          } catch {
            return;
          }
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await removeStaging(staging);
      await writer;
      expect(existsSync(staging)).toBe(false);
    }
  });

  it("leaves a folder whose removal was cut short for the next build to sweep", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "swap-"));
    const finalDir = path.join(parent, "_site");
    mkdirSync(finalDir);
    // A process that no longer runs (pids stay below 2^22 on Linux).
    const leftover = path.join(parent, "_site.staging-4194999-removing");
    mkdirSync(path.join(leftover, "assets"), { recursive: true });
    const lines = await recoverSite(finalDir);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(finalDir)).toBe(true);
    expect(lines.join("\n")).toContain("_site.staging-4194999-removing");
  });
});
