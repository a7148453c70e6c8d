// The slice of the WebGPU API this demo calls (TypeScript's DOM library does not ship WebGPU types yet).

export interface WgpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
export interface WgpuLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupsPerDimension: number;
}
export interface WgpuAdapter {
  info?: WgpuAdapterInfo;
  isFallbackAdapter?: boolean;
  limits: WgpuLimits;
  requestDevice(descriptor?: { requiredLimits?: Record<string, number> }): Promise<WgpuDevice>;
}
export interface WgpuBuffer {
  size: number;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}
export interface WgpuBindGroupLayout {}
export interface WgpuBindGroup {}
export interface WgpuComputePipeline {
  getBindGroupLayout(index: number): WgpuBindGroupLayout;
}
export interface WgpuShaderModule {
  getCompilationInfo?(): Promise<{ messages: ReadonlyArray<{ type: string; message: string; lineNum: number }> }>;
}
export interface WgpuComputePass {
  setPipeline(pipeline: WgpuComputePipeline): void;
  setBindGroup(index: number, group: WgpuBindGroup): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}
export interface WgpuCommandEncoder {
  beginComputePass(): WgpuComputePass;
  copyBufferToBuffer(
    source: WgpuBuffer,
    sourceOffset: number,
    destination: WgpuBuffer,
    destinationOffset: number,
    size: number,
  ): void;
  finish(): unknown;
}
export interface WgpuQueue {
  writeBuffer(buffer: WgpuBuffer, offset: number, data: ArrayBufferView | ArrayBuffer): void;
  submit(commands: unknown[]): void;
  onSubmittedWorkDone(): Promise<void>;
}
export interface WgpuDevice {
  queue: WgpuQueue;
  limits: WgpuLimits;
  lost: Promise<{ reason: string; message: string }>;
  createBuffer(descriptor: { size: number; usage: number; mappedAtCreation?: boolean }): WgpuBuffer;
  createShaderModule(descriptor: { code: string }): WgpuShaderModule;
  createComputePipelineAsync(descriptor: {
    layout: "auto";
    compute: { module: WgpuShaderModule; entryPoint: string };
  }): Promise<WgpuComputePipeline>;
  createBindGroup(descriptor: {
    layout: WgpuBindGroupLayout;
    entries: Array<{ binding: number; resource: { buffer: WgpuBuffer } }>;
  }): WgpuBindGroup;
  createCommandEncoder(): WgpuCommandEncoder;
  pushErrorScope(filter: "validation" | "out-of-memory" | "internal"): void;
  popErrorScope(): Promise<{ message: string } | null>;
  destroy(): void;
}
export interface WgpuEntry {
  requestAdapter(options?: { powerPreference?: "high-performance" | "low-power" }): Promise<WgpuAdapter | null>;
}

/** Flag values from the spec (https://www.w3.org/TR/webgpu/#buffer-usage), so no global is needed at import time. */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;
export const MapMode = { READ: 0x0001 } as const;

export function webgpuEntry(): WgpuEntry | undefined {
  return (globalThis.navigator as (Navigator & { gpu?: WgpuEntry }) | undefined)?.gpu;
}

export function adapterInfo(adapter: WgpuAdapter): { description: string; isFallbackAdapter: boolean } {
  const info = adapter.info ?? {};
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((part): part is string =>
    Boolean(part),
  );
  return {
    description: [...new Set(parts)].join(", ") || "unnamed WebGPU adapter",
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}
