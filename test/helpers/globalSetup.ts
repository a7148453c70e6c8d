// Browser tests must never skip silently: without Chromium, stop at once with the command that installs it.
import { execFileSync } from "node:child_process";
import { findChromium, chromiumMissingMessage } from "../../tools/chromium.ts";

export default function setup(): void {
  if (findChromium()) return;
  const isRoot = process.getuid?.() === 0;
  let hasAptGet = false;
  try {
    execFileSync("which", ["apt-get"], { stdio: "ignore" });
    hasAptGet = true;
  } catch {
    // No apt-get: the message below says how to install Chromium by hand.
  }
  if (isRoot && hasAptGet) {
    console.log("Installing Debian's chromium for the browser tests (apt-get install chromium)…");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (findChromium()) return;
  }
  throw new Error(chromiumMissingMessage);
}
