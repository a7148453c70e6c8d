// Driving the GPU vs CPU demo on the built seed post, shared by its browser tests.
import type { Page } from "playwright-core";
import { serveInChromium, type ServedSite } from "./servedSite.ts";
import { SEED_POST_URL } from "./fixtures.ts";
import { repoSite } from "./sharedSites.ts";
import { expectBuilt } from "./site.ts";

/** The seed post's URL relative to serveBuiltBlog's `baseUrl`. */
export const SEED_POST = SEED_POST_URL.slice(1);

/** Console errors and uncaught exceptions of a page, collected as they happen. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

/** Presses Run and waits for the demo to settle; returns its final `data-state`. */
export async function runAndWait(page: Page, timeout: number): Promise<string> {
  await page.click(".mm-run");
  return waitForSettled(page, timeout);
}

/** Waits for a run already started to finish, be cancelled or fail; returns its final `data-state`. */
export async function waitForSettled(page: Page, timeout: number): Promise<string> {
  await page.waitForFunction(
    () =>
      ["done", "cancelled", "error"].includes(document.querySelector<HTMLElement>(".mm-demo")?.dataset["state"] ?? ""),
    null,
    { timeout },
  );
  return page.$eval(".mm-demo", (el) => (el as HTMLElement).dataset["state"] ?? "");
}

/** The repo's site (built once per run) served to a Chromium with WebGPU on; `baseUrl` ends in "/". */
export async function serveBuiltBlog(): Promise<ServedSite> {
  const site = expectBuilt(await repoSite());
  const served = await serveInChromium(site.output, { webgpu: true });
  return { ...served, baseUrl: `${served.baseUrl}/` };
}
