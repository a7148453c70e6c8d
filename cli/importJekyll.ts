// `npm run import:jekyll -- <path to a Jekyll site> [--force] [--dry-run]`: brings a Jekyll site's posts, drafts,
// includes, data, pages, static files and _config.yml into this project, and reports what it left behind and why.
import { ImportError } from "./jekyllImport/importError.ts";
import { importJekyllSite } from "./jekyllImport/importJekyllSite.ts";
import { formatImportReport } from "./jekyllImport/importReport.ts";
import { isMainModule } from "./mainModule.ts";
import { parseCommandArgs } from "./commandArgs.ts";

const USAGE = "usage: npm run import:jekyll -- <path to a Jekyll site> [--force] [--dry-run]";

export interface ImportArgs {
  source: string;
  force: boolean;
  dryRun: boolean;
}

export function parseImportArgs(argv: string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseCommandArgs(USAGE, {
      args: argv,
      allowPositionals: true,
      options: { force: { type: "boolean" }, "dry-run": { type: "boolean" } },
    });
  } catch (error) {
    throw new ImportError(`npm run import:jekyll: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new ImportError(`npm run import:jekyll: give exactly one Jekyll site folder.\n${USAGE}`);
  return { source: positionals[0]!, force: values.force ?? false, dryRun: values["dry-run"] ?? false };
}

/** Runs the command in `project`; returns its exit status and prints the report. */
export function runImportJekyll(argv: string[], project = process.cwd()): number {
  try {
    const args = parseImportArgs(argv);
    const result = importJekyllSite(args.source, project, { force: args.force, dryRun: args.dryRun });
    console.log(formatImportReport(result, { source: args.source, dryRun: args.dryRun }));
    return result.conflicts.length && !args.force ? 1 : 0;
  } catch (error) {
    if (error instanceof ImportError) console.error(error.message);
    else console.error(error);
    return 1;
  }
}

if (isMainModule(import.meta.url)) {
  process.exitCode = runImportJekyll(process.argv.slice(2));
}
