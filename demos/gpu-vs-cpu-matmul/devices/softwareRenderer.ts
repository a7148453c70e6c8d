// Recognises a "GPU" that is really the CPU running an emulator, so the demo can say so.

const softwarePatterns =
  /swiftshader|llvmpipe|softpipe|lavapipe|software rasterizer|microsoft basic render|mesa offscreen/i;

export function isSoftwareRenderer(description: string, isFallbackAdapter = false): boolean {
  return isFallbackAdapter || softwarePatterns.test(description);
}

export const emulatedWarning =
  'This "GPU" is emulated on the CPU (a software renderer), so its numbers say nothing about real GPUs.';
