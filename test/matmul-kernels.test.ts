// Every matmul kernel of the demo against a float64 reference, including sizes that are not powers of two.
import { afterAll, describe, expect, it } from "vitest";
import { matmulIjkRows, matmulIkjFlat, toRows } from "../demos/gpu-vs-cpu-matmul/kernels/cpuMatmul.ts";
import {
  createMatmulKernel,
  describeRan,
  flattenRows,
  loadGpuJs,
  type GpuJsInstance,
} from "../demos/gpu-vs-cpu-matmul/kernels/gpujsMatmul.ts";
import { inputSeeds, seededMatrix } from "../demos/gpu-vs-cpu-matmul/measurement/seededRandom.ts";
import { flatEntry, rowsEntry, verifyProduct } from "../demos/gpu-vs-cpu-matmul/measurement/verifyProduct.ts";

const sizes = [1, 7, 33, 64, 100];

function inputs(n: number): { a: Float32Array; b: Float32Array } {
  const { seedA, seedB } = inputSeeds(n);
  return { a: seededMatrix(n, seedA), b: seededMatrix(n, seedB) };
}

describe.each(sizes)("n = %i", (n) => {
  const { a, b } = inputs(n);

  it("plain JS i-j-k over arrays of arrays matches float64", () => {
    const c = matmulIjkRows(toRows(a, n), toRows(b, n), n);
    const check = verifyProduct(a, b, n, rowsEntry(c));
    expect(check.checked).toBe(n * n);
    expect(check.ok, `worst error ${check.worstError}`).toBe(true);
  });

  it("plain JS i-k-j over Float32Array matches float64", () => {
    const check = verifyProduct(a, b, n, flatEntry(matmulIkjFlat(a, b, n), n));
    expect(check.ok, `worst error ${check.worstError}`).toBe(true);
  });
});

describe.each(["cpu", "webasm"] as const)("gpu.js %s mode (runs in Node)", (mode) => {
  const instances: GpuJsInstance[] = [];
  afterAll(async () => {
    for (const gpu of instances) await gpu.destroy();
  });

  it.each(sizes)("n = %i matches float64 and says what ran", async (n) => {
    const { GPU, input } = await loadGpuJs();
    const gpu = new GPU({ mode });
    instances.push(gpu);
    const kernel = createMatmulKernel(gpu, n);
    const { a, b } = inputs(n);
    const rows = kernel(input(a, [n, n]), input(b, [n, n])) as Float32Array[];
    const check = verifyProduct(a, b, n, rowsEntry(rows));
    expect(check.ok, `worst error ${check.worstError}`).toBe(true);
    expect(flattenRows(rows, n)).toHaveLength(n * n);
    const ran = describeRan(kernel);
    expect(ran.ran).toBe(mode);
    expect(ran.ranOnGpu).toBe(false);
    expect(ran.fallbackReason).toBeNull();
  });

  it("async mode resolves the same product", async () => {
    const { GPU, input } = await loadGpuJs();
    const gpu = new GPU({ mode });
    instances.push(gpu);
    const n = 65;
    const kernel = createMatmulKernel(gpu, n, { asyncMode: true });
    const { a, b } = inputs(n);
    const rows = (await kernel(input(a, [n, n]), input(b, [n, n]))) as Float32Array[];
    expect(verifyProduct(a, b, n, rowsEntry(rows)).ok).toBe(true);
  });
});
