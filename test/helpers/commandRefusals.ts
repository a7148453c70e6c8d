// Runs commands one after another in this one process, each started as Node would start it (its path as argv[1],
// then the arguments), and prints, as JSON, the exit status each asked for and what it wrote. One process instead of
// one per command: each `node --import tsx` start-up cost ~2.5 CPU-s on the test machine, 15 of them ~40 s of a run.
// `node --import tsx test/helpers/commandRefusals.ts <argument>… -- <script>…`
import { pathToFileURL } from "node:url";
import path from "node:path";

export interface CommandRefusal {
  script: string;
  /** The status of its first process.exit call, or the process.exitCode it set; undefined if neither came in time. */
  status?: number;
  /** What it wrote to stdout and stderr, and console, in order. */
  output: string;
}

/** Thrown in place of exiting, so the command stops where it would have exited. */
class ExitCalled extends Error {}

const WAIT_FOR_EXIT_MS = 15_000;

async function refusalOf(script: string, args: string[]): Promise<CommandRefusal> {
  const refusal: CommandRefusal = { script, output: "" };
  let exited: (() => void) | undefined;
  const exitCalled = new Promise<void>((resolve) => (exited = resolve));
  const { argv } = process;
  const exit = Object.getOwnPropertyDescriptor(process, "exit")!;
  const capture = (chunk: string | Uint8Array): boolean => {
    refusal.output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  };
  // Own properties over the streams' prototype method, deleted afterwards.
  for (const stream of [process.stdout, process.stderr])
    Object.defineProperty(stream, "write", { value: capture, configurable: true });
  Object.defineProperty(process, "exit", {
    configurable: true,
    value: (code?: number | string | null): never => {
      refusal.status ??= Number(code ?? 0);
      exited?.();
      throw new ExitCalled();
    },
  });
  process.argv = [argv[0]!, path.resolve(script), ...args];
  try {
    await import(pathToFileURL(path.resolve(script)).href).catch((error: unknown) => {
      if (!(error instanceof ExitCalled)) refusal.output += `\nimport failed: ${String(error)}`;
    });
    const exitCodeSet = new Promise<void>((resolve) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (process.exitCode === undefined && Date.now() - started < WAIT_FOR_EXIT_MS) return;
        clearInterval(poll);
        resolve();
      }, 5);
    });
    await Promise.race([exitCalled, exitCodeSet]);
    if (process.exitCode !== undefined) refusal.status ??= Number(process.exitCode);
    process.exitCode = undefined;
  } finally {
    Object.defineProperty(process, "exit", exit);
    process.argv = argv;
    for (const stream of [process.stdout, process.stderr]) Reflect.deleteProperty(stream, "write");
  }
  return refusal;
}

// A command's own `main().catch(...)` may see the thrown ExitCalled after its first exit call: not an error here.
process.on("unhandledRejection", (reason) => {
  if (!(reason instanceof ExitCalled)) throw reason;
});

const split = process.argv.indexOf("--");
const args = process.argv.slice(2, split);
const refusals: CommandRefusal[] = [];
for (const script of process.argv.slice(split + 1)) refusals.push(await refusalOf(script, args));
process.stdout.write(JSON.stringify(refusals));
// A command that ignored the argument may still be working: it has had its time.
process.exit(0);
