// gpu.js on a GPU backend (webgl2, webgl, webgpu), shaped as a GpuPath; async mode keeps readbacks off the main thread.
import {
  createCopyKernel,
  createMatmulKernel,
  describeRan,
  type GpuJsInstance,
  type GpuJsKernel,
  type GpuJsModule,
  type RanInfo,
} from "./gpujsMatmul.ts";
import type { EntryAt, GpuPath } from "../measurement/measureGpu.ts";
import { rowsEntry } from "../measurement/verifyProduct.ts";

export interface GpujsPath extends GpuPath {
  /** Known after first(): what gpu.js actually ran. */
  ranInfo(): RanInfo | undefined;
}

export function gpujsPath(
  gpujs: GpuJsModule,
  gpu: GpuJsInstance,
  n: number,
  a: Float32Array,
  b: Float32Array,
  debug: { loseContextAfterFirst?: boolean } = {},
): GpujsPath {
  const args = [gpujs.input(a, [n, n]), gpujs.input(b, [n, n])];
  const kernels: GpuJsKernel[] = [];
  let kernel: GpuJsKernel | undefined;
  let resident: { multiply: GpuJsKernel; read: GpuJsKernel; inputs: unknown[] } | undefined;
  let ran: RanInfo | undefined;
  const made = (created: GpuJsKernel): GpuJsKernel => (kernels.push(created), created);

  return {
    async first(): Promise<EntryAt> {
      kernel = made(createMatmulKernel(gpu, n, { asyncMode: true }));
      const rows = (await kernel(...args)) as Float32Array[];
      ran = describeRan(kernel);
      // What a driver reset or a GPU-process crash does to a page, on request only (WEBGL_lose_context).
      if (debug.loseContextAfterFirst)
        (kernel.kernel.context as WebGLRenderingContext | undefined)?.getExtension("WEBGL_lose_context")?.loseContext();
      return rowsEntry(rows);
    },
    endToEnd: () => kernel!(...args) as Promise<unknown>,
    async residentChain(chain: number): Promise<EntryAt> {
      if (!resident) {
        // Upload once into textures/buffers that stay on the GPU; products then read and write only GPU memory.
        const upload = made(createCopyKernel(gpu, n, { asyncMode: true, pipeline: true }));
        const inputs = [await upload(args[0]), await upload(args[1])];
        const multiply = made(createMatmulKernel(gpu, n, { asyncMode: true, pipeline: true }));
        const read = made(createCopyKernel(gpu, n, { asyncMode: true, pipeline: false }));
        resident = { multiply, read, inputs };
      }
      let last: unknown;
      for (let i = 0; i < chain; i++) last = await resident.multiply(...resident.inputs);
      const rows = (await resident.read(last)) as Float32Array[];
      return rowsEntry(rows);
    },
    ranInfo: () => ran,
    destroy(): void {
      for (const made of kernels) {
        try {
          made.destroy();
        } catch {
          // A kernel on a lost context cannot be destroyed; dropping it is enough.
        }
      }
    },
  };
}
