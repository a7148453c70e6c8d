// Run by test/matmul-wasm.test.ts in a child `node --experimental-wasm-relaxed-simd --import tsx`: Node 20 runs
// relaxed SIMD only behind that flag. Arguments: the SIMD build's file, the relaxed build's file (both compiled by
// the test, as the bundler compiles them), then the sizes. Prints one JSON line: the build that ran and each size's
// verification.
import { readFileSync } from "node:fs";
import { chooseWasmBuild, WasmTiledMatmul } from "../../demos/gpu-vs-cpu-matmul/kernels/wasmTiled.ts";
import { inputSeeds, seededMatrix } from "../../demos/gpu-vs-cpu-matmul/measurement/seededRandom.ts";
import { flatEntry, verifyProduct } from "../../demos/gpu-vs-cpu-matmul/measurement/verifyProduct.ts";

const [simdFile, relaxedFile, ...sizeArguments] = process.argv.slice(2);
const sizes = sizeArguments.map(Number);
const simd = new Uint8Array(readFileSync(simdFile!));
const relaxed = new Uint8Array(readFileSync(relaxedFile!));
const kernel = await WasmTiledMatmul.create(chooseWasmBuild(simd, relaxed), 1);
const results = sizes.map((n) => {
  const { seedA, seedB } = inputSeeds(n);
  const a = seededMatrix(n, seedA);
  const b = seededMatrix(n, seedB);
  const check = verifyProduct(a, b, n, flatEntry(kernel.multiply(a, b, n), n));
  return { n, ok: check.ok, worstError: check.worstError, checked: check.checked };
});
console.log(JSON.stringify({ kind: kernel.kind, results }));
