// Runs the tiled WGSL kernel: end to end (upload, compute, readback) and compute-resident (chained dispatches).
import { tiledMatmulWgsl, tiledWorkgroups, wgslVariants, type WgslVariant } from "./wgslMatmul.ts";

/** Why a size cannot run on this device, or undefined when it can. */
export function webgpuSizeProblem(device: GPUDevice, n: number, variant = wgslVariants[0]!): string | undefined {
  const bytes = n * n * 4;
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (bytes > limit)
    return `a ${n}×${n} matrix (${(bytes / 2 ** 20).toFixed(0)} MiB) exceeds this device's buffer limit (${(limit / 2 ** 20).toFixed(0)} MiB)`;
  if (tiledWorkgroups(n, variant) > device.limits.maxComputeWorkgroupsPerDimension)
    return "too many workgroups for this device";
  return undefined;
}

export class TiledMatmul {
  private constructor(
    private readonly device: GPUDevice,
    private readonly n: number,
    private readonly variant: WgslVariant,
    private readonly pipeline: GPUComputePipeline,
    private readonly bindGroup: GPUBindGroup,
    private readonly buffers: { a: GPUBuffer; b: GPUBuffer; c: GPUBuffer; dims: GPUBuffer; read: GPUBuffer },
  ) {}

  /** Compiles the shader and allocates the buffers (part of the "first call" the demo reports). */
  static async create(device: GPUDevice, n: number, variant = wgslVariants[0]!): Promise<TiledMatmul> {
    const bytes = n * n * 4;
    device.pushErrorScope("out-of-memory");
    device.pushErrorScope("validation");
    const module = device.createShaderModule({ code: tiledMatmulWgsl(variant) });
    const pipeline = await device.createComputePipelineAsync({
      layout: "auto",
      compute: { module, entryPoint: "main" },
    });
    const storage = (usage: number): GPUBuffer =>
      device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | usage });
    const buffers = {
      a: storage(GPUBufferUsage.COPY_DST),
      b: storage(GPUBufferUsage.COPY_DST),
      c: storage(GPUBufferUsage.COPY_SRC),
      // Uniform buffers are bound in 16-byte units.
      dims: device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
      read: device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    };
    device.queue.writeBuffer(buffers.dims, 0, new Uint32Array([n, 0, 0, 0]));
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [buffers.a, buffers.b, buffers.c, buffers.dims].map((buffer, binding) => ({
        binding,
        resource: { buffer },
      })),
    });
    const validation = await device.popErrorScope();
    const memory = await device.popErrorScope();
    if (validation || memory) {
      Object.values(buffers).forEach((buffer) => buffer.destroy());
      throw new Error(
        memory ? `out of GPU memory: ${memory.message}` : `WebGPU rejected the kernel: ${validation!.message}`,
      );
    }
    return new TiledMatmul(device, n, variant, pipeline, bindGroup, buffers);
  }

  private encodeDispatch(): void {
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    const groups = tiledWorkgroups(this.n, this.variant);
    pass.dispatchWorkgroups(groups, groups);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  private async readBack(): Promise<Float32Array> {
    const { c, read } = this.buffers;
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(c, 0, read, 0, c.size);
    this.device.queue.submit([encoder.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const result = new Float32Array(read.getMappedRange().slice(0));
    read.unmap();
    return result;
  }

  /** Upload A and B, multiply, read C back: what a caller with data in JavaScript waits for. */
  async endToEnd(a: Float32Array<ArrayBuffer>, b: Float32Array<ArrayBuffer>): Promise<Float32Array> {
    this.device.queue.writeBuffer(this.buffers.a, 0, a);
    this.device.queue.writeBuffer(this.buffers.b, 0, b);
    this.encodeDispatch();
    return this.readBack();
  }

  /** `chain` products with the data already on the GPU and one readback at the end; returns that last product. */
  async resident(chain: number): Promise<Float32Array> {
    for (let i = 0; i < chain; i++) this.encodeDispatch();
    return this.readBack();
  }

  destroy(): void {
    Object.values(this.buffers).forEach((buffer) => buffer.destroy());
  }
}
