// `npm run bench:cards -- --posts 1000`: what social cards and search add to a build of N seed-like posts.
// Builds the corpus twice with `npm run build`'s code path: first with no card cache (every card drawn), then with
// it (every card copied); the difference is the drawing. Then times Pagefind indexing the built site on its own.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { commandArgsOrExit, positiveInteger } from "../cli/commandArgs.ts";
import { isMainModule } from "../cli/mainModule.ts";
import { indexSiteForSearch } from "../cli/build/search.ts";
import { makeFullCorpusSite } from "./build.ts";
import { seconds, table } from "./stats.ts";

function timedBuild(root: string): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", "cli/build.ts", "--quiet"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  if (child.status !== 0)
    throw new Error(`bench:cards: the build in ${root} failed:\n${child.stdout}\n${child.stderr}`);
  return performance.now() - start;
}

export async function benchCardsAndSearch(posts: number): Promise<string> {
  const root = makeFullCorpusSite(posts, undefined, true);
  const cold = timedBuild(root);
  const cards = readdirSync(path.join(root, ".cache/social-cards")).length;
  const warm = timedBuild(root);
  const start = performance.now();
  const { pages } = await indexSiteForSearch(path.join(root, "_site"));
  const search = performance.now() - start;
  return table([
    ["what", "seconds", "note"],
    ["build, card cache empty", seconds(cold), `${cards} cards drawn`],
    ["build, card cache full", seconds(warm), "cards copied from .cache/social-cards"],
    ["cards drawn (difference)", seconds(cold - warm), `${((cold - warm) / Math.max(cards, 1)).toFixed(0)} ms a card`],
    ["Pagefind index (inside each build)", seconds(search), `${pages} pages indexed`],
  ]);
}

if (isMainModule(import.meta.url)) {
  const usage = "usage: npm run bench:cards -- [--posts <n>]";
  const { values } = commandArgsOrExit(usage, {
    args: process.argv.slice(2),
    options: { posts: { type: "string", default: "1000" } },
  });
  console.log(await benchCardsAndSearch(positiveInteger(usage, "posts", values.posts)));
}
