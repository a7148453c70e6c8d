// Run by test/matmul-wasm.test.ts in a child `node --experimental-wasm-relaxed-simd --import tsx`: Node 20 runs
// relaxed SIMD only behind that flag. Prints one JSON line: the build that ran and each size's verification.
import path from "node:path";
import { compileAssemblyScript } from "../../_config/demos/assemblyScript.ts";
import { chooseWasmBuild, WasmTiledMatmul } from "../../demos/gpu-vs-cpu-matmul/kernels/wasmTiled.ts";
import { inputSeeds, seededMatrix } from "../../demos/gpu-vs-cpu-matmul/measurement/seededRandom.ts";
import { flatEntry, verifyProduct } from "../../demos/gpu-vs-cpu-matmul/measurement/verifyProduct.ts";

const source = path.resolve(import.meta.dirname, "../../demos/gpu-vs-cpu-matmul/kernels/assembly/cpuKernels.ts");
const sizes = process.argv.slice(2).map(Number);
const [simd, relaxed] = await Promise.all([
  compileAssemblyScript(source, "simd"),
  compileAssemblyScript(source, "relaxed-simd"),
]);
const kernel = await WasmTiledMatmul.create(chooseWasmBuild(simd, relaxed), 1);
const results = sizes.map((n) => {
  const { seedA, seedB } = inputSeeds(n);
  const a = seededMatrix(n, seedA);
  const b = seededMatrix(n, seedB);
  const check = verifyProduct(a, b, n, flatEntry(kernel.multiply(a, b, n), n));
  return { n, ok: check.ok, worstError: check.worstError, checked: check.checked };
});
console.log(JSON.stringify({ kind: kernel.kind, results }));
