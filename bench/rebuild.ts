// `npm run bench:rebuild -- --posts 1000 --edits 10`: runs `npm start`'s command on a corpus site, edits posts
// (then a demo's TypeScript) and measures how long until the written HTML (or bundle) shows the edit, and until
// the dev server's live-reload message reaches a connected client (its WebSocket, as a browser tab): p50 and p90.
// Every list that shows the edited post (archive, its tag and category pages) must show the edit too, or it exits 1.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "../tools/freePort.ts";
import path from "node:path";
import WebSocket from "ws";
import { repoRoot } from "../tools/siteBuilds.ts";
import { makeFullCorpusSite } from "./build.ts";
import { corpusFileName, corpusDate } from "../tools/corpus.ts";
import { slugify } from "../_config/slugs.ts";
import { quantile } from "../demos/_shared/median.ts";
import { table } from "./stats.ts";
import { isMainModule } from "../cli/mainModule.ts";
import { commandArgsOrExit, positiveInteger } from "../cli/commandArgs.ts";
import { DEV_OUTPUT } from "../_config/publishing.ts";

const SEED_POST = "posts/2018-10-31-why-gpu-is-important-for-training-deeplearning-models.md";
const DEMO_ENTRY = "demos/gpu-vs-cpu-matmul/index.ts";
const READY = /Server at/;
const POLL_MS = 2;

export interface EditTiming {
  /** From the file write until the output file contains the edit. */
  diskMs: number;
  /** From the file write until the dev server's `eleventy.reload` message arrived; undefined if none came. */
  reloadMs?: number;
  /** CPU time the dev server's processes used from the write until the reload (or the output); Linux only. */
  cpuMs?: number;
}

/** User + system CPU ms of every process in process group `group`, from /proc; undefined off Linux. */
export function groupCpuMs(group: number): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // After the ")" that ends the command name: state, ppid, pgrp, …, utime (index 11), stime (12), in 1/100 s.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

/** `npm start`'s command, on another port, optionally with extra arguments for Eleventy. */
export function startCommand(startScript: string, port: number, extraArgs: readonly string[] = []): string {
  const withPort = /--port[= ]\d+/.test(startScript)
    ? startScript.replace(/--port[= ]\d+/, `--port=${port}`)
    : `${startScript} --port=${port}`;
  return [withPort, ...extraArgs.filter((arg) => !withPort.includes(arg))].join(" ");
}

class DevServer {
  private output = "";
  private readonly child: ChildProcess;
  private socket?: WebSocket;
  private reloads: number[] = [];

  constructor(
    readonly root: string,
    readonly command: string,
    readonly port: number,
  ) {
    this.child = spawn("sh", ["-c", command], {
      cwd: root,
      detached: true,
      env: {
        ...process.env,
        FORCE_COLOR: "0",
        PATH: `${path.join(root, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
      },
    });
    this.child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
  }

  async ready(timeoutMs: number): Promise<void> {
    await waitFor(() => READY.test(this.output) || this.child.exitCode !== null, timeoutMs, "the dev server to start");
    if (this.child.exitCode !== null) throw new Error(`bench:rebuild: \`${this.command}\` exited:\n${this.output}`);
    for (let attempt = 1; ; attempt++) {
      try {
        this.socket = await this.connect();
        return;
      } catch (error) {
        if (attempt >= 50) throw error;
        await sleep(100);
      }
    }
  }

  private async connect(): Promise<WebSocket> {
    const socket = new WebSocket(`ws://localhost:${this.port}/`);
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type?: string };
      if (message.type === "eleventy.reload") this.reloads.push(performance.now());
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return socket;
  }

  /** Writes an edit and times it: until `file` contains `marker`, and until a reload message after the write. */
  async timeEdit(edit: () => void, file: string, marker: string, timeoutMs: number): Promise<EditTiming> {
    this.reloads = [];
    const cpuBefore = this.child.pid ? groupCpuMs(this.child.pid) : undefined;
    let cpuAtEnd: number | undefined;
    const start = performance.now();
    edit();
    let diskMs = 0;
    await waitFor(
      () => {
        const done = existsSync(file) && readFileSync(file, "utf8").includes(marker);
        if (done) diskMs = performance.now() - start;
        return done;
      },
      timeoutMs,
      `${path.relative(this.root, file)} to show the edit`,
    );
    // The reload message follows the write; give it a moment, but do not fail the run without one.
    await waitFor(() => this.reloads.length > 0, 5_000, "reload").catch(() => undefined);
    if (this.child.pid) cpuAtEnd = groupCpuMs(this.child.pid);
    const reload = this.reloads[0];
    // Eleventy finishes one build before it watches again: settle so the next edit starts from idle.
    await sleep(1_500);
    const cpuMs = cpuBefore === undefined || cpuAtEnd === undefined ? undefined : cpuAtEnd - cpuBefore;
    return { diskMs, reloadMs: reload === undefined ? undefined : reload - start, cpuMs };
  }

  get log(): string {
    return this.output;
  }

  stop(): void {
    this.socket?.close();
    if (this.child.pid && this.child.exitCode === null) process.kill(-this.child.pid, "SIGTERM");
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(`bench:rebuild: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

/** The built file of a corpus post: `/<category>/<yyyy>/<mm>/<dd>/<slug>.html`, found by its slug. */
function builtPostFile(output: string, index: number): string {
  const slug = corpusFileName(index)
    .replace(/^\d{4}-\d{2}-\d{2}-/, "")
    .replace(/\.md$/, ".html");
  const day = corpusDate(index).replace(/-/g, "/");
  for (const category of readdirSync(output)) {
    const candidate = path.join(output, category, day, slug);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`bench:rebuild: no built page for post ${index} in ${output}`);
}

/** The bundle the demo's placeholder loads, found in the built seed post (names are stable under `npm start`). */
function builtDemoBundle(output: string): string | undefined {
  const post = path.join(output, "stories/2018/10/31/why-gpu-is-important-for-training-deeplearning-models.html");
  if (!existsSync(post)) return undefined;
  const module = /data-demo-module="([^"]+)"/.exec(readFileSync(post, "utf8"))?.[1];
  return module ? path.join(output, "assets/demos", module) : undefined;
}

/** The lists that show an old corpus post (not the feeds' newest 20): archive, its category and tag pages. */
export function listsShowing(postSource: string): string[] {
  const category = /^categories:\s*(\S+)/m.exec(postSource)?.[1];
  const tags = [...(/^tags:\s*\[(.*)\]/m.exec(postSource)?.[1]?.matchAll(/'([^']+)'/g) ?? [])].map(
    (match) => match[1]!,
  );
  return ["/archive/", ...(category ? [`/${slugify(category)}/`] : []), ...tags.map((tag) => `/tags/${slugify(tag)}/`)];
}

/** Waits up to 10 s for every list to show `marker`; returns those that never did. */
async function waitForLists(output: string, urls: readonly string[], marker: string): Promise<string[]> {
  const showsEdit = (url: string): boolean => {
    const file = path.join(output, url.endsWith("/") ? `${url}index.html` : url);
    return existsSync(file) && readFileSync(file, "utf8").includes(marker);
  };
  await waitFor(() => urls.every(showsEdit), 10_000, "the lists").catch(() => undefined);
  return urls.filter((url) => !showsEdit(url));
}

interface ModeResult {
  mode: string;
  postEdits: EditTiming[];
  demoEdits: EditTiming[];
  note?: string;
}

async function measureMode(
  root: string,
  mode: string,
  script: (startScript: string) => string,
  edits: number,
): Promise<ModeResult> {
  const startScript = (
    JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts.start;
  if (!startScript) throw new Error("bench:rebuild: package.json has no start script");
  rmSync(path.join(root, DEV_OUTPUT), { recursive: true, force: true });
  const port = await freePort();
  const server = new DevServer(root, startCommand(script(startScript), port), port);
  console.error(`${mode}: ${server.command}`);
  try {
    await server.ready(600_000);
    const output = path.join(root, DEV_OUTPUT);
    const postEdits: EditTiming[] = [];
    const stale: string[] = [];
    for (let edit = 0; edit < edits; edit++) {
      const index = 10 + edit;
      const marker = `bench-edit-${mode.replace(/\W/g, "")}-${edit}-${Date.now()}`;
      const source = path.join(root, "posts", corpusFileName(index));
      // The title changes, so the post page and every list that shows it (the archive here) must change.
      const retitle = (): void =>
        writeFileSync(source, readFileSync(source, "utf8").replace(/^title:\s*'/m, `title: '${marker} `));
      const timing = await server.timeEdit(retitle, builtPostFile(output, index), marker, 120_000);
      // The timing ends when the post's page is written; the lists follow in the same rebuild.
      const staleLists = await waitForLists(output, listsShowing(readFileSync(source, "utf8")), marker);
      for (const url of staleLists)
        stale.push(`post edit ${edit + 1}: ${url} still shows the old title after the rebuild`);
      console.error(
        `${mode}: post edit ${edit + 1}: HTML on disk ${timing.diskMs.toFixed(0)} ms, reload ${timing.reloadMs?.toFixed(0) ?? "—"} ms, CPU ${timing.cpuMs ?? "—"} ms${staleLists.length ? ` (stale: ${staleLists.join(", ")})` : ""}`,
      );
      postEdits.push(timing);
    }
    const bundle = builtDemoBundle(output);
    const demoEdits: EditTiming[] = [];
    let note: string | undefined;
    if (!existsSync(path.join(root, DEMO_ENTRY)) || !bundle) {
      note = `demo edits skipped: ${DEMO_ENTRY} or its bundle (via the seed post's data-demo-module) not found`;
    } else {
      const entry = path.join(root, DEMO_ENTRY);
      const original = readFileSync(entry, "utf8");
      try {
        for (let edit = 0; edit < edits; edit++) {
          const marker = `bench-demo-edit-${mode.replace(/\W/g, "")}-${edit}-${Date.now()}`;
          // An exported string survives minification, so the bundle shows the edit.
          const write = (): void => writeFileSync(entry, `${original}\nexport const benchEdit = "${marker}";\n`);
          const timing = await server.timeEdit(write, bundle, marker, 120_000);
          console.error(
            `${mode}: demo edit ${edit + 1}: bundle on disk ${timing.diskMs.toFixed(0)} ms, reload ${timing.reloadMs?.toFixed(0) ?? "—"} ms`,
          );
          demoEdits.push(timing);
        }
      } finally {
        writeFileSync(entry, original);
      }
    }
    if (stale.length) note = [note, ...stale].filter(Boolean).join("; ");
    return { mode, postEdits, demoEdits, note };
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- dev server output ---\n${server.log.slice(-4000)}`,
      { cause: error },
    );
  } finally {
    server.stop();
    await sleep(500);
  }
}

/** "p50 / p90" in seconds of one measure over the edits. */
export function p50p90(timings: readonly EditTiming[], key: keyof EditTiming): string {
  const values = timings
    .map((timing) => timing[key])
    .filter((value): value is number => value !== undefined)
    .sort((a, b) => a - b);
  if (!values.length) return "—";
  return [0.5, 0.9].map((p) => (quantile(values, p) / 1000).toFixed(3)).join(" / ");
}

async function main(): Promise<void> {
  const usage = "usage: npm run bench:rebuild -- [--posts <n>] [--edits <n>] [--modes start,full]";
  const { values } = commandArgsOrExit(usage, {
    args: process.argv.slice(2),
    options: {
      posts: { type: "string", default: "1000" },
      edits: { type: "string", default: "10" },
      modes: { type: "string", default: "start,full" },
    },
  });
  const posts = positiveInteger(usage, "posts", values.posts);
  const edits = positiveInteger(usage, "edits", values.edits);
  const root = makeFullCorpusSite(posts);
  // The seed post places the matmul demo, so the corpus has a demo to edit.
  cpSync(path.join(repoRoot, SEED_POST), path.join(root, SEED_POST));
  // `npm start` is incremental; `full` is the same command re-rendering every page on each change.
  const modes: Record<string, (script: string) => string> = {
    start: (script) => script,
    full: (script) => script.replace(/\s--incremental\b/, ""),
  };
  const results: ModeResult[] = [];
  try {
    for (const mode of values.modes.split(",")) {
      const script = modes[mode];
      if (!script) throw new Error(`bench:rebuild: unknown mode "${mode}" (start, full)`);
      results.push(await measureMode(root, mode, script, edits));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const rows = [
    [
      "dev command (p50 / p90)",
      "post edit → HTML s",
      "post edit → reload s",
      "post edit CPU s",
      "demo edit → bundle s",
      "demo edit → reload s",
    ],
  ];
  for (const result of results) {
    rows.push([
      result.mode === "start" ? "npm start" : "npm start, full rebuilds",
      p50p90(result.postEdits, "diskMs"),
      p50p90(result.postEdits, "reloadMs"),
      p50p90(result.postEdits, "cpuMs"),
      p50p90(result.demoEdits, "diskMs"),
      p50p90(result.demoEdits, "reloadMs"),
    ]);
  }
  console.log(`${table(rows)}\n(${posts} posts + the seed post; p50 / p90 of ${edits} edits each)`);
  for (const result of results) if (result.note) console.log(`${result.mode}: ${result.note}`);
  // A list that missed the edit is a wrong result, not a slow one.
  if (results.some((result) => result.note?.includes("still shows the old title"))) process.exitCode = 1;
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
