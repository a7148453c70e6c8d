// One WebGPU device for the hand-written kernel and the bandwidth panel, with the adapter named.
/// <reference types="@webgpu/types" />

/** Undefined where the browser has no WebGPU (the DOM library types navigator.gpu as always there). */
export function webgpuEntry(): GPU | undefined {
  return (globalThis.navigator as Partial<Navigator> | undefined)?.gpu;
}

export function adapterInfo(adapter: GPUAdapter): { description: string; isFallbackAdapter: boolean } {
  // Chromium before 131 has no adapter.info; older builds flag the fallback on the adapter itself.
  const info: Partial<GPUAdapterInfo> = adapter.info ?? {};
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((part): part is string =>
    Boolean(part),
  );
  return {
    description: [...new Set(parts)].join(", ") || "unnamed WebGPU adapter",
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter),
  };
}

export interface WebgpuHandle {
  device: GPUDevice;
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
