// The mojibake guard: finding UTF-8 text that was read as Windows-1252, and `npm run fix-encoding`
// repairing it in place (only runs that decode cleanly), printing each change.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findMojibake, invalidUtf8, repairMojibake, repairRun } from "../_config/mojibake.ts";
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
    const result = spawnSync("npm", ["run", "-s", "fix-encoding", "--", broken, clean], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([
      `${broken}:2:10: â€™ → ’`,
      `${broken}:4:9: ðŸ’š → 💚`,
      `${clean}: nothing to repair`,
    ]);
    expect(readFileSync(broken, "utf8")).toBe("---\ntitle: It’s\n---\nLove it 💚 and café.\n");
    expect(readFileSync(clean, "utf8")).toBe("---\ntitle: Fine\n---\nAlready 💚.\n");
  });

  it("refuses a file with bytes that are not UTF-8, naming them by line:col, and leaves it untouched", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fix-encoding-"));
    const mixed = path.join(dir, "mixed.md");
    // Mojibake on line 2, and a raw Latin-1 é (0xE9) on line 4: repairing would have turned the é into U+FFFD.
    const original = Buffer.concat([
      Buffer.from("---\ntitle: Itâ€™s\n---\nA caf"),
      Buffer.from([0xe9]),
      Buffer.from(" and "),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(".\n"),
    ]);
    writeFileSync(mixed, original);
    const result = spawnSync("npm", ["run", "-s", "fix-encoding", "--", mixed], { cwd: repoRoot, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${mixed}:4:6: 0xE9 is not UTF-8`);
    expect(result.stderr).toContain(`${mixed}:4:12: 0xFF 0xFE is not UTF-8`);
    expect(result.stderr).toContain(`${mixed}: not repaired`);
    expect(readFileSync(mixed)).toEqual(original);
  });

  it("invalidUtf8 accepts every valid sequence and flags overlong and surrogate forms", () => {
    expect(invalidUtf8(Buffer.from("aé’💚\n"))).toEqual([]);
    expect(invalidUtf8(Buffer.from([0x61, 0xc0, 0xaf, 0x0a, 0xed, 0xa0, 0x80]))).toEqual([
      { line: 1, column: 2, bytes: ["0xC0", "0xAF"] },
      { line: 2, column: 1, bytes: ["0xED", "0xA0", "0x80"] },
    ]);
  });

  it("fails, naming the file, when a file cannot be read", () => {
    const result = spawnSync("npm", ["run", "-s", "fix-encoding", "--", "/nonexistent/post.md"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("/nonexistent/post.md: ENOENT");
  });
});
