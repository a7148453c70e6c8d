// `npm start` only: a small client (demos/_devErrorOverlay/client.ts) that shows a failed build's error in the open
// page. The base layout's `{% devErrorOverlay %}` links it in serve mode; `npm run build` pages never get it.
import type { UserConfig } from "@11ty/eleventy";
import { build } from "esbuild";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const CLIENT_SOURCE = "demos/_devErrorOverlay/client.ts";
/** Under /assets/ with the other build-written scripts; `npm start` sends no caching headers. */
const CLIENT_URL = "/assets/dev/error-overlay.js";

export default function devErrorOverlay(eleventyConfig: UserConfig): void {
  let serving = false;
  eleventyConfig.on(
    "eleventy.before",
    async ({ directories, runMode }: { directories: { input: string; output: string }; runMode: string }) => {
      serving = runMode === "serve";
      if (!serving) return;
      const bundled = await build({
        entryPoints: [path.join(directories.input, CLIENT_SOURCE)],
        bundle: true,
        format: "esm",
        minify: true,
        write: false,
      });
      const target = path.join(directories.output, CLIENT_URL);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bundled.outputFiles[0]!.contents);
    },
  );
  eleventyConfig.addShortcode("devErrorOverlay", () =>
    serving ? `<script type="module" src="${CLIENT_URL}"></script>` : "",
  );
}
