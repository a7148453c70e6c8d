// The hand-written WGSL kernel shaped as a GpuPath.
import type { EntryAt, GpuPath } from "../measurement/measureGpu.ts";
import { flatEntry } from "../measurement/verifyProduct.ts";
import { TiledMatmul } from "./webgpuMatmul.ts";
import type { WgslVariant } from "./wgslMatmul.ts";

export async function tiledPath(
  device: GPUDevice,
  n: number,
  a: Float32Array<ArrayBuffer>,
  b: Float32Array<ArrayBuffer>,
  variant?: WgslVariant,
): Promise<GpuPath> {
  const kernel = await TiledMatmul.create(device, n, variant);
  return {
    first: async (): Promise<EntryAt> => flatEntry(await kernel.endToEnd(a, b), n),
    endToEnd: () => kernel.endToEnd(a, b),
    residentChain: async (chain: number): Promise<EntryAt> => flatEntry(await kernel.resident(chain), n),
    destroy: () => kernel.destroy(),
  };
}
