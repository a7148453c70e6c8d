// Whether a module is the script Node was started with. `file://${argv[1]}` is wrong for a path with a space
// (the URL is percent-encoded) and for a symlinked path (Node runs the real file): compare real-path URLs.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

export function isMainModule(importMetaUrl: string, script: string | undefined = process.argv[1]): boolean {
  if (!script) return false;
  try {
    return importMetaUrl === pathToFileURL(realpathSync(script)).href;
  } catch {
    return importMetaUrl === pathToFileURL(script).href;
  }
}
