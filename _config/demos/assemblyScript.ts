// Compiles a demo's AssemblyScript source to WebAssembly during the build, so no .wasm is ever committed.
// `import bytes from "./x.ts?wasm-simd"` (or `?wasm-relaxed-simd`) gives the module's bytes as a Uint8Array.
// The compile is the source's type-check: an AssemblyScript type error fails the build with file:line:column.
import type { Plugin, PartialMessage } from "esbuild";
import { readFile } from "node:fs/promises";
import path from "node:path";

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

// The slice of asc's API we call. Its own types (`assemblyscript/asc`) declare AssemblyScript's globals for the
// whole program (`i32`, `max`, an `Array#at` that never returns undefined), so the import below stays untyped.
interface AscDiagnostic {
  category: number;
  message: string;
  range: { start: number; source: { normalizedPath: string } } | null;
}
interface Asc {
  main(
    argv: string[],
    options: {
      readFile(filename: string, baseDir: string): Promise<string | null>;
      writeFile(filename: string, contents: Uint8Array | string, baseDir: string): void;
      listFiles(dirname: string, baseDir: string): string[];
      reportDiagnostic(diagnostic: AscDiagnostic): void;
    },
  ): Promise<{ error: Error | null }>;
}
const ASC_MODULE = "assemblyscript/asc";

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

/** The module's bytes and every source file asc read (the entry and what it imports). */
export async function compileAssemblyScriptModule(
  file: string,
  variant: WasmVariant,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; inputs: string[] }> {
  const baseDir = path.dirname(file);
  const entry = path.basename(file);
  const outFile = `${entry.replace(/\.ts$/, "")}.${variant}.wasm`;
  const sources = new Map<string, string>();
  const inputs: string[] = [];
  let output: Uint8Array | undefined;
  const diagnostics: AssemblyScriptDiagnostic[] = [];
  // Loaded only when a demo imports a `?wasm-…` module: asc and binaryen take seconds to load, on every build otherwise.
  const { default: asc } = (await import(ASC_MODULE)) as { default: Asc };
  const result = await asc.main(ascArguments(entry, outFile, variant), {
    readFile: async (name, dir) => {
      try {
        const full = path.resolve(baseDir, dir, name);
        const text = await readFile(full, "utf8");
        inputs.push(full);
        sources.set(name.replace(/\\/g, "/"), text);
        return text;
      } catch {
        return null;
      }
    },
    writeFile: (name, contents) => {
      if (name === outFile && typeof contents !== "string") output = contents;
    },
    listFiles: () => [],
    reportDiagnostic: (diagnostic) => {
      // Category 3 is an error (0 pedantic, 1 info, 2 warning print but do not fail).
      if (diagnostic.category !== 3) return;
      const range = diagnostic.range;
      const source = range ? sources.get(range.source.normalizedPath) : undefined;
      const where =
        range && source !== undefined ? lineAndColumn(source, range.start) : { line: 0, column: 0, lineText: "" };
      const relative = range ? path.relative(process.cwd(), path.resolve(baseDir, range.source.normalizedPath)) : file;
      diagnostics.push({ file: relative.split(path.sep).join("/"), ...where, message: diagnostic.message });
    },
  });
  if (diagnostics.length) throw new AssemblyScriptError(diagnostics, inputs);
  if (result.error || !output) {
    throw new AssemblyScriptError(
      [{ file, line: 0, column: 0, lineText: "", message: result.error?.message ?? "asc wrote no module" }],
      inputs,
    );
  }
  // A copy on a plain ArrayBuffer: WebAssembly.compile and validate take nothing else in TypeScript's types.
  return { bytes: new Uint8Array(output), inputs: [...new Set(inputs)] };
}

const QUERY = /\?wasm-(simd|relaxed-simd)$/;

/** esbuild plugin: `import bytes from "./k.ts?wasm-simd"` compiles k.ts with asc and inlines the module's bytes. */
export function assemblyScriptPlugin(): Plugin {
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
          const { bytes, inputs } = await compileAssemblyScriptModule(args.path, variant);
          // A Uint8Array in the bundle: a few KB, and no extra request or MIME type for the host to get right. Decoded
          // here rather than by esbuild's binary loader, whose runtime helper would land in a shared chunk and change
          // the hash of chunks (gpu.js) that two worker builds otherwise emit byte for byte the same, once.
          const base64 = Buffer.from(bytes).toString("base64");
          return {
            contents: `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));`,
            loader: "js",
            watchFiles: inputs,
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
