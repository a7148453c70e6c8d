// `npm run fix-encoding -- <file>…`: repairs UTF-8 text that was read as Windows-1252 ("â€™" → "’"),
// in place, and prints each change. Runs that do not decode cleanly are left as they are. A file that is not
// UTF-8 at all (a raw Latin-1 byte) is refused untouched: reading it as UTF-8 would turn that byte into U+FFFD.
import { readFileSync, writeFileSync } from "node:fs";
import { invalidUtf8, repairMojibake } from "../_config/mojibake.ts";
import { isMainModule } from "./mainModule.ts";
import { commandArgsOrExit } from "./commandArgs.ts";

/** Repairs one file; returns the lines to print, one per change. Throws, writing nothing, if it would lose text. */
export function fixFileEncoding(file: string): string[] {
  const bytes = readFileSync(file);
  const invalid = invalidUtf8(bytes);
  if (invalid.length) {
    const where = invalid.map(
      ({ line, column, bytes: bad }) => `${file}:${line}:${column}: ${bad.join(" ")} is not UTF-8`,
    );
    throw new Error(
      `${where.join("\n")}\n${file}: not repaired (it would lose those characters); convert the file to UTF-8 first (e.g. \`iconv -f windows-1252 -t utf-8\`), or fix those bytes by hand, then run fix-encoding again`,
    );
  }
  const { text, repairs } = repairMojibake(bytes.toString("utf8"));
  if (repairs.length) writeFileSync(file, text);
  return repairs.map(({ line, column, from, to }) => `${file}:${line}:${column}: ${from} → ${to}`);
}

if (isMainModule(import.meta.url)) {
  const usage = "usage: npm run fix-encoding -- <file>…";
  const { positionals: files } = commandArgsOrExit(usage, {
    args: process.argv.slice(2),
    options: {},
    allowPositionals: true,
  });
  if (!files.length) {
    console.error(`npm run fix-encoding: give at least one file.\n${usage}`);
    process.exitCode = 2;
  }
  for (const file of files) {
    try {
      const changes = fixFileEncoding(file);
      console.log(changes.length ? changes.join("\n") : `${file}: nothing to repair`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(message.startsWith(file) ? message : `${file}: ${message}`);
      process.exitCode = 1;
    }
  }
}
