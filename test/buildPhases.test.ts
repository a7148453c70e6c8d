// The build's phase timers: a real build of the repo's site (a demo, an image, a social card) with timings on
// reports every phase once, in the order the build reaches them, with non-negative numbers. No time is asserted.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_PHASES, type BuildPhase } from "../_config/buildPhases.ts";
import { buildRepoSite, expectBuilt, type BuiltSite } from "./helpers/site.ts";

let site: BuiltSite;
let phases: BuildPhase[];

beforeAll(async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "build-phases-")), "phases.json");
  site = expectBuilt(await buildRepoSite({ args: ["--timings"], env: { BLOG_BUILD_PHASES: file } }));
  phases = JSON.parse(readFileSync(file, "utf8")) as BuildPhase[];
}, 300_000);

describe("npm run build with timings on", () => {
  it("reports every phase once, in the order the build reaches them", () => {
    expect(phases.map((phase) => phase.name)).toEqual([...BUILD_PHASES]);
  });

  it("gives non-negative wall times and, for phases that run alone, CPU times", () => {
    for (const phase of phases) {
      // Read back from the build's JSON, where a NaN would be null and a missing time undefined.
      expect(Number.isFinite(phase.wallMs), phase.name).toBe(true);
      expect(phase.startMs, phase.name).toBeGreaterThanOrEqual(0);
      expect(phase.wallMs, phase.name).toBeGreaterThanOrEqual(0);
      if (phase.cpuMs !== undefined) expect(phase.cpuMs, phase.name).toBeGreaterThanOrEqual(0);
    }
    const alone = phases.filter((phase) => phase.cpuMs !== undefined).map((phase) => phase.name);
    expect(alone).toEqual(expect.arrayContaining(["start-up", "config", "data", "render", "link check", "swap"]));
    expect(alone).not.toContain("type-check");
  });

  it("runs the phases that own the CPU one after another", () => {
    const alone = phases.filter((phase) => phase.cpuMs !== undefined);
    for (const [before, after] of alone.slice(1).map((phase, index) => [alone[index]!, phase] as const)) {
      // A phase ends before the next begins (to the float precision of performance.now()).
      expect(after.startMs + 1e-6, `${before.name} → ${after.name}`).toBeGreaterThanOrEqual(
        before.startMs + before.wallMs,
      );
    }
  });

  it("prints them under --timings, one line per phase", () => {
    const lines = site.stdout.split("\n");
    for (const name of BUILD_PHASES) expect(lines.some((line) => line.startsWith(`${name} `))).toBe(true);
  });
});
