// `npm start` only: a small client (demos/_devErrorOverlay/client.ts) that shows a failed build's error in the open
// page. The base layout's `{% devErrorOverlay %}` links it in serve mode; `npm run build` pages never get it.
import type { UserConfig } from "@11ty/eleventy";
import { build } from "esbuild";
import { existsSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const CLIENT_SOURCE = "demos/_devErrorOverlay/client.ts";
/** Under /assets/ with the other build-written scripts; `npm start` sends no caching headers. */
const CLIENT_URL = "/assets/dev/error-overlay.js";

/** Modification times of the files a bundle was built from, to tell whether it is still current. */
function inputStamps(inputs: readonly string[]): string {
  return inputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : "gone")).join(",");
}

export default function devErrorOverlay(eleventyConfig: UserConfig): void {
  let serving = false;
  /** The last bundle written: its target and inputs; `npm start` rebuilds the client only when one changed. */
  let written: { target: string; inputs: string[]; stamps: string } | undefined;
  eleventyConfig.on(
    "eleventy.before",
    async ({ directories, runMode }: { directories: { input: string; output: string }; runMode: string }) => {
      serving = runMode === "serve";
      if (!serving) return;
      const target = path.join(directories.output, CLIENT_URL);
      if (written?.target === target && existsSync(target) && inputStamps(written.inputs) === written.stamps) return;
      const bundled = await build({
        entryPoints: [path.join(directories.input, CLIENT_SOURCE)],
        bundle: true,
        format: "esm",
        minify: true,
        write: false,
        metafile: true,
      });
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bundled.outputFiles[0]!.contents);
      // esbuild names inputs relative to its working directory, which is this process's.
      const inputs = Object.keys(bundled.metafile.inputs).map((input) => path.resolve(input));
      written = { target, inputs, stamps: inputStamps(inputs) };
    },
  );
  eleventyConfig.addShortcode("devErrorOverlay", () =>
    serving ? `<script type="module" src="${CLIENT_URL}"></script>` : "",
  );
}
