// `npm run build` type-checks the demos it bundles: esbuild only strips types, so without this a
// type error would ship. tsc runs in a child process, in parallel with Eleventy's rendering, and
// keeps an incremental build-info file so an unchanged demo re-checks in about a second.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** tsc's `file(line,col): error TSxxxx: message` → `file:line:col: error TSxxxx: message`. */
export function formatTscOutput(output: string): string[] {
  const problems: string[] = [];
  for (const line of output.split("\n")) {
    const match = /^(.+?)\((\d+),(\d+)\): (error TS\d+: .*)$/.exec(line.trimEnd());
    if (match) problems.push(`${match[1]}:${match[2]}:${match[3]}: ${match[4]}`);
    else if (line.startsWith("  ") && problems.length) problems[problems.length - 1] += ` ${line.trim()}`;
  }
  return problems;
}

export interface DemoTypeCheck {
  /** Resolves to the problems found (empty when the demos type-check), or null when TypeScript is not installed. */
  result: Promise<string[] | null>;
}

/** Starts `tsc --noEmit` over the given demo folders (plus `demos/env.d.ts`), under the project's tsconfig. */
export function startDemoTypeCheck(root: string, demoNames: readonly string[]): DemoTypeCheck {
  const tsc = path.join(root, "node_modules/typescript/lib/tsc.js");
  if (!demoNames.length) return { result: Promise.resolve([]) };
  if (!existsSync(tsc)) return { result: Promise.resolve(null) };
  // Per site folder, not in node_modules: fixture sites share one node_modules and build concurrently.
  const cacheDir = path.join(root, ".cache/blog-demo-types");
  const result = (async () => {
    await mkdir(cacheDir, { recursive: true });
    const tsconfig = path.join(cacheDir, "tsconfig.json");
    await writeFile(
      tsconfig,
      JSON.stringify({
        extends: path.join(root, "tsconfig.json"),
        // Browser code: Node's globals must not make a demo type-check that would fail in the page.
        compilerOptions: { types: [], incremental: true, tsBuildInfoFile: path.join(cacheDir, "demos.tsbuildinfo") },
        include: [
          path.join(root, "demos/env.d.ts"),
          ...demoNames.map((name) => path.join(root, "demos", name, "**/*.ts")),
        ],
        // AssemblyScript sources: asc type-checks them when it compiles them (assemblyScript.ts).
        exclude: demoNames.map((name) => path.join(root, "demos", name, "**/assembly/**")),
      }),
    );
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", tsconfig], { cwd: root });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.on("error", reject);
      child.on("close", () => resolve(text));
    });
    return formatTscOutput(output).map((problem) => toProjectPath(root, problem));
  })();
  return { result };
}

function toProjectPath(root: string, problem: string): string {
  const [file = "", ...rest] = problem.split(":");
  const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join("/");
  return [relative, ...rest].join(":");
}
