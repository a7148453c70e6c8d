// What WebGL says about the GPU: the unmasked renderer name and the texture size limit (works in a worker too).

export interface WebglInfo {
  version: "webgl2" | "webgl";
  renderer: string;
  maxTextureSize: number;
}

/** WEBGL_debug_renderer_info's UNMASKED_RENDERER_WEBGL (https://registry.khronos.org/webgl/extensions/WEBGL_debug_renderer_info/). */
const unmaskedRenderer = 0x9246;

function freshCanvas(): HTMLCanvasElement | OffscreenCanvas | undefined {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(1, 1);
  if (typeof document !== "undefined") return document.createElement("canvas");
  return undefined;
}

export function probeWebgl(): WebglInfo | undefined {
  for (const version of ["webgl2", "webgl"] as const) {
    const gl = freshCanvas()?.getContext(version) as WebGLRenderingContext | null | undefined;
    if (!gl) continue;
    const named = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(named ? unmaskedRenderer : gl.RENDERER));
    const info = { version, renderer, maxTextureSize: Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)) };
    // Browsers cap live contexts (16 in Chromium); give this one back now.
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return info;
  }
  return undefined;
}
