// wasm-tiled (the demo's hand-written WebAssembly SIMD matmul) built from its AssemblyScript source as the demo
// bundler builds it, run in Node against the float64 reference at sizes that cut its blocks unevenly.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import * as esbuild from "esbuild";
import {
  AssemblyScriptError,
  assemblyScriptPlugin,
  compileAssemblyScript,
  compileAssemblyScriptModule,
} from "../_config/demos/assemblyScript.ts";
import {
  chooseWasmBuild,
  chunkCount,
  instantiateWasmTiled,
  MAXIMUM_PAGES,
  memoryLayout,
  rowChunks,
  WasmTiledMatmul,
} from "../demos/gpu-vs-cpu-matmul/kernels/wasmTiled.ts";
import { inputSeeds, seededMatrix } from "../demos/gpu-vs-cpu-matmul/measurement/seededRandom.ts";
import { flatEntry, verifyProduct } from "../demos/gpu-vs-cpu-matmul/measurement/verifyProduct.ts";
import { repoRoot } from "./helpers/site.ts";

const SOURCE = path.join(repoRoot, "demos/gpu-vs-cpu-matmul/kernels/assembly/cpuKernels.ts");
const SIZES = [1, 7, 63, 65, 257];

function inputs(n: number): { a: Float32Array; b: Float32Array } {
  const { seedA, seedB } = inputSeeds(n);
  return { a: seededMatrix(n, seedA), b: seededMatrix(n, seedB) };
}

let simd: Uint8Array<ArrayBuffer>;
let relaxed: Uint8Array<ArrayBuffer>;
/** The sources asc read for the SIMD build. */
let simdInputs: string[];

beforeAll(async () => {
  const [simdModule, relaxedBytes] = await Promise.all([
    compileAssemblyScriptModule(SOURCE, "simd"),
    compileAssemblyScript(SOURCE, "relaxed-simd"),
  ]);
  ({ bytes: simd, inputs: simdInputs } = simdModule);
  relaxed = relaxedBytes;
});

describe("the AssemblyScript build", () => {
  it("gives two valid modules, and only the relaxed one uses relaxed SIMD", async () => {
    expect(WebAssembly.validate(simd)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAXIMUM_PAGES, shared: true });
    const exports = await instantiateWasmTiled(await WebAssembly.compile(simd), memory);
    expect(exports.usesRelaxedSimd()).toBe(0);
    // Node 20 validates relaxed SIMD only behind a flag: where it does not, the plain build is chosen.
    expect(chooseWasmBuild(simd, relaxed).kind).toBe(WebAssembly.validate(relaxed) ? "relaxed SIMD" : "SIMD");
    expect(relaxed).not.toEqual(simd);
  });

  it("fails on an AssemblyScript type error with file:line:column and the message", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asc-"));
    const file = path.join(dir, "broken.ts");
    writeFileSync(file, "export function f(x: i32): i32 {\n  return x + missing;\n}\n");
    const error = await compileAssemblyScript(file, "simd").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AssemblyScriptError);
    const [first] = (error as AssemblyScriptError).diagnostics;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as `any`.
    expect(first).toMatchObject({ line: 2, column: 14, message: expect.stringMatching(/missing/) });
    expect(first!.file).toMatch(/broken\.ts$/);
  });
});

describe("the bundler's AssemblyScript plugin", () => {
  it("inlines the compiled module as bytes and watches every source asc read", async () => {
    expect(simdInputs.map((input) => path.basename(input)).sort()).toEqual([
      "cpuKernels.ts",
      "fmaPeak.ts",
      "madd.ts",
      "matmulTiled.ts",
    ]);
    const result = await esbuild.build({
      stdin: { contents: `export { default } from ${JSON.stringify(`${SOURCE}?wasm-simd`)};`, resolveDir: repoRoot },
      bundle: true,
      format: "esm",
      write: false,
      plugins: [assemblyScriptPlugin()],
    });
    const module = (await import(`data:text/javascript,${encodeURIComponent(result.outputFiles[0]!.text)}`)) as {
      default: Uint8Array;
    };
    expect(module.default).toEqual(simd);
  });

  it("fails the bundle on an AssemblyScript error, located at its file and line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asc-"));
    writeFileSync(path.join(dir, "bad.ts"), "export function f(): i32 {\n  return nope;\n}\n");
    const failure = await esbuild
      .build({
        stdin: { contents: `import bytes from "./bad.ts?wasm-relaxed-simd"; console.log(bytes);`, resolveDir: dir },
        bundle: true,
        write: false,
        logLevel: "silent",
        plugins: [assemblyScriptPlugin()],
      })
      .catch((error: unknown) => error as esbuild.BuildFailure);
    const [first] = (failure as esbuild.BuildFailure).errors;
    expect(first?.text).toMatch(/^AssemblyScript \(relaxed-simd\): .*nope/);
    expect(first?.location).toMatchObject({ line: 2, column: 9, lineText: "  return nope;" });
    expect(first?.location?.file).toMatch(/bad\.ts$/);
  });
});

describe("wasm-tiled, plain SIMD, one thread", () => {
  it.each(SIZES)("n = %i matches float64", async (n) => {
    const kernel = await WasmTiledMatmul.create({ bytes: simd, kind: "SIMD" }, 1);
    const { a, b } = inputs(n);
    const check = verifyProduct(a, b, n, flatEntry(kernel.multiply(a, b, n), n));
    expect(check.ok, `worst error ${check.worstError}`).toBe(true);
    expect(kernel.threads).toBe(1);
  });

  it("a kernel reused across sizes (memory grows, layout moves) stays right", async () => {
    const kernel = await WasmTiledMatmul.create({ bytes: simd, kind: "SIMD" }, 1);
    for (const n of [65, 7, 300, 63]) {
      const { a, b } = inputs(n);
      expect(verifyProduct(a, b, n, flatEntry(kernel.multiply(a, b, n), n)).ok, `n = ${n}`).toBe(true);
    }
  });

  it("the peak loop reports a positive GFLOP/s on one thread and on all", async () => {
    const kernel = await WasmTiledMatmul.create({ bytes: simd, kind: "SIMD" }, 1);
    expect(kernel.peakGflops(10_000, false)).toBeGreaterThan(0);
    expect(kernel.peakGflops(10_000, true)).toBeGreaterThan(0);
  });
});

describe("splitting C between threads", () => {
  it.each([
    [1, 6, 1],
    [65, 6, 8],
    [257, 6, 12],
    [4, 6, 8],
  ])("n = %i, %i rows per kernel, %i chunks: disjoint, in order, covering every row", (n, rows, count) => {
    const chunks = rowChunks(n, count, rows);
    expect(chunks).toHaveLength(count);
    let next = 0;
    for (const [start, end] of chunks) {
      expect(start).toBe(next);
      expect(end).toBeGreaterThanOrEqual(start);
      if (end < n) expect(end % rows).toBe(0);
      next = end;
    }
    expect(next).toBe(n);
  });

  it("one chunk for one thread, several per thread otherwise", () => {
    expect(chunkCount(1)).toBe(1);
    expect(chunkCount(4)).toBeGreaterThan(4);
  });

  it("chunks computed one by one, each in its own workspace, give the float64-verified product", async () => {
    const n = 257;
    const threads = 3;
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAXIMUM_PAGES, shared: true });
    const exports = await instantiateWasmTiled(await WebAssembly.compile(simd), memory);
    const layout = memoryLayout(exports.heapBase(), exports.workspaceBytes(), threads, n);
    memory.grow(Math.ceil((layout.end - memory.buffer.byteLength) / 65_536));
    const { a, b } = inputs(n);
    new Float32Array(memory.buffer, layout.a, n * n).set(a);
    new Float32Array(memory.buffer, layout.b, n * n).set(b);
    rowChunks(n, chunkCount(threads), exports.rowsPerKernel()).forEach(([start, end], i) =>
      exports.gemm(n, layout.a, layout.b, layout.c, start, end, layout.work[i % threads]!),
    );
    const check = verifyProduct(a, b, n, flatEntry(new Float32Array(memory.buffer, layout.c, n * n), n));
    expect(check.ok, `worst error ${check.worstError}`).toBe(true);
  });
});

describe("wasm-tiled, relaxed SIMD (Node with --experimental-wasm-relaxed-simd)", () => {
  it("chooses the relaxed build and matches float64 at every size", async () => {
    const builds = mkdtempSync(path.join(tmpdir(), "wasm-builds-"));
    writeFileSync(path.join(builds, "simd.wasm"), simd);
    writeFileSync(path.join(builds, "relaxed.wasm"), relaxed);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--experimental-wasm-relaxed-simd",
        "--import",
        "tsx",
        path.join(repoRoot, "test/helpers/wasmTiledCheck.ts"),
        path.join(builds, "simd.wasm"),
        path.join(builds, "relaxed.wasm"),
        ...SIZES.map(String),
      ],
      { cwd: repoRoot },
    );
    const report = JSON.parse(stdout.trim().split("\n").pop()!) as {
      kind: string;
      results: Array<{ n: number; ok: boolean; worstError: number }>;
    };
    expect(report.kind).toBe("relaxed SIMD");
    expect(report.results.map(({ n, ok }) => [n, ok])).toEqual(SIZES.map((n) => [n, true]));
  });
});
