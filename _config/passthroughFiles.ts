// What the passthrough copies write, file by file, and the symlinks among their sources. A link is copied as the
// file it points to (`expand: true`), so one that leaves the project would publish that file (`/etc/passwd`):
// such a link, and one that leads nowhere (missing or a loop), is a build error naming it.
import { lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

/** Eleventy's `passthroughCopies`: input path → `true` (same path in the output) or an output path. */
export type PassthroughConfig = Record<string, { outputPath: string | boolean }>;

export interface PassthroughFile {
  /** Source, relative to the project root (posix). */
  source: string;
  /** Output path relative to the output folder (posix, no leading `/`). */
  output: string;
}

const toPosix = (file: string) => file.split(path.sep).join("/");

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(`${root}${path.sep}`);
}

/** Every file the passthrough copies write, and a problem line for each symlink that must not be followed. */
export function passthroughFiles(
  config: PassthroughConfig,
  projectRoot: string,
): { files: PassthroughFile[]; problems: string[] } {
  const root = realpathSync(projectRoot);
  const files: PassthroughFile[] = [];
  const problems: string[] = [];
  const visit = (source: string, output: string, seen: Set<string>): void => {
    const absolute = path.join(projectRoot, source);
    let stats = lstatSync(absolute, { throwIfNoEntry: false });
    if (!stats) return;
    if (stats.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(absolute);
      } catch {
        problems.push(
          `${toPosix(source)}: a symlink that leads nowhere (its target is missing, or it is a loop); remove it or put the file there`,
        );
        return;
      }
      if (!isInside(root, target)) {
        problems.push(
          `${toPosix(source)} → ${target}: a symlink out of the project; the build never copies files from outside it, so copy the file into ${toPosix(path.dirname(source))}/ instead`,
        );
        return;
      }
      if (seen.has(target)) return; // a folder linked into itself: copied once
      seen = new Set([...seen, target]);
      stats = statSync(absolute);
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(absolute).sort())
        visit(path.join(source, name), path.posix.join(output, name), seen);
    } else if (stats.isFile()) {
      files.push({ source: toPosix(source), output });
    }
  };
  for (const [input, { outputPath }] of Object.entries(config)) {
    const output = typeof outputPath === "string" ? outputPath : input;
    visit(path.normalize(input), toPosix(path.posix.normalize(output)).replace(/^\.?\//, ""), new Set());
  }
  return { files, problems };
}
