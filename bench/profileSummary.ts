// `npx tsx bench/profileSummary.ts FILE.cpuprofile [N]`: the top functions by self time, and the
// files (packages, or our own modules) by self time, from a `node --cpu-prof` profile.
import { readFileSync } from "node:fs";
import { isMainModule } from "../cli/mainModule.ts";
import { commandArgsOrExit } from "../cli/commandArgs.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per node id, in ms. */
export function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  profile.samples.forEach((id, index) => times.set(id, (times.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
  return times;
}

/** Groups a script URL by package (node_modules/<name>) or by our own file. */
export function ownerOf(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1] as string;
  return url.replace(/^file:\/\/\/tmp\/[^/]+\//, "").replace(/^file:\/\//, "") || "(native/GC)";
}

function top(entries: Map<string, number>, count: number): string {
  return [...entries.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${ms.toFixed(0).padStart(8)} ms  ${name}`)
    .join("\n");
}

if (isMainModule(import.meta.url)) {
  const usage = "usage: npx tsx bench/profileSummary.ts <file.cpuprofile> [<count>]";
  const { positionals } = commandArgsOrExit(usage, {
    args: process.argv.slice(2),
    options: {},
    allowPositionals: true,
  });
  if (!positionals[0]) {
    console.error(`bench/profileSummary.ts: give a profile file.\n${usage}`);
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(positionals[0], "utf8")) as CpuProfile;
  // `CPU.*.cpuprofile` can match a second profile (tsx's loader thread): only a number is a count.
  const count = Number.isInteger(Number(positionals[1])) ? Number(positionals[1]) : 30;
  const times = selfTimes(profile);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = times.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} ${ownerOf(url)}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    byOwner.set(ownerOf(url), (byOwner.get(ownerOf(url)) ?? 0) + ms);
  }
  console.log(`By package or file:\n${top(byOwner, count)}\n\nBy function:\n${top(byFunction, count)}`);
}
