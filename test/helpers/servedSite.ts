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

export async function serveInChromium(
  output: string,
  launch: Parameters<typeof launchChromium>[0] = {},
): Promise<ServedSite> {
  const server = createPreviewServer({ root: output });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await launchChromium(launch);
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
