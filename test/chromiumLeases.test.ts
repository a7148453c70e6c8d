// test/helpers/chromium.ts: the browser tests' shared Chromium. Leases of the same launch options share one browser;
// a lease's close() closes the contexts it opened and leaves the browser and the other leases' pages open.
import { describe, expect, it } from "vitest";
import { launchChromium } from "./helpers/chromium.ts";

describe("Chromium leases", () => {
  it("share one browser per set of launch options, and close only what each opened", async () => {
    const [first, second, other] = await Promise.all([
      launchChromium(),
      launchChromium(),
      launchChromium({ webgpu: true }),
    ]);
    const firstContext = await first.newContext();
    const secondPage = await second.newPage();
    const otherPage = await other.newPage();

    // One browser behind the first two leases, another for other options.
    expect(second.contexts()).toContain(firstContext);
    expect(first.contexts()).toContain(secondPage.context());
    expect(first.contexts()).not.toContain(otherPage.context());

    await first.close();
    await expect(firstContext.newPage()).rejects.toThrow(/closed/);
    expect(first.isConnected()).toBe(true);
    expect(secondPage.isClosed()).toBe(false);

    await second.close();
    await other.close();
    expect(secondPage.isClosed()).toBe(true);
    expect(otherPage.isClosed()).toBe(true);
    // A later lease gets the same, still running, browser.
    const third = await launchChromium();
    expect(third.isConnected()).toBe(true);
    await third.close();
  });
});
