// Every GPU backend runs here, on an OffscreenCanvas or a worker's WebGPU device, so the page never waits on a GPU.
import { loadGpuJs, type GpuJsInstance, type GpuJsModule } from "../kernels/gpujsMatmul.ts";
import { gpujsPath, type GpujsPath } from "../kernels/gpujsPath.ts";
import { webgl2CopyBandwidth, webgpuCopyBandwidth } from "../measurement/gpuBandwidth.ts";
import { measureGpuPath } from "../measurement/measureGpu.ts";
import { seededMatrix } from "../measurement/seededRandom.ts";
import { tiledPath } from "../kernels/tiledPath.ts";
import { describeVariant, type WgslVariant } from "../kernels/wgslMatmul.ts";
import { measureGpuPeak } from "../kernels/wgslPeak.ts";
import { autoTune, tuneSize } from "../kernels/wgslTune.ts";
import { probeWebgl } from "../devices/webglInfo.ts";
import { requestWebgpu, type WebgpuResult } from "../devices/webgpuDevice.ts";
import { webgpuSizeProblem } from "../kernels/webgpuMatmul.ts";
import {
  errorMessage,
  progressIntervalMs,
  type CommonReply,
  type GpuProbe,
  type GpuWorkerReply,
  type GpuWorkerRequest,
} from "./workerProtocol.ts";

// A module worker's global scope; typed narrowly because tsconfig's DOM lib describes a window.
const scope = globalThis as unknown as {
  postMessage(message: GpuWorkerReply | CommonReply): void;
  addEventListener(type: "message", listener: (event: MessageEvent<GpuWorkerRequest>) => void): void;
};

const now = (): number => performance.now();
const between = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
// Cancel terminates this worker, so the signal here never fires.
const signal = new AbortController().signal;

let webgpu: Promise<WebgpuResult> | undefined;
/** The auto-tune's winner for this run; the first variant until a tune has run. */
let tunedVariant: WgslVariant | undefined;
let gpujs: GpuJsModule | undefined;
const gpuInstances = new Map<string, GpuJsInstance>();

function gpuInstance(module: GpuJsModule, mode: string): GpuJsInstance {
  let instance = gpuInstances.get(mode);
  if (!instance) {
    instance = new module.GPU({ mode });
    gpuInstances.set(mode, instance);
  }
  return instance;
}

async function probe(): Promise<GpuProbe> {
  webgpu ??= requestWebgpu();
  const gpu = await webgpu;
  return {
    webgl: probeWebgl(),
    webgpu: gpu.ok
      ? {
          ok: true,
          description: gpu.handle.description,
          isFallbackAdapter: gpu.handle.isFallbackAdapter,
          maxBufferBytes: Math.min(
            gpu.handle.device.limits.maxStorageBufferBindingSize,
            gpu.handle.device.limits.maxBufferSize,
          ),
        }
      : { ok: false, reason: gpu.reason },
  };
}

async function measure(request: Extract<GpuWorkerRequest, { type: "measure" }>): Promise<GpuWorkerReply> {
  const { id, backend, n, policy } = request;
  let lastProgress = 0;
  const onStep = (step: string): void => {
    if (now() - lastProgress < progressIntervalMs && !step.startsWith("first")) return;
    lastProgress = now();
    scope.postMessage({ type: "progress", id, step });
  };
  // Inputs are made only once a size passed the limit checks: a too-big n must not allocate gigabytes first.
  const inputs = () => {
    const a = seededMatrix(n, request.seedA);
    const b = seededMatrix(n, request.seedB);
    return { a, b, context: { a, b, n, policy, now, signal, between, onStep } };
  };

  if (backend === "wgsl-tiled") {
    webgpu ??= requestWebgpu();
    const gpu = await webgpu;
    if (!gpu.ok) return { type: "skip", id, reason: gpu.reason };
    if (gpu.handle.lostReason)
      return { type: "skip", id, reason: `the WebGPU device was lost: ${gpu.handle.lostReason}` };
    const problem = webgpuSizeProblem(gpu.handle.device, n, tunedVariant);
    if (problem) return { type: "skip", id, reason: problem };
    const { a, b, context } = inputs();
    const measurement = await measureGpuPath(() => tiledPath(gpu.handle.device, n, a, b, tunedVariant), context);
    const variant = tunedVariant ? `, ${describeVariant(tunedVariant)}, auto-tuned` : "";
    return {
      type: "measure",
      id,
      measurement,
      ran: { ran: `webgpu (hand-written WGSL${variant})`, ranOnGpu: true, fallbackReason: null },
    };
  }

  gpujs ??= await loadGpuJs();
  const { GPU } = gpujs;
  let mode: string = backend;
  let note: string | undefined;
  if (backend === "webgl2" && !GPU.isWebGL2Supported) {
    if (!GPU.isWebGLSupported) return { type: "skip", id, reason: "no WebGL in this browser (or in its workers)" };
    mode = "webgl";
    note = "WebGL2 unavailable: ran on WebGL 1";
  }
  if (backend === "webgl" && !GPU.isWebGLSupported)
    return { type: "skip", id, reason: "no WebGL in this browser (or in its workers)" };
  if (backend === "webgpu") {
    if (!(await GPU.isWebGPUAvailable())) return { type: "skip", id, reason: "no WebGPU adapter answered" };
    webgpu ??= requestWebgpu();
    const gpu = await webgpu;
    const problem = gpu.ok ? webgpuSizeProblem(gpu.handle.device, n) : undefined;
    if (problem) return { type: "skip", id, reason: problem };
  } else {
    const limit = probeWebgl()?.maxTextureSize ?? Infinity;
    if (n > limit) return { type: "skip", id, reason: `larger than this GPU's texture limit (${limit})` };
  }
  let path: GpujsPath | undefined;
  const instance = gpuInstance(gpujs, mode);
  const { a, b, context } = inputs();
  const loseContextAfterFirst = request.loseWebglContext === true && mode !== "webgpu";
  const measurement = await measureGpuPath(
    () => Promise.resolve((path = gpujsPath(gpujs!, instance, n, a, b, { loseContextAfterFirst }))),
    context,
  );
  const ran = path?.ranInfo() ?? { ran: mode, ranOnGpu: false, fallbackReason: "unknown" };
  return { type: "measure", id, measurement, ran, ...(note ? { note } : {}) };
}

async function bandwidth(request: Extract<GpuWorkerRequest, { type: "bandwidth" }>): Promise<GpuWorkerReply> {
  webgpu ??= requestWebgpu();
  const gpu = await webgpu;
  const hooks = { now, signal, between };
  const result = gpu.ok
    ? await webgpuCopyBandwidth(gpu.handle.device, request.bytes, request.policy, hooks)
    : await webgl2CopyBandwidth(request.bytes, request.policy, hooks);
  return { type: "bandwidth", id: request.id, result };
}

async function peak(id: number): Promise<GpuWorkerReply> {
  webgpu ??= requestWebgpu();
  const gpu = await webgpu;
  if (!gpu.ok) return { type: "peak", id, gflops: undefined, reason: gpu.reason };
  return { type: "peak", id, ...(await measureGpuPeak(gpu.handle.device, now)) };
}

async function tune({ id, budgetMs }: Extract<GpuWorkerRequest, { type: "tune" }>): Promise<GpuWorkerReply> {
  webgpu ??= requestWebgpu();
  const gpu = await webgpu;
  if (!gpu.ok) return { type: "tune", id, result: undefined, reason: gpu.reason };
  // A software renderer needs ~0.2 s for one n = 256 product: tune it at 128 so the budget covers several variants.
  const n = gpu.handle.isFallbackAdapter ? 128 : tuneSize;
  const { variant, result } = await autoTune(gpu.handle.device, now, budgetMs, n);
  tunedVariant = variant;
  return { type: "tune", id, result };
}

async function handle(request: GpuWorkerRequest): Promise<void> {
  try {
    if (request.type === "probe") scope.postMessage({ type: "probe", id: request.id, probe: await probe() });
    else if (request.type === "measure") scope.postMessage(await measure(request));
    else if (request.type === "peak") scope.postMessage(await peak(request.id));
    else if (request.type === "tune") scope.postMessage(await tune(request));
    else scope.postMessage(await bandwidth(request));
  } catch (error) {
    scope.postMessage({ type: "error", id: request.id, message: errorMessage(error) });
  }
}

// Requests are handled one at a time, in order.
let queue: Promise<void> = Promise.resolve();
scope.addEventListener("message", (event) => {
  queue = queue.then(() => handle(event.data));
});
