// @ts-check
// Runs asc in a worker thread started without tsx's loader: through tsx's hooks, loading asc and binaryen (13 MB
// of JavaScript) costs 6 CPU-seconds; in plain Node, 0.4. Plain JavaScript, since the worker has no TypeScript loader.
// Requests come one at a time from assemblyScript.ts; asc keeps module-level state, so compiles never overlap.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parentPort } from "node:worker_threads";

const { default: asc } = await import("assemblyscript/asc");

/**
 * @param {{ id: number, baseDir: string, args: string[], outFile: string }} request
 * @returns {Promise<{ id: number, bytes?: Uint8Array, inputs: string[], texts: string[], diagnostics: { path: string, start: number, message: string }[], error?: string }>}
 */
async function compile({ id, baseDir, args, outFile }) {
  /** @type {string[]} */
  const inputs = [];
  /** @type {string[]} */
  const texts = [];
  /** @type {Uint8Array | undefined} */
  let bytes;
  /** @type {{ path: string, start: number, message: string }[]} */
  const diagnostics = [];
  const result = await asc.main(args, {
    readFile: async (name, dir) => {
      try {
        const full = path.resolve(baseDir, dir, name);
        const text = await readFile(full, "utf8");
        inputs.push(full);
        texts.push(text);
        return text;
      } catch {
        return null;
      }
    },
    writeFile: (name, contents) => {
      if (name === outFile && typeof contents !== "string") bytes = contents;
    },
    listFiles: () => [],
    reportDiagnostic: (diagnostic) => {
      // Category 3 is an error (0 pedantic, 1 info, 2 warning print but do not fail).
      if (diagnostic.category !== 3) return;
      const range = diagnostic.range;
      diagnostics.push({
        path: range ? range.source.normalizedPath : "",
        start: range ? range.start : -1,
        message: diagnostic.message,
      });
    },
  });
  return { id, bytes, inputs, texts, diagnostics, error: result.error?.message };
}

let queue = Promise.resolve();
parentPort?.on("message", (/** @type {{ id: number, baseDir: string, args: string[], outFile: string }} */ request) => {
  queue = queue.then(async () => {
    const reply = await compile(request).catch((/** @type {unknown} */ error) => ({
      id: request.id,
      inputs: [],
      texts: [],
      diagnostics: [],
      error: error instanceof Error ? error.message : String(error),
    }));
    parentPort?.postMessage(reply);
  });
});
