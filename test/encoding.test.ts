// The mojibake guard: finding UTF-8 text that was read as Windows-1252, and `npm run fix-encoding`
// repairing it in place (only runs that decode cleanly), printing each change.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findMojibake, repairMojibake, repairRun } from "../_config/mojibake.ts";
import { repoRoot } from "./helpers/site.ts";

const SEED_POST = path.join(repoRoot, "posts/2018-10-31-why-gpu-is-important-for-training-deeplearning-models.md");

describe("repairRun", () => {
  it("repairs the usual sequences, emoji included", () => {
    expect(repairRun("â€™")).toBe("’");
    expect(repairRun("Ã©")).toBe("é");
    expect(repairRun("ðŸ’š")).toBe("💚");
    expect(repairRun("â€œ")).toBe("“");
  });

  it("leaves text that is not mojibake alone", () => {
    expect(repairRun("café")).toBeNull(); // é alone is not valid UTF-8 once re-encoded
    expect(repairRun("💚")).toBeNull(); // not in Windows-1252 at all
    expect(repairRun("’")).toBeNull();
    expect(repairRun("Ã")).toBeNull();
  });
});

describe("findMojibake", () => {
  it("gives line and column of each run", () => {
    expect(findMojibake("ok\nIt’s fine, itâ€™s not\n\ncafÃ© 💚 ðŸ’š")).toEqual([
      { line: 2, column: 14, from: "â€™", to: "’" },
      { line: 4, column: 4, from: "Ã©", to: "é" },
      { line: 4, column: 10, from: "ðŸ’š", to: "💚" },
    ]);
  });

  it("finds nothing in the repaired seed post, which keeps its 💚", () => {
    const seed = readFileSync(SEED_POST, "utf8");
    expect(findMojibake(seed)).toEqual([]);
    expect(seed).toContain("💚");
  });

  it("repairMojibake replaces only the runs that decode", () => {
    expect(repairMojibake("Itâ€™s cafÃ©, café and 💚").text).toBe("It’s café, café and 💚");
  });
});

describe("npm run fix-encoding", () => {
  it("repairs files in place and prints each change with file, line and column", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fix-encoding-"));
    const broken = path.join(dir, "broken.md");
    const clean = path.join(dir, "clean.md");
    writeFileSync(broken, "---\ntitle: Itâ€™s\n---\nLove it ðŸ’š and café.\n");
    writeFileSync(clean, "---\ntitle: Fine\n---\nAlready 💚.\n");
    const result = spawnSync("npm", ["run", "-s", "fix-encoding", "--", broken, clean], { cwd: repoRoot, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([`${broken}:2:10: â€™ → ’`, `${broken}:4:9: ðŸ’š → 💚`, `${clean}: nothing to repair`]);
    expect(readFileSync(broken, "utf8")).toBe("---\ntitle: It’s\n---\nLove it 💚 and café.\n");
    expect(readFileSync(clean, "utf8")).toBe("---\ntitle: Fine\n---\nAlready 💚.\n");
  });

  it("fails, naming the file, when a file cannot be read", () => {
    const result = spawnSync("npm", ["run", "-s", "fix-encoding", "--", "/nonexistent/post.md"], { cwd: repoRoot, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("/nonexistent/post.md: ENOENT");
  });
});
