// `npm start` in a fixture site, as the blogger runs it (package.json's own command line, on a free port), with its
// output collected so a test can wait for what it prints.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../tools/freePort.ts";
import { repoRoot } from "./site.ts";

export interface DevServer {
  port: number;
  /** Everything the server printed so far (stdout and stderr). */
  log: () => string;
  /** Resolves once `pattern` appears in what the server printed after `from` characters of its log. */
  waitForLog: (pattern: RegExp, from: number) => Promise<void>;
  stop: () => void;
}

function startCommand(port: number): string {
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  return scripts.start!.replace(/--port[= ]\d+/, `--port=${port}`);
}

/** Starts `npm start` in `root` and waits until it serves. */
export async function startDevServer(root: string): Promise<DevServer> {
  const port = await freePort();
  const dev: ChildProcess = spawn("sh", ["-c", startCommand(port)], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      FORCE_COLOR: "0",
      PATH: `${path.join(repoRoot, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    },
  });
  let log = "";
  dev.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  dev.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const server: DevServer = {
    port,
    log: () => log,
    waitForLog: async (pattern, from) => {
      const deadline = Date.now() + 90_000;
      while (!pattern.test(log.slice(from))) {
        if (Date.now() > deadline) throw new Error(`dev server never printed ${pattern}:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    // The whole process group: `sh`, tsx and Eleventy.
    stop: () => {
      if (dev.pid && dev.exitCode === null) process.kill(-dev.pid, "SIGTERM");
    },
  };
  await server.waitForLog(/Server at/, 0);
  return server;
}
