// The GPU's float32 peak as WebGPU reaches it: 8 independent vec4 fma chains per invocation, no memory traffic.
/// <reference types="@webgpu/types" />

const workgroupSize = 256;
/** 4096 workgroups × 256 invocations: enough to fill any GPU's cores several times over. */
const maxWorkgroups = 4096;
/** Where the dispatch starts growing: 16K invocations, already more than a software renderer's CPU threads can run at once. */
const minWorkgroups = 64;
/** 8 chains × 4 lanes × (multiply + add). */
const flopsPerIteration = 64;

export const fmaPeakWgsl = /* wgsl */ `
struct Params { iterations: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> sink: array<f32>;

@compute @workgroup_size(${workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let x = vec4<f32>(0.9999999);
  let y = vec4<f32>(0.0000001);
  var a0 = vec4<f32>(f32(gid.x) * 1e-9);
  var a1 = a0 + 0.1; var a2 = a0 + 0.2; var a3 = a0 + 0.3;
  var a4 = a0 + 0.4; var a5 = a0 + 0.5; var a6 = a0 + 0.6; var a7 = a0 + 0.7;
  for (var i = 0u; i < params.iterations; i++) {
    a0 = fma(a0, x, y); a1 = fma(a1, x, y); a2 = fma(a2, x, y); a3 = fma(a3, x, y);
    a4 = fma(a4, x, y); a5 = fma(a5, x, y); a6 = fma(a6, x, y); a7 = fma(a7, x, y);
  }
  let s = (a0 + a1) + (a2 + a3) + (a4 + a5) + (a6 + a7);
  // Written, so no compiler may drop the loop; 1024 slots, races are harmless.
  sink[gid.x & 1023u] = s.x + s.y + s.z + s.w;
}
`;

export function peakFlops(iterations: number, workgroups: number): number {
  return workgroups * workgroupSize * iterations * flopsPerIteration;
}

/** How the peak was measured, for the peaks table: "…, 1M invocations" at 4096 workgroups. */
export function peakHow(workgroups: number): string {
  const invocations = workgroups * workgroupSize;
  const count = invocations >= 2 ** 20 ? `${invocations / 2 ** 20}M` : `${invocations / 2 ** 10}K`;
  return `WGSL vec4 fma loop, 8 independent chains, ${count} invocations`;
}

export interface GpuPeak {
  gflops: number;
  /** peakHow's text for the dispatch that was timed. */
  how: string;
}

/**
 * GFLOP/s of the fma loop: the dispatch grows until it takes 50 ms (2 ms on a fast GPU would be mostly launch cost),
 * then the best of three at that size. It grows in workgroups up to 4096, then in iterations: a real GPU always
 * reaches 4096 workgroups, while a software renderer, saturated with far fewer, stops there instead of spending
 * seconds (4096 × 16 iterations take ~0.3 s on SwiftShader here).
 */
export async function measureGpuPeak(device: GPUDevice, now: () => number): Promise<GpuPeak> {
  const module = device.createShaderModule({ code: fmaPeakWgsl });
  const pipeline = await device.createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint: "main" } });
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const sink = device.createBuffer({ size: 4096, usage: GPUBufferUsage.STORAGE });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 1, resource: { buffer: sink } },
    ],
  });
  const timeDispatch = async (iterations: number, workgroups: number): Promise<number> => {
    device.queue.writeBuffer(params, 0, new Uint32Array([iterations, 0, 0, 0]));
    await device.queue.onSubmittedWorkDone();
    const start = now();
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(workgroups);
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return now() - start;
  };
  try {
    // Untimed: a first dispatch may include the shader's compilation (SwiftShader compiles on first use).
    await timeDispatch(1, minWorkgroups);
    let iterations = 16;
    let workgroups = minWorkgroups;
    let ms = await timeDispatch(iterations, workgroups);
    while (ms < 50 && iterations < 65_536) {
      if (workgroups < maxWorkgroups) workgroups *= 2;
      else iterations *= 2;
      ms = await timeDispatch(iterations, workgroups);
    }
    for (let i = 0; i < 3; i++) ms = Math.min(ms, await timeDispatch(iterations, workgroups));
    return { gflops: peakFlops(iterations, workgroups) / (ms / 1000) / 1e9, how: peakHow(workgroups) };
  } finally {
    params.destroy();
    sink.destroy();
  }
}
