// `npm run fix-encoding -- <file>…`: repairs UTF-8 text that was read as Windows-1252 ("â€™" → "’"),
// in place, and prints each change. Runs that do not decode cleanly are left as they are.
import { readFileSync, writeFileSync } from "node:fs";
import { repairMojibake } from "../mojibake.ts";
import { isMainModule } from "../mainModule.ts";

/** Repairs one file; returns the lines to print, one per change. */
export function fixFileEncoding(file: string): string[] {
  const original = readFileSync(file, "utf8");
  const { text, repairs } = repairMojibake(original);
  if (repairs.length) writeFileSync(file, text);
  return repairs.map(({ line, column, from, to }) => `${file}:${line}:${column}: ${from} → ${to}`);
}

if (isMainModule(import.meta.url)) {
  const files = process.argv.slice(2).filter((arg) => arg !== "--");
  if (!files.length) {
    console.error("Usage: npm run fix-encoding -- <file>…");
    process.exitCode = 2;
  }
  for (const file of files) {
    try {
      const changes = fixFileEncoding(file);
      console.log(changes.length ? changes.join("\n") : `${file}: nothing to repair`);
    } catch (error) {
      console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
}
