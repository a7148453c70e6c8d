// GPU copy bandwidth: a buffer-to-buffer copy via WebGPU, else WebGL2's copyBufferSubData, verified by reading back.
import { measureRepeated, type RepeatPolicy } from "./measureRepeated.ts";
import { copyIsExact } from "./cpuBandwidth.ts";
import { summarizeTimings, type TimingSummary } from "./statistics.ts";

export interface BandwidthResult {
  via: string;
  /** Bytes copied per timed call (read once, written once). */
  bytes: number;
  timing: TimingSummary;
  verified: boolean;
}

/** Several copies per submit, so queue overhead does not hide the memory's speed. */
const copiesPerCall = 8;

function pattern(length: number): Float32Array<ArrayBuffer> {
  const data = new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = (i * 7) % 65_521;
  return data;
}

export async function webgpuCopyBandwidth(
  device: GPUDevice,
  bytes: number,
  policy: RepeatPolicy,
  hooks: { now: () => number; signal: AbortSignal; between: () => Promise<void> },
): Promise<BandwidthResult> {
  const data = pattern(bytes / 4);
  const source = device.createBuffer({
    size: bytes,
    usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | GPUBufferUsage.STORAGE,
  });
  const target = device.createBuffer({
    size: bytes,
    usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | GPUBufferUsage.STORAGE,
  });
  const read = device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  try {
    device.queue.writeBuffer(source, 0, data);
    const copy = async (): Promise<void> => {
      const encoder = device.createCommandEncoder();
      for (let i = 0; i < copiesPerCall; i++) encoder.copyBufferToBuffer(source, 0, target, 0, bytes);
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    };
    const timing = summarizeTimings(await measureRepeated(copy, policy, hooks));
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(target, 0, read, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const verified = copyIsExact(data, new Float32Array(read.getMappedRange()));
    read.unmap();
    return { via: "WebGPU copyBufferToBuffer", bytes: bytes * copiesPerCall, timing, verified };
  } finally {
    [source, target, read].forEach((buffer) => buffer.destroy());
  }
}

/** Resolves when the GPU passes the fence, polling without blocking the main thread. */
function fenceDone(gl: WebGL2RenderingContext, between: () => Promise<void>): Promise<void> {
  const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0)!;
  gl.flush();
  return (async () => {
    try {
      for (;;) {
        if (gl.isContextLost()) throw new Error("WebGL context lost");
        const status = gl.clientWaitSync(sync, 0, 0);
        if (status === gl.ALREADY_SIGNALED || status === gl.CONDITION_SATISFIED) return;
        if (status === gl.WAIT_FAILED) throw new Error("WebGL fence failed");
        await between();
      }
    } finally {
      gl.deleteSync(sync);
    }
  })();
}

export async function webgl2CopyBandwidth(
  bytes: number,
  policy: RepeatPolicy,
  hooks: { now: () => number; signal: AbortSignal; between: () => Promise<void> },
): Promise<BandwidthResult | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: on the union of canvases, getContext gives RenderingContext.
  const gl = (
    typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(1, 1) : document.createElement("canvas")
  ).getContext("webgl2") as WebGL2RenderingContext | null;
  if (!gl) return undefined;
  const data = pattern(bytes / 4);
  const source = gl.createBuffer();
  const target = gl.createBuffer();
  try {
    gl.bindBuffer(gl.COPY_READ_BUFFER, source);
    gl.bufferData(gl.COPY_READ_BUFFER, data, gl.STATIC_COPY);
    gl.bindBuffer(gl.COPY_WRITE_BUFFER, target);
    gl.bufferData(gl.COPY_WRITE_BUFFER, bytes, gl.STATIC_COPY);
    const copy = async (): Promise<void> => {
      for (let i = 0; i < copiesPerCall; i++)
        gl.copyBufferSubData(gl.COPY_READ_BUFFER, gl.COPY_WRITE_BUFFER, 0, 0, bytes);
      await fenceDone(gl, hooks.between);
    };
    const timing = summarizeTimings(await measureRepeated(copy, policy, hooks));
    const back = new Float32Array(bytes / 4);
    gl.getBufferSubData(gl.COPY_WRITE_BUFFER, 0, back);
    return { via: "WebGL2 copyBufferSubData", bytes: bytes * copiesPerCall, timing, verified: copyIsExact(data, back) };
  } finally {
    gl.deleteBuffer(source);
    gl.deleteBuffer(target);
    gl.getExtension("WEBGL_lose_context")?.loseContext();
  }
}
