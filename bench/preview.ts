// `npm run bench:preview [-- --dir _site --requests 20000 --concurrency 64 --rebuild]`: a bounded load test of `npm run preview`.
// Starts the real CLI as its own process (node --import tsx, not the tsx wrapper, so the RSS is the server's), requests every file of the built site in turn
// over keep-alive connections (half asking for brotli/gzip, as browsers do), and prints requests, concurrency,
// requests/s, p50/p99 latency, errors and the server's RSS before and after.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { Agent, request } from "node:http";
import path from "node:path";
import { isMainModule } from "../cli/mainModule.ts";
import { commandArgsOrExit, positiveInteger } from "../cli/commandArgs.ts";
import { quantile } from "../demos/_shared/median.ts";

/** Every servable file of the site as a URL path (`_headers` and friends are not served). */
function siteUrls(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith("_"))
    .map(
      (entry) =>
        `/${path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).map(encodeURIComponent).join("/")}`,
    );
}

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
}

export async function benchPreview({
  dir = "_site",
  requests = 20_000,
  concurrency = 64,
  rebuild = false,
} = {}): Promise<void> {
  const urls = siteUrls(dir);
  if (!urls.length) throw new Error(`bench:preview: nothing to serve in ${dir}; run \`npm run build\` first.`);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "cli/preview.ts", "--dir", dir, "--port", "0", "--host", "127.0.0.1"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let log = "";
      child.stdout.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        const found = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(log)?.[1];
        if (found) resolve(Number(found));
      });
      child.once("exit", (code) => reject(new Error(`preview exited (${code}): ${log}`)));
    });
    const rssBefore = rssKb(child.pid!);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let errors = 0;
    let bytes = 0;
    let next = 0;
    const one = (index: number) =>
      new Promise<void>((resolve) => {
        const started = performance.now();
        const headers = index % 2 ? { "Accept-Encoding": "br, gzip" } : {};
        const req = request(
          { host: "127.0.0.1", port, path: urls[index % urls.length], agent, headers },
          (response) => {
            statuses.set(response.statusCode ?? 0, (statuses.get(response.statusCode ?? 0) ?? 0) + 1);
            response.on("data", (chunk: Buffer) => (bytes += chunk.length));
            response.on("end", () => {
              latencies.push(performance.now() - started);
              if ((response.statusCode ?? 500) >= 400) errors++;
              resolve();
            });
            response.on("error", () => (errors++, resolve()));
          },
        );
        req.on("error", () => (errors++, resolve()));
        req.end();
      });
    // `--rebuild`: `npm run build` swaps the served folder while the load runs, which goes on until the build is done.
    let building: Promise<number> | undefined;
    let built = false;
    if (rebuild) {
      building = new Promise((resolve) =>
        spawn(process.execPath, ["--import", "tsx", "cli/build.ts", "--output", dir, "--quiet"], {
          stdio: "ignore",
        }).once("exit", (code) => {
          built = true;
          resolve(code ?? 1);
        }),
      );
    }
    const worker = async () => {
      while (next < requests || (building && !built)) await one(next++);
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const buildStatus = await building;
    requests = next;
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    const rssAfter = rssKb(child.pid!);
    const sorted = latencies.sort((a, b) => a - b);
    console.log(`| figure | value |\n| --- | --- |`);
    for (const [name, value] of [
      ["site", `${dir} (${urls.length} files)`],
      ["requests", String(requests)],
      ["concurrency", String(concurrency)],
      ["requests/s", (requests / seconds).toFixed(0)],
      ["p50 / p99 latency", `${quantile(sorted, 0.5).toFixed(1)} ms / ${quantile(sorted, 0.99).toFixed(1)} ms`],
      ["errors (status ≥ 400 or failed)", String(errors)],
      ["statuses", [...statuses].map(([status, count]) => `${status}: ${count}`).join(", ")],
      ["MB sent", (bytes / 1e6).toFixed(1)],
      ...(building
        ? [
            [
              "npm run build during the load",
              buildStatus === 0 ? "built and swapped in" : `failed (exit ${buildStatus})`,
            ],
          ]
        : []),
      ["server RSS before / after", `${(rssBefore / 1024).toFixed(0)} MB / ${(rssAfter / 1024).toFixed(0)} MB`],
    ])
      console.log(`| ${name} | ${value} |`);
    if (errors) process.exitCode = 1;
  } finally {
    child.kill();
  }
}

if (isMainModule(import.meta.url)) {
  const usage = "usage: npm run bench:preview -- [--dir <folder>] [--requests <n>] [--concurrency <n>] [--rebuild]";
  const { values } = commandArgsOrExit(usage, {
    args: process.argv.slice(2),
    options: {
      dir: { type: "string", default: "_site" },
      requests: { type: "string", default: "20000" },
      concurrency: { type: "string", default: "64" },
      rebuild: { type: "boolean", default: false },
    },
  });
  await benchPreview({
    dir: values.dir,
    requests: positiveInteger(usage, "requests", values.requests),
    concurrency: positiveInteger(usage, "concurrency", values.concurrency),
    rebuild: values.rebuild,
  });
}
