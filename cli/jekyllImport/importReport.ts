// The report `npm run import:jekyll` prints: what was carried (counts per kind), what was not and why, conflicts.
import type { ImportResult } from "./importJekyllSite.ts";
import type { CarriedKind } from "./jekyllSiteFiles.ts";

const KIND_LABELS: Record<CarriedKind, string> = {
  config: "_config.yml → _config.yml (the site settings)",
  post: "posts: _posts/ → posts/",
  draft: "drafts: _drafts/ → drafts/",
  include: "includes: _includes/ → _includes/",
  data: "data files: _data/ → _data/",
  page: "pages → pages/",
  "relative include": "files for include_relative, beside their pages and posts",
  static: "static files → static/ (published at the same URLs)",
};

export function formatImportReport(
  result: ImportResult,
  { source, dryRun = false }: { source: string; dryRun?: boolean },
): string {
  const lines = [`${dryRun ? "Dry run: would import" : "Importing"} the Jekyll site ${source}`, "", "Carried:"];
  for (const [kind, label] of Object.entries(KIND_LABELS) as Array<[CarriedKind, string]>) {
    const count = result.carried.filter((item) => item.kind === kind).length;
    if (count) lines.push(`  ${String(count).padStart(4)}  ${label}`);
  }
  if (result.leftBehind.length) {
    lines.push("", "Not carried:");
    for (const { what, reason } of result.leftBehind) lines.push(`  ${what}: ${reason}`);
  }
  if (result.conflicts.length) {
    lines.push("", `Conflicts (${result.conflicts.length}): project files the import would replace:`);
    for (const { file, why } of result.conflicts) lines.push(`  ${file} ${why}`);
  }
  lines.push("");
  if (dryRun)
    lines.push(
      `Nothing written (dry run): ${result.carried.length - result.unchanged.length} file(s) to write, ${result.unchanged.length} already identical.`,
    );
  else if (!result.applied)
    lines.push("Nothing was written. Rerun with --force to replace the files above with the imported ones.");
  else {
    lines.push(`Wrote ${result.written.length} file(s); ${result.unchanged.length} already identical.`);
    for (const file of result.removed) lines.push(`Removed ${file}: an imported page now has its URL.`);
    if (result.written.length || result.removed.length)
      lines.push("Build it with npm run build, or look at it with npm start.");
  }
  return lines.join("\n");
}
