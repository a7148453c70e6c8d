// The test run's builds, served by a pool of build hosts (tools/buildHost.ts): test/helpers/globalSetup.ts starts
// it once per run and every test file's build goes through it over HTTP on 127.0.0.1 (test/helpers/site.ts). A
// host never builds a root twice (a test that edited its site and builds again gets another host, or a new one), so
// no build sees modules that an earlier build of its root imported. Sites share the entries of the cache regions
// that are keyed by content alone (CacheSeed below). Benchmarks never use it: they time real build processes.
import { fork, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { HostedBuildRequest, HostedBuildResult } from "./buildHost.ts";
import { BUILD_CACHE_DIR } from "../_config/buildCache.ts";
import type { BuildRun, BuiltSite } from "./siteBuilds.ts";

/** What a test sends: the site's root and `runBuild`'s options (output defaults to `<root>/_site`). */
export interface BuildServiceRequest extends BuildRun {
  root: string;
  /** Build with the site's own `.cache/` only, as on a fresh machine: for tests of the cache itself. */
  coldCache?: boolean;
}

export interface BuildService {
  url: string;
  close(): Promise<void>;
}

/** Builds a host runs before it is replaced: each root's modules stay in its memory (~10–20 MB a site). */
const BUILDS_PER_HOST = 16;

class Host {
  private readonly child: ChildProcess;
  private pending: { id: number; resolve: (result: HostedBuildResult) => void; stray: string[] } | undefined;
  builds = 0;
  dead = false;
  /** The site roots this host has built: their modules stay loaded here, so it never builds them again. */
  readonly roots = new Set<string>();

  constructor() {
    this.child = fork(path.join(import.meta.dirname, "buildHost.ts"), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    // Output that bypassed the host's capture (a child process writing to the host's own streams).
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.on("data", (data) => this.pending?.stray.push(String(data)));
    this.child.on("message", (result: HostedBuildResult) => {
      const pending = this.pending;
      this.pending = undefined;
      if (pending?.id === result.id) pending.resolve({ ...result, stderr: result.stderr + pending.stray.join("") });
    });
    this.child.on("exit", (code, signal) => {
      this.dead = true;
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve({
        id: pending.id,
        status: 1,
        stdout: "",
        stderr: `${pending.stray.join("")}\nthe build host exited (${signal ?? code}) during this build`,
      });
    });
  }

  get idle(): boolean {
    return !this.dead && !this.pending;
  }

  run(request: HostedBuildRequest): Promise<HostedBuildResult> {
    this.builds++;
    return new Promise((resolve) => {
      this.pending = { id: request.id, resolve, stray: [] };
      this.child.send(request);
    });
  }

  stop(): void {
    this.dead = true;
    if (this.child.exitCode === null) this.child.kill();
  }
}

/**
 * Cache regions keyed by the content of everything their work reads, by place under the root (demo bundles and the
 * demo type check): an entry one fixture site made is exactly what another site with the same demos would make.
 */
const SHARED_REGIONS = ["demo-bundles", "demo-types"];

function copyIfThere(from: string, to: string): void {
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}

/**
 * The run's store of shared-region entries. A site built with no `.cache/` of its own starts with copies of the
 * store's entries, and what its build added is kept for the sites after it. A fixture site would otherwise bundle
 * and type-check the search page's island again (esbuild and TypeScript 7's tsc, ~0.5 CPU-s together).
 */
class CacheSeed {
  constructor(private readonly store: string) {}

  remove(): void {
    rmSync(this.store, { recursive: true, force: true });
  }

  plant(root: string): void {
    const cache = path.join(root, BUILD_CACHE_DIR);
    if (existsSync(cache)) return;
    for (const region of SHARED_REGIONS) copyIfThere(path.join(this.store, region), path.join(cache, region));
  }

  harvest(root: string): void {
    for (const region of SHARED_REGIONS) {
      const from = path.join(root, BUILD_CACHE_DIR, region);
      if (!existsSync(from)) continue;
      for (const entry of readdirSync(from)) {
        const target = path.join(this.store, region, entry);
        if (entry.includes(".tmp-") || existsSync(target)) continue;
        const temporary = `${target}.tmp-harvest`;
        rmSync(temporary, { recursive: true, force: true });
        cpSync(path.join(from, entry), temporary, { recursive: true });
        renameSync(temporary, target);
      }
    }
  }
}

export async function startBuildService({ hosts: size = 2 }: { hosts?: number } = {}): Promise<BuildService> {
  const hosts: Host[] = [];
  /** Builds waiting for a host, first come first served. */
  const waiting: { root: string; take: (host: Host) => void }[] = [];
  const seed = new CacheSeed(mkdtempSync(path.join(tmpdir(), "blog-cache-seed-")));
  let nextId = 1;

  /**
   * A host that may build `root`: an idle one that never built it, or a new one while the pool has room; else an
   * idle one that built it is replaced by a new one (which costs what a fresh build process would).
   */
  function hostFor(root: string): Host | undefined {
    for (const host of hosts.filter((one) => one.dead)) hosts.splice(hosts.indexOf(host), 1);
    const idle = hosts.filter((host) => host.idle);
    const fresh = idle.find((host) => !host.roots.has(root));
    if (fresh) return fresh;
    if (hosts.length >= size) {
      const spent = idle[0];
      if (!spent) return undefined;
      spent.stop();
      hosts.splice(hosts.indexOf(spent), 1);
    }
    const host = new Host();
    hosts.push(host);
    return host;
  }

  function acquire(root: string): Promise<Host> {
    const host = waiting.length ? undefined : hostFor(root);
    return host ? Promise.resolve(host) : new Promise((take) => waiting.push({ root, take }));
  }

  function release(host: Host): void {
    if (host.builds >= BUILDS_PER_HOST) host.stop();
    const next = waiting[0] && hostFor(waiting[0].root);
    if (next) waiting.shift()?.take(next);
  }

  async function build({
    root,
    output = path.join(root, "_site"),
    args = [],
    env = {},
    coldCache = false,
  }: BuildServiceRequest): Promise<BuiltSite> {
    const resolvedRoot = path.resolve(root);
    if (!coldCache) seed.plant(resolvedRoot);
    const host = await acquire(resolvedRoot);
    try {
      host.roots.add(resolvedRoot);
      const result = await host.run({ id: nextId++, root: resolvedRoot, args: ["--output", output, ...args], env });
      return { root: resolvedRoot, output, status: result.status, stdout: result.stdout, stderr: result.stderr };
    } finally {
      release(host);
      if (!coldCache) seed.harvest(resolvedRoot);
    }
  }

  const server = createServer((request, response) => {
    void readJson(request)
      .then((body) => build(body as BuildServiceRequest))
      .then(
        (site) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(site)),
        (error: unknown) =>
          response.writeHead(500).end(error instanceof Error ? (error.stack ?? error.message) : String(error)),
      );
  });
  // A build may wait in the queue and then run for a minute: no request timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      for (const host of hosts) host.stop();
      seed.remove();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
}

/** Asks the service at `url` for a build; the result is what `runBuild` would have returned. */
export async function requestBuild(url: string, request: BuildServiceRequest): Promise<BuiltSite> {
  const response = await fetch(url, { method: "POST", body: JSON.stringify(request) });
  if (!response.ok) throw new Error(`the build service failed: ${await response.text()}`);
  return (await response.json()) as BuiltSite;
}
