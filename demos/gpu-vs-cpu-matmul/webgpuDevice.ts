// One WebGPU device for the hand-written kernel and the bandwidth panel, with the adapter named.
import { adapterInfo, webgpuEntry, type WgpuDevice } from "./webgpuTypes.ts";

export interface WebgpuHandle {
  device: WgpuDevice;
  description: string;
  isFallbackAdapter: boolean;
  /** Set once the device is lost (driver reset, tab backgrounded too long, destroy()). */
  lostReason?: string;
}

export type WebgpuResult = { ok: true; handle: WebgpuHandle } | { ok: false; reason: string };

export async function requestWebgpu(): Promise<WebgpuResult> {
  const entry = webgpuEntry();
  if (!entry) return { ok: false, reason: "this browser has no WebGPU (navigator.gpu is missing)" };
  try {
    const adapter = await entry.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return { ok: false, reason: "no WebGPU adapter answered (WebGPU disabled or unsupported here)" };
    const { description, isFallbackAdapter } = adapterInfo(adapter);
    // Ask for the adapter's full buffer limits: the default 128 MiB binding limit stops at n ≈ 5,800 anyway.
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    const handle: WebgpuHandle = { device, description, isFallbackAdapter };
    void device.lost.then((info) => {
      handle.lostReason = info.message || info.reason || "device lost";
    });
    return { ok: true, handle };
  } catch (error) {
    return { ok: false, reason: `WebGPU failed to start: ${(error as Error).message}` };
  }
}
