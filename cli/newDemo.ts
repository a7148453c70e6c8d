// `npm run new:demo -- name`: writes demos/<name>/index.ts (a working mount that returns its cleanup)
// and test/demo-<name>.test.ts (mounts it in real Chromium and checks the cleanup); never overwrites.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isMainModule } from "./mainModule.ts";
import { commandArgsOrExit } from "./commandArgs.ts";

const DEMO_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function checkDemoName(name: string | undefined): string {
  if (!name) throw new Error("npm run new:demo: give the demo a name, e.g. npm run new:demo -- bar-chart");
  if (!DEMO_NAME.test(name)) {
    throw new Error(
      `npm run new:demo: "${name}" is not a demo name; use lower-case words joined by "-", e.g. bar-chart.`,
    );
  }
  return name;
}

/** A minimal demo: touches only `el`, starts nothing global, and undoes everything in its cleanup. */
export function demoSource(name: string): string {
  return `// ${name}: a live demo. The post holds a placeholder; the page calls mount(el) when it is near view.
export function mount(el: HTMLElement): () => void {
  const button = document.createElement("button");
  button.type = "button";
  let clicks = 0;
  const output = document.createElement("output");
  const render = (): void => {
    button.textContent = clicks === 0 ? "Run" : \`Run again (\${clicks})\`;
    output.textContent = clicks === 0 ? "" : \`Ran \${clicks} time\${clicks === 1 ? "" : "s"}.\`;
  };
  const onClick = (): void => {
    clicks += 1;
    render();
  };
  button.addEventListener("click", onClick);
  render();
  el.append(button, output);
  return () => {
    button.removeEventListener("click", onClick);
    button.remove();
    output.remove();
  };
}
`;
}

/** The demo's test: bundles it as the pipeline would (esbuild, browser platform) and drives it in Chromium. */
export function demoTestSource(name: string): string {
  return `// The ${name} demo mounts into its element, responds, and its cleanup leaves the element as it found it.
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchChromium } from "../tools/chromium.ts";

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: ["demos/${name}/index.ts"],
    bundle: true,
    format: "iife",
    globalName: "demo",
    platform: "browser",
    write: false,
  });
  bundle = result.outputFiles[0]?.text ?? "";
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it("mounts, runs when asked, and cleans up after itself", async () => {
  const page = await browser.newPage();
  await page.setContent('<div id="demo" data-demo="${name}"></div>');
  await page.addScriptTag({ content: bundle });
  await page.evaluate(() => {
    const el = document.getElementById("demo") as HTMLElement;
    const mount = (window as unknown as { demo: { mount(el: HTMLElement): () => void } }).demo.mount;
    (window as unknown as { cleanup: () => void }).cleanup = mount(el);
  });
  await page.getByRole("button", { name: "Run" }).click();
  await expect.poll(() => page.locator("#demo output").textContent()).toBe("Ran 1 time.");
  await page.evaluate(() => (window as unknown as { cleanup: () => void }).cleanup());
  expect(await page.locator("#demo").innerHTML()).toBe("");
  await page.close();
});
`;
}

/** Writes both files under `root`; throws before writing anything if either exists. */
export function createDemo(root: string, name: string): string[] {
  const files = {
    [path.posix.join("demos", name, "index.ts")]: demoSource(name),
    [path.posix.join("test", `demo-${name}.test.ts`)]: demoTestSource(name),
  };
  const existing = Object.keys(files).filter((file) => existsSync(path.join(root, file)));
  if (existing.length)
    throw new Error(
      `npm run new:demo: ${existing.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; choose another name.`,
    );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text, { flag: "wx" });
  }
  return Object.keys(files);
}

if (isMainModule(import.meta.url)) {
  try {
    const { positionals } = commandArgsOrExit("usage: npm run new:demo -- <name>", {
      args: process.argv.slice(2),
      options: {},
      allowPositionals: true,
    });
    const name = checkDemoName(positionals[0]);
    const files = createDemo(process.cwd(), name);
    console.log(
      `Created ${files.join(" and ")}.\nPut it in a post with the demo placeholder (see README, "Adding a demo"), and run npx vitest run ${files[1]}.`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
