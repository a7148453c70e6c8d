// Compiles a demo's AssemblyScript source to WebAssembly during the build, so no .wasm is ever committed.
// `import bytes from "./x.ts?wasm-simd"` (or `?wasm-relaxed-simd`) gives the module's bytes as a Uint8Array.
// The compile is the source's type-check: an AssemblyScript type error fails the build with file:line:column.
import type { Plugin, PartialMessage } from "esbuild";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";

export type WasmVariant = "simd" | "relaxed-simd";

export interface AssemblyScriptDiagnostic {
  file: string;
  line: number;
  column: number;
  lineText: string;
  message: string;
}

export class AssemblyScriptError extends Error {
  constructor(
    readonly diagnostics: AssemblyScriptDiagnostic[],
    /** Absolute paths of the sources asc read, for a watcher to rebuild when any of them changes. */
    readonly inputs: string[] = [],
  ) {
    super(
      `AssemblyScript compile failed:\n${diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join("\n")}`,
    );
    this.name = "AssemblyScriptError";
  }
}

/** Shared memory (for worker threads) of at most 8192 pages (512 MiB): three 4096² matrices and the workspaces. */
export const WASM_MAXIMUM_PAGES = 8192;

/** asc options: speed over size, a stub runtime (nothing is allocated), memory imported as shared. */
function ascArguments(entry: string, outFile: string, variant: WasmVariant): string[] {
  return [
    entry,
    "--outFile",
    outFile,
    "--optimizeLevel",
    "3",
    "--shrinkLevel",
    "0",
    "--noAssert",
    "--runtime",
    "stub",
    "--enable",
    variant === "relaxed-simd" ? "simd,relaxed-simd,threads" : "simd,threads",
    "--importMemory",
    "--sharedMemory",
    "--maximumMemory",
    String(WASM_MAXIMUM_PAGES),
    // No `abort` import: with --noAssert nothing traps through it.
    "--use",
    "abort=",
    "--noColors",
  ];
}

function lineAndColumn(text: string, offset: number): { line: number; column: number; lineText: string } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const lineStart = before.lastIndexOf("\n") + 1;
  const lineEnd = text.indexOf("\n", offset);
  return { line, column: offset - lineStart + 1, lineText: text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd) };
}

/** Compiles `file` (absolute path) for `variant`; throws AssemblyScriptError naming file:line:column. */
export async function compileAssemblyScript(file: string, variant: WasmVariant): Promise<Uint8Array<ArrayBuffer>> {
  return (await compileAssemblyScriptModule(file, variant)).bytes;
}

interface CompileRequest {
  id: number;
  baseDir: string;
  args: string[];
  outFile: string;
}

interface CompileReply {
  id: number;
  bytes?: Uint8Array;
  inputs: string[];
  /** The text asc read from each of `inputs`, in the same order. */
  texts: string[];
  /** An error's source as asc names it (relative to `baseDir`) and its offset there; -1 without a range. */
  diagnostics: { path: string; start: number; message: string }[];
  error?: string;
}

/** One worker per process, started on the first compile (assemblyScriptWorker.mjs says why a worker). */
let compiler: { worker: Worker; pending: Map<number, (reply: CompileReply) => void>; nextId: number } | undefined;

function compileInWorker(request: Omit<CompileRequest, "id">): Promise<CompileReply> {
  if (!compiler) {
    // No execArgv: the worker must not load tsx, whose hooks are what make asc slow to load.
    const worker = new Worker(new URL("./assemblyScriptWorker.mjs", import.meta.url), { execArgv: [] });
    const started = { worker, pending: new Map<number, (reply: CompileReply) => void>(), nextId: 0 };
    worker.on("message", (reply: CompileReply) => {
      started.pending.get(reply.id)?.(reply);
      started.pending.delete(reply.id);
      if (!started.pending.size) worker.unref();
    });
    worker.on("error", (error) => {
      for (const resolve of started.pending.values())
        resolve({ id: -1, inputs: [], texts: [], diagnostics: [], error: error.message });
      started.pending.clear();
      if (compiler === started) compiler = undefined;
    });
    compiler = started;
  }
  const current = compiler;
  const id = current.nextId++;
  current.worker.ref();
  return new Promise((resolve) => {
    current.pending.set(id, resolve);
    current.worker.postMessage({ ...request, id } satisfies CompileRequest);
  });
}

interface CompiledModule {
  bytes: Uint8Array<ArrayBuffer>;
  inputs: string[];
}

/**
 * This process's successful compiles, by variant and file, with the text asc read from each source: under
 * `npm start` esbuild rebuilds a demo's worker on every edit of its TypeScript, which asked asc again each time.
 */
const compiled = new Map<string, { sources: Map<string, string>; module: CompiledModule }>();

async function unchanged(sources: ReadonlyMap<string, string>): Promise<boolean> {
  for (const [file, text] of sources) {
    const now = await readFile(file, "utf8").catch(() => undefined);
    if (now !== text) return false;
  }
  return true;
}

/** The module's bytes and every source file asc read (the entry and what it imports). */
export async function compileAssemblyScriptModule(file: string, variant: WasmVariant): Promise<CompiledModule> {
  const key = `${variant}:${path.resolve(file)}`;
  const previous = compiled.get(key);
  if (previous && (await unchanged(previous.sources))) {
    return { bytes: new Uint8Array(previous.module.bytes), inputs: [...previous.module.inputs] };
  }
  const { module, sources } = await compileFresh(file, variant);
  compiled.set(key, { sources, module });
  return { bytes: new Uint8Array(module.bytes), inputs: [...module.inputs] };
}

async function compileFresh(
  file: string,
  variant: WasmVariant,
): Promise<{ module: CompiledModule; sources: Map<string, string> }> {
  const baseDir = path.dirname(file);
  const entry = path.basename(file);
  const outFile = `${entry.replace(/\.ts$/, "")}.${variant}.wasm`;
  const reply = await compileInWorker({ baseDir, args: ascArguments(entry, outFile, variant), outFile });
  const inputs = [...new Set(reply.inputs)];
  const diagnostics: AssemblyScriptDiagnostic[] = [];
  for (const problem of reply.diagnostics) {
    const source = path.resolve(baseDir, problem.path);
    // Only our own sources have lines to show; asc's standard library is not read from disk.
    const text = problem.start >= 0 && inputs.includes(source) ? await readFile(source, "utf8") : undefined;
    const where = text !== undefined ? lineAndColumn(text, problem.start) : { line: 0, column: 0, lineText: "" };
    const relative = problem.path ? path.relative(process.cwd(), source) : file;
    diagnostics.push({ file: relative.split(path.sep).join("/"), ...where, message: problem.message });
  }
  if (diagnostics.length) throw new AssemblyScriptError(diagnostics, inputs);
  if (reply.error || !reply.bytes) {
    throw new AssemblyScriptError(
      [{ file, line: 0, column: 0, lineText: "", message: reply.error ?? "asc wrote no module" }],
      inputs,
    );
  }
  // A copy on a plain ArrayBuffer: WebAssembly.compile and validate take nothing else in TypeScript's types.
  const sources = new Map(reply.inputs.map((input, index) => [input, reply.texts[index] ?? ""]));
  return { module: { bytes: new Uint8Array(reply.bytes), inputs }, sources };
}

const QUERY = /\?wasm-(simd|relaxed-simd)$/;

/**
 * esbuild plugin: `import bytes from "./k.ts?wasm-simd"` compiles k.ts with asc and inlines the module's bytes.
 * `inputs` gathers the sources asc read (the build cache's key), which esbuild's metafile does not list.
 */
export function assemblyScriptPlugin(inputs?: Set<string>): Plugin {
  return {
    name: "assemblyscript",
    setup(build) {
      build.onResolve({ filter: QUERY }, (args) => ({
        path: path.resolve(args.resolveDir, args.path.replace(QUERY, "")),
        namespace: "assemblyscript",
        pluginData: { variant: QUERY.exec(args.path)![1] as WasmVariant },
      }));
      build.onLoad({ filter: /.*/, namespace: "assemblyscript" }, async (args) => {
        const variant = (args.pluginData as { variant: WasmVariant }).variant;
        try {
          const { bytes, inputs: sources } = await compileAssemblyScriptModule(args.path, variant);
          for (const source of sources) inputs?.add(source);
          // A Uint8Array in the bundle: a few KB, and no extra request or MIME type for the host to get right. Decoded
          // here rather than by esbuild's binary loader, whose runtime helper would land in a shared chunk and change
          // the hash of chunks (gpu.js) that two worker builds otherwise emit byte for byte the same, once.
          const base64 = Buffer.from(bytes).toString("base64");
          return {
            contents: `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));`,
            loader: "js",
            watchFiles: sources,
          };
        } catch (error) {
          if (!(error instanceof AssemblyScriptError)) throw error;
          const errors: PartialMessage[] = error.diagnostics.map((d) => ({
            text: `AssemblyScript (${variant}): ${d.message}`,
            location: d.line ? { file: d.file, line: d.line, column: d.column - 1, lineText: d.lineText } : null,
          }));
          return { errors, watchFiles: [args.path, ...error.inputs] };
        }
      });
    },
  };
}
