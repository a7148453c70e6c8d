// Imports a Jekyll site into this project: plans every file (jekyllSiteFiles.ts), finds conflicts with the
// project's own files and URLs, and writes only when there are none (or `force` says to replace them).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { jekyllPageUrl, outputFileForUrl } from "../../_config/jekyllPageUrl.ts";
import { loadJekyllYaml, parseJekyllYaml } from "../../_config/jekyllYaml.ts";
import { ImportError, unreadable } from "./importError.ts";
import { jekyllConfigReport } from "./jekyllConfigReport.ts";
import { jekyllSiteFiles, type CarriedFile, type LeftBehind } from "./jekyllSiteFiles.ts";

export interface ImportOptions {
  /** Replace project files that differ from the imported ones (and project pages at an imported page's URL). */
  force?: boolean;
  /** Plan and report only; write nothing. */
  dryRun?: boolean;
}

export interface Conflict {
  /** The project file in the way. */
  file: string;
  why: string;
}

export interface ImportResult {
  carried: CarriedFile[];
  leftBehind: LeftBehind[];
  /** Project files written (new or replaced); empty when nothing was written. */
  written: string[];
  /** Carried files the project already has with the same bytes. */
  unchanged: string[];
  conflicts: Conflict[];
  /** Project pages deleted under `force` because an imported page takes their URL. */
  removed: string[];
  /** False when conflicts stopped the import, or on a dry run. */
  applied: boolean;
}

function readConfig(source: string): Record<string, unknown> {
  const file = path.join(source, "_config.yml");
  if (!existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw unreadable(file, error);
  }
  let data: unknown;
  try {
    data = parseJekyllYaml(text, file);
  } catch (error) {
    throw new ImportError(
      `${(error as Error).message}\nFix the file (Jekyll would reject it too) and run the import again.`,
    );
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data))
    throw new ImportError(`${file}:1: expected a map of \`key: value\` lines`);
  return data as Record<string, unknown>;
}

function checkSource(source: string, project: string): void {
  const stat = statSync(source, { throwIfNoEntry: false });
  if (!stat)
    throw new ImportError(
      `${source} does not exist: give the folder of a Jekyll site (the one with _config.yml and _posts/).`,
    );
  if (!stat.isDirectory())
    throw new ImportError(
      `${source} is not a folder: give the folder of a Jekyll site (the one with _config.yml and _posts/).`,
    );
  if (path.resolve(source) === path.resolve(project))
    throw new ImportError(`${source} is this project itself: give the folder of a Jekyll site to import.`);
  if (!existsSync(path.join(source, "_config.yml")) && !existsSync(path.join(source, "_posts"))) {
    throw new ImportError(`${source} is not a Jekyll site: it has neither _config.yml nor _posts/.`);
  }
}

/** Every file under `dir` of the project, relative to the project, `/`-separated. */
function projectFiles(project: string, dir: string): string[] {
  const absolute = path.join(project, dir);
  if (!existsSync(absolute)) return [];
  return (
    readdirSync(absolute, { recursive: true, withFileTypes: true }) as Array<{
      name: string;
      parentPath: string;
      isFile(): boolean;
    }>
  )
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(project, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/** A literal `permalink:` from a file's YAML front matter. */
function frontMatterPermalink(text: string): string | undefined {
  if (!/^---[ \t]*\r?\n/.test(text)) return undefined;
  const close = text.indexOf("\n---", 3);
  try {
    const data = loadJekyllYaml(text.slice(3, close === -1 ? undefined : close)) as { permalink?: unknown } | null;
    return typeof data?.permalink === "string" ? data.permalink : undefined;
  } catch {
    return undefined;
  }
}

/** The file (under the output folder) a URL is written to, for comparing URLs whatever their form. */
function outputKey(url: string): string {
  const file = outputFileForUrl(url.startsWith("/") ? url : `/${url}`).replace(/\/{2,}/g, "/");
  try {
    return decodeURI(file);
  } catch {
    return file; // a stray `%` is a literal character in a file name
  }
}

/** The output files of the project's own pages with a literal permalink, and of its `public/` files. */
function projectOutputs(project: string): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const file of projectFiles(project, "pages")) {
    const permalink = frontMatterPermalink(readFileSync(path.join(project, file), "utf8"));
    if (permalink && !permalink.includes(":")) outputs.set(outputKey(permalink), file);
  }
  for (const file of projectFiles(project, "public")) outputs.set(`/${file}`, file);
  return outputs;
}

/** Where an imported page or static file is published. */
function importedOutput(item: CarriedFile, bytes: Buffer, sitePermalink: string): string | null {
  if (item.kind === "static") return `/${item.target.slice("static/".length)}`;
  if (item.kind !== "page") return null;
  const permalink = frontMatterPermalink(bytes.toString("utf8"));
  const url =
    permalink && !permalink.includes(":")
      ? permalink
      : jekyllPageUrl({ path: item.target.slice("pages/".length), sitePermalink });
  return outputKey(url);
}

export function importJekyllSite(
  sourceArg: string,
  project: string,
  { force = false, dryRun = false }: ImportOptions = {},
): ImportResult {
  const source = path.resolve(sourceArg);
  checkSource(source, project);
  const config = readConfig(source);
  let gemfile: string | null = null;
  try {
    if (existsSync(path.join(source, "Gemfile"))) gemfile = readFileSync(path.join(source, "Gemfile"), "utf8");
  } catch (error) {
    throw unreadable("Gemfile", error);
  }
  const files = jekyllSiteFiles(source, config);
  const leftBehind = [...files.leftBehind, ...jekyllConfigReport(config, gemfile)];
  const sitePermalink = typeof config.permalink === "string" ? config.permalink : "date";

  // One target, one source: an include_relative target that is also carried for itself travels once.
  const byTarget = new Map<string, CarriedFile>();
  for (const item of files.carried) if (!byTarget.has(item.target)) byTarget.set(item.target, item);
  const carried = [...byTarget.values()];

  const toWrite: Array<{ target: string; bytes: Buffer }> = [];
  const unchanged: string[] = [];
  const conflicts: Conflict[] = [];
  const removed: string[] = [];
  const outputs = projectOutputs(project);
  for (const item of carried) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(source, item.source));
    } catch (error) {
      throw unreadable(item.source, error);
    }
    const existing = path.join(project, item.target);
    if (existsSync(existing)) {
      if (readFileSync(existing).equals(bytes)) {
        unchanged.push(item.target);
        continue;
      }
      conflicts.push({ file: item.target, why: `differs from the site's ${item.source}` });
    }
    toWrite.push({ target: item.target, bytes });
    const output = importedOutput(item, bytes, sitePermalink);
    const owner = output ? outputs.get(output) : undefined;
    if (owner && owner !== item.target) {
      conflicts.push({
        file: owner,
        why: `is published at ${output!.replace(/index\.html$/, "")}, where ${item.source} goes (${item.target})`,
      });
      if (owner.startsWith("pages/")) removed.push(owner);
    }
  }

  const applied = !dryRun && (conflicts.length === 0 || force);
  if (applied) {
    for (const file of removed) rmSync(path.join(project, file));
    for (const { target, bytes } of toWrite) {
      mkdirSync(path.dirname(path.join(project, target)), { recursive: true });
      writeFileSync(path.join(project, target), bytes);
    }
  }
  return {
    carried,
    leftBehind,
    written: applied ? toWrite.map((item) => item.target) : [],
    unchanged,
    conflicts,
    removed: applied ? removed : [],
    applied,
  };
}
