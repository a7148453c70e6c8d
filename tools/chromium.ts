// Finds a Chromium for browser tests; never downloads one (see README: Debian's chromium).
import { existsSync } from "node:fs";
import type { Browser, LaunchOptions } from "playwright-core";

const candidates = [
  process.env.CHROME_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

export function findChromium(): string | undefined {
  return candidates.find((path): path is string => Boolean(path) && existsSync(path as string));
}

export const chromiumMissingMessage =
  "No Chromium found for the browser tests. Install Debian's: `sudo apt-get install -y chromium` (or set CHROME_PATH).";

/** Launches headless Chromium with flags that work on a machine without network or GPU. */
export async function launchChromium(
  options: { webgpu?: boolean; args?: string[] } & LaunchOptions = {},
): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumMissingMessage);
  const { webgpu, args = [], ...rest } = options;
  // Loaded on launch: commands and setups that only look for Chromium skip playwright-core's imports.
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath,
    headless: true,
    ...rest,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...(webgpu ? ["--enable-unsafe-webgpu", "--enable-features=Vulkan"] : []),
      ...args,
    ],
  });
}
