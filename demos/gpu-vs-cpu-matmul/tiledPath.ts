// The hand-written WGSL kernel shaped as a GpuPath.
import type { EntryAt, GpuPath } from "./measureGpu.ts";
import { flatEntry } from "./verifyProduct.ts";
import { TiledMatmul } from "./webgpuMatmul.ts";
import type { WgpuDevice } from "./webgpuTypes.ts";

export async function tiledPath(device: WgpuDevice, n: number, a: Float32Array, b: Float32Array): Promise<GpuPath> {
  const kernel = await TiledMatmul.create(device, n);
  return {
    first: async (): Promise<EntryAt> => flatEntry(await kernel.endToEnd(a, b), n),
    endToEnd: () => kernel.endToEnd(a, b),
    residentChain: async (chain: number): Promise<EntryAt> => flatEntry(await kernel.resident(chain), n),
    destroy: () => kernel.destroy(),
  };
}
