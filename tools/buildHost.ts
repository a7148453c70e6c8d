// A long-lived process that runs `npm run build`'s own code (cli/build.ts runBuildCommand) for the test run's
// builds, one at a time, each in its site's folder and with its environment, and reports what a build process would
// have: the exit status, stdout and stderr. A fresh `node --import tsx cli/build.ts` spends ~3 CPU-s loading
// Node, tsx, Eleventy and its dependencies before a fixture's first page; here that is paid once per host
// (tools/buildService.ts starts and feeds them). Each site root is built at most once per host: a root's own
// modules (its `.eleventy.ts`, `_config/`, `_data/`) are imported fresh the first time, and a second build of the
// same root, after a test edited it, goes to a fresh process instead (buildService.ts), never to stale modules.
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface HostedBuildRequest {
  id: number;
  root: string;
  args: string[];
  /** Variables set for this build only, over the host's own environment. */
  env: Record<string, string>;
}

export interface HostedBuildResult {
  id: number;
  status: number;
  stdout: string;
  stderr: string;
}

interface Capture {
  stdout: string[];
  stderr: string[];
  /** An exception or rejection no one handled during the build: a build process would have died of it. */
  crashed: boolean;
}

let current: Capture | undefined;

/** Sends a stream's writes to the running build's capture; between builds they go where they always went. */
function capture(stream: NodeJS.WriteStream, into: (build: Capture) => string[]): void {
  const write = stream.write.bind(stream);
  stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (!current) return Reflect.apply(write, stream, [chunk, ...rest]) as boolean;
    into(current).push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  };
}

function crashed(error: unknown): void {
  const text = `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
  if (!current) {
    process.stderr.write(`build host: between builds: ${text}`);
    return;
  }
  current.crashed = true;
  current.stderr.push(text);
}

/**
 * Eleventy 3.1.8 keeps two caches per process, not per instance, keyed by paths relative to the project: compiled
 * templates (TemplateContent's compile cache) and layouts (LayoutCache). Another root's `pages/search.njk` or
 * `_includes/layouts/post.njk` would be taken from them, bound to that root's shortcodes and data. Its own event
 * bus clears both (as `--watch` does when the config changes); the module is not in the package's exports, so it is
 * imported by its file, beside the one Eleventy itself loads.
 */
async function forgetEarlierSites(): Promise<void> {
  const eventBusUrl = new URL("./EventBus.js", import.meta.resolve("@11ty/eleventy")).href;
  const { default: eventBus } = (await import(eventBusUrl)) as {
    default: { emit(event: string, ...args: unknown[]): Promise<unknown> };
  };
  await eventBus.emit("eleventy.compileCacheReset");
  await eventBus.emit("eleventy.resourceModified", "");
}

async function runOne(request: HostedBuildRequest): Promise<HostedBuildResult> {
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  const build: Capture = { stdout: [], stderr: [], crashed: false };
  current = build;
  let status: number;
  try {
    Object.assign(process.env, request.env);
    process.chdir(request.root);
    await forgetEarlierSites();
    const command = (await import(pathToFileURL(path.join(request.root, "cli/build.ts")).href)) as {
      runBuildCommand(args: string[]): Promise<number>;
    };
    status = await command.runBuildCommand(request.args);
  } catch (error) {
    crashed(error);
    status = 1;
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    process.chdir(savedCwd);
    process.exitCode = undefined;
    current = undefined;
  }
  if (build.crashed && status === 0) status = 1;
  return { id: request.id, status, stdout: build.stdout.join(""), stderr: build.stderr.join("") };
}

capture(process.stdout, (build) => build.stdout);
capture(process.stderr, (build) => build.stderr);
process.on("uncaughtException", crashed);
process.on("unhandledRejection", crashed);
// Each root's copy of cli/build.ts adds its own exit listener (staging folders to remove): not a leak here.
process.setMaxListeners(0);

let queue = Promise.resolve();
process.on("message", (request: HostedBuildRequest) => {
  queue = queue.then(async () => {
    process.send?.(await runOne(request));
  });
});
process.on("disconnect", () => process.exit(0));
