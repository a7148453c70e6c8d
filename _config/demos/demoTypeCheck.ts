// `npm run build` type-checks the demos it bundles: esbuild only strips types, so without this a
// type error would ship. tsc runs in a child process, in parallel with Eleventy's rendering, and
// keeps an incremental build-info file so an unchanged demo re-checks in about a second. Its result is kept in the
// build cache (buildCache.ts) by a hash of everything tsc reads, so an unchanged site skips tsc; a type error is kept
// too, so it fails every build until it is fixed.
// tsc is TypeScript 7's native compiler (package.json's `typescript-7`, an npm alias of typescript@7): the same
// diagnostics for ~0.4 CPU-s where TypeScript 5's tsc.js took ~2.8 (the lib.dom types it parses dominate a small demo).
// package.json's `typescript` stays 5.9 for typescript-eslint, which needs TypeScript's JS API (peer range: below 6.1).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  buildCacheFor,
  codeFingerprint,
  contentHash,
  fileBytes,
  filesUnder,
  packageVersion,
  type CacheRegion,
} from "../buildCache.ts";

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

/** The package whose `lib/tsc.js` type-checks: the demos here, and the whole project in `npm run check`. */
export const TYPE_CHECKER_PACKAGE = "typescript-7";

/** Starts `tsc --noEmit` over the given demo folders (plus `demos/env.d.ts`), under the project's tsconfig. */
export function startDemoTypeCheck(root: string, demoNames: readonly string[]): DemoTypeCheck {
  const tsc = path.join(root, "node_modules", TYPE_CHECKER_PACKAGE, "lib/tsc.js");
  if (!demoNames.length) return { result: Promise.resolve([]) };
  if (!existsSync(tsc)) return { result: Promise.resolve(null) };
  // Per site folder, not in node_modules: fixture sites share one node_modules and build concurrently.
  const cacheDir = path.join(root, ".cache/blog-demo-types");
  const region = buildCacheFor(root).region("demo-types");
  const key = typeCheckKey(root, demoNames);
  const result = (async () => {
    const cached = await cachedProblems(region, key);
    if (cached) return cached;
    await mkdir(cacheDir, { recursive: true });
    const tsconfig = path.join(cacheDir, "tsconfig.json");
    await writeFile(
      tsconfig,
      JSON.stringify({
        extends: path.join(root, "tsconfig.json"),
        // Browser code: Node's globals must not make a demo type-check that would fail in the page.
        // With the cache off (`--no-cache`), no build info is read or written either.
        compilerOptions: region.enabled
          ? { types: [], incremental: true, tsBuildInfoFile: path.join(cacheDir, "demos.tsbuildinfo") }
          : { types: [] },
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
    const problems = formatTscOutput(output).map((problem) => toProjectPath(root, problem));
    await region.writeJson(`${key}.json`, problems);
    return problems;
  })();
  return { result };
}

/**
 * Everything tsc reads for the demos: every file under `demos/` (a demo may import its neighbours, `.json` and
 * `.css` included), the project's tsconfig, the packages' versions (types come from node_modules: the lockfile, or
 * package.json where there is none) and TypeScript's own version.
 */
function typeCheckKey(root: string, demoNames: readonly string[]): string {
  const demosDir = path.join(root, "demos");
  return contentHash([
    packageVersion(root, TYPE_CHECKER_PACKAGE),
    codeFingerprint([import.meta.url]),
    JSON.stringify(demoNames),
    fileBytes(path.join(root, "tsconfig.json")),
    fileBytes(path.join(root, "package.json")),
    fileBytes(path.join(root, "package-lock.json")),
    ...filesUnder(demosDir).flatMap((file) => [file, fileBytes(path.join(demosDir, file))]),
  ]);
}

async function cachedProblems(region: CacheRegion, key: string): Promise<string[] | undefined> {
  const problems = await region.readJson(`${key}.json`);
  if (Array.isArray(problems) && problems.every((problem) => typeof problem === "string")) {
    region.hit();
    return problems;
  }
  region.miss();
  return undefined;
}

function toProjectPath(root: string, problem: string): string {
  const [file = "", ...rest] = problem.split(":");
  const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join("/");
  return [relative, ...rest].join(":");
}
