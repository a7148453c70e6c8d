// A built site served the way a host serves it (`npm run preview`: its `_headers` applied), and a
// Chromium to look at it, for the browser tests that need both.
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { createPreviewServer } from "../../cli/preview.ts";
import { launchChromium } from "./chromium.ts";

export interface ServedSite {
  baseUrl: string;
  browser: Browser;
  close: () => Promise<void>;
}

/** A built site served on a free port of 127.0.0.1 (no trailing slash on `baseUrl`). */
export async function serveSite(output: string): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = createPreviewServer({ root: output });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function serveInChromium(
  output: string,
  launch: Parameters<typeof launchChromium>[0] = {},
): Promise<ServedSite> {
  const [site, browser] = await Promise.all([serveSite(output), launchChromium(launch)]);
  return {
    baseUrl: site.baseUrl,
    browser,
    async close() {
      await browser.close();
      await site.close();
    },
  };
}
