// Tests launch Chromium through here; the launcher itself is tools/chromium.ts, which bench/ uses too.
//
// One Chromium per set of launch options per test worker, shared by the test files that worker runs (the "site"
// project does not isolate files, see vitest.config.ts): a launch and its close cost ~2 CPU-s, and a run launched
// about twenty. Each caller gets a lease: the browser itself, except that `close()` closes the contexts (and their
// pages) that this lease opened, never the browser. Contexts share nothing with each other (cache, storage, service
// workers, permissions), so one test file cannot see another's pages.
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium as launchOwnChromium } from "../../tools/chromium.ts";

export { chromiumMissingMessage, findChromium } from "../../tools/chromium.ts";

type LaunchOptions = Parameters<typeof launchOwnChromium>[0];

const shared = new Map<string, Promise<Browser>>();

async function sharedBrowser(options: LaunchOptions): Promise<Browser> {
  const key = JSON.stringify(options ?? {});
  const launched = shared.get(key);
  if (launched) {
    const browser = await launched.catch(() => undefined);
    if (browser?.isConnected()) return browser;
  }
  // A failed or closed launch is replaced by the next caller (above), so the map never needs cleaning.
  const launching = launchOwnChromium(options);
  shared.set(key, launching);
  return launching;
}

/** A lease on this worker's Chromium for `options`; see the file's header. */
export async function launchChromium(options?: LaunchOptions): Promise<Browser> {
  const browser = await sharedBrowser(options);
  const opened = new Set<BrowserContext>();
  const lease = {
    newContext: async (...args: Parameters<Browser["newContext"]>) => {
      const context = await browser.newContext(...args);
      opened.add(context);
      return context;
    },
    newPage: async (...args: Parameters<Browser["newPage"]>) => {
      const page = await browser.newPage(...args);
      opened.add(page.context());
      return page;
    },
    close: async () => {
      const contexts = [...opened];
      opened.clear();
      await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    },
  };
  return new Proxy(browser, {
    get(target, property) {
      if (Object.hasOwn(lease, property)) return lease[property as keyof typeof lease];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
