// Sorts every file of a Jekyll site into what this project builds from it (and where it goes), or why it is left
// behind. Jekyll's own reading rules decide what counts: `_`/`.`/`#`/`~` entries are special, `exclude:`/`include:`
// from `_config.yml`, posts named YYYY-MM-DD-title, pages = files with front matter.
// https://jekyllrb.com/docs/structure/  https://github.com/jekyll/jekyll/blob/v4.3.1/lib/jekyll/entry_filter.rb
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadJekyllYaml } from "../../_config/jekyllYaml.ts";
import { unreadable } from "./importError.ts";

export type CarriedKind = "config" | "post" | "draft" | "include" | "data" | "page" | "static" | "relative include";

export interface CarriedFile {
  kind: CarriedKind;
  /** Path in the Jekyll site, `/`-separated. */
  source: string;
  /** Path in this project, `/`-separated. */
  target: string;
}

export interface LeftBehind {
  /** A file or folder of the Jekyll site (`_layouts/`), or a `_config.yml` key (`_config.yml: theme`). */
  what: string;
  reason: string;
}

export interface SiteFiles {
  carried: CarriedFile[];
  leftBehind: LeftBehind[];
}

export const POST_EXTENSIONS = [".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".html"];
const DATA_EXTENSIONS = [".yml", ".yaml", ".json", ".csv"];
/** Jekyll's default `exclude:` (Configuration::DEFAULTS), plus its outputs and caches. */
const DEFAULT_EXCLUDES = [
  ".sass-cache",
  ".jekyll-cache",
  "gemfiles",
  "Gemfile",
  "Gemfile.lock",
  "node_modules",
  "vendor/bundle/",
  "vendor/cache/",
  "vendor/gems/",
  "vendor/ruby/",
];
/** Posts and dated files: Document::DATE_FILENAME_MATCHER. */
const DATED_NAME = /^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$/;
/** Jekyll's test for front matter (Utils.has_yaml_header?). */
export const hasFrontMatter = (bytes: Buffer): boolean => /^---\s*\r?\n/.test(bytes.subarray(0, 512).toString("utf8"));
/** `{% include_relative path %}` with a literal path: the file must travel beside the one that includes it. */
const INCLUDE_RELATIVE = /\{%-?\s*include_relative\s+([^\s%{}]+)/g;

const FOLDER_REASONS: Record<string, string> = {
  _layouts:
    "theme layouts: posts and pages here use this project's layouts (`default`, `page`, `post`), and another layout name falls back to them with a warning",
  _plugins:
    "Ruby plugins do not run here: the plugins this project builds in are jekyll-feed, jekyll-seo-tag, jekyll-redirect-from, jekyll-paginate and jekyll-sitemap",
  _sass: "Sass is not compiled here: the site's stylesheet is public/css/site.css",
  _site: "Jekyll's build output",
};

/** Whether `relative` matches an `exclude:`/`include:` entry: a glob (File.fnmatch) or a folder prefix. */
function matchesEntry(relative: string, entries: readonly string[]): boolean {
  return entries.some((entry) => {
    const pattern = entry.replace(/^\/+/, "").replace(/\/+$/, "");
    if (!pattern) return false;
    if (relative === pattern || relative.startsWith(`${pattern}/`)) return true;
    if (!/[*?[]/.test(pattern)) return false;
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|\\]/g, "\\$&")
        .replace(/\*\*\/?/g, "\u0000")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")
        // eslint-disable-next-line no-control-regex -- NUL is the placeholder for `**` put in above: no glob can hold one.
        .replace(/\u0000/g, ".*")}(?:/|$)`,
    );
    return regex.test(relative);
  });
}

const SYMBOLIC_LINK = "a symbolic link (Jekyll skips them in safe mode): copy the file itself";
const isSpecial = (name: string): boolean => /^[._#~]/.test(name) || name.endsWith("~");
const extensionOf = (name: string): string => path.extname(name).toLowerCase();

/** Every regular file under `dir` (relative, `/`-separated), symlinks reported apart. */
function walk(root: string, dir: string, files: string[], links: string[]): void {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) links.push(relative);
    else if (entry.isDirectory()) walk(root, relative, files, links);
    else if (entry.isFile()) files.push(relative);
  }
}

function listFiles(root: string, dir: string): { files: string[]; links: string[] } {
  const files: string[] = [];
  const links: string[] = [];
  walk(root, dir, files, links);
  return { files, links };
}

/** Why a file with front matter outside `_`-folders is not a page here, or null when it is one. */
function nonPageReason(relative: string): string | null {
  const extension = extensionOf(relative);
  if (POST_EXTENSIONS.includes(extension)) return null;
  if (extension === ".scss" || extension === ".sass")
    return "Sass with front matter is not compiled here: the site's stylesheet is public/css/site.css";
  const own: Record<string, string> = {
    "feed.xml": "this project writes its own Atom feed at /feed.xml",
    "atom.xml": "this project writes its own Atom feed at /feed.xml",
    "sitemap.xml": "this project writes its own sitemap at /sitemap.xml",
    "robots.txt": "this project writes its own robots.txt",
  };
  return own[relative] ?? `a Liquid template of a kind this project does not render (only Markdown and HTML pages are)`;
}

/** The `layout:` a page's front matter names, if it can be read. */
function frontMatterLayout(text: string): unknown {
  const close = text.indexOf("\n---", 3);
  try {
    const data = loadJekyllYaml(text.slice(3, close === -1 ? undefined : close)) as { layout?: unknown } | null;
    return data?.layout;
  } catch {
    return undefined;
  }
}

/** The targets of literal `include_relative` tags in a page or post. */
function relativeIncludes(text: string): string[] {
  return [...text.matchAll(INCLUDE_RELATIVE)].map((match) => match[1]!);
}

/**
 * Sorts the files of the Jekyll site at `source`; `config` is its `_config.yml` (for `exclude:`/`include:`).
 * Reads front matter and include_relative tags; throws with the file name when a file cannot be read.
 */
export function jekyllSiteFiles(source: string, config: Record<string, unknown>): SiteFiles {
  const list = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
  const excludes = [...DEFAULT_EXCLUDES, ...list(config.exclude)];
  const includes = [".htaccess", ...list(config.include)];
  const carried: CarriedFile[] = [];
  const leftBehind: LeftBehind[] = [];
  const read = (relative: string): Buffer => {
    try {
      return readFileSync(path.join(source, relative));
    } catch (error) {
      throw unreadable(relative, error);
    }
  };
  const carryRelativeIncludes = (relative: string, target: string): void => {
    for (const included of relativeIncludes(read(relative).toString("utf8"))) {
      const from = path.posix.normalize(path.posix.join(path.posix.dirname(relative), included));
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(target), included));
      if (from.startsWith("../") || to.startsWith("../")) continue;
      if (lstatSync(path.join(source, from), { throwIfNoEntry: false })?.isFile())
        carried.push({ kind: "relative include", source: from, target: to });
    }
  };

  /** A top-level folder's files; its symbolic links are left behind. */
  const filesOf = (name: string): string[] => {
    const { files, links } = listFiles(source, name);
    for (const link of links) leftBehind.push({ what: link, reason: SYMBOLIC_LINK });
    return files;
  };

  const topLevel = readdirSync(source, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of topLevel) {
    const name = entry.name;
    if (name === "_config.yml") carried.push({ kind: "config", source: name, target: name });
    else if (name === "_posts" || name === "_drafts") {
      const kind = name === "_posts" ? "post" : "draft";
      const files = filesOf(name);
      for (const file of files) {
        const inner = file.slice(name.length + 1);
        const base = path.posix.basename(inner);
        if (isSpecial(base)) continue;
        if (!POST_EXTENSIONS.includes(extensionOf(base))) {
          leftBehind.push({ what: file, reason: `not a post: posts are ${POST_EXTENSIONS.join(" ")} files` });
          continue;
        }
        if (kind === "post" && !DATED_NAME.test(base)) {
          leftBehind.push({
            what: file,
            reason: "not a post: Jekyll publishes only files named YYYY-MM-DD-title from _posts/",
          });
          continue;
        }
        const target = `${kind === "post" ? "posts" : "drafts"}/${inner}`;
        carried.push({ kind, source: file, target });
        carryRelativeIncludes(file, target);
      }
    } else if (name === "_includes" || name === "_data") {
      const files = filesOf(name);
      for (const file of files) {
        if (isSpecial(path.posix.basename(file))) continue;
        if (name === "_includes") carried.push({ kind: "include", source: file, target: file });
        else if (!DATA_EXTENSIONS.includes(extensionOf(file)))
          leftBehind.push({ what: file, reason: `data files here are ${DATA_EXTENSIONS.join(" ")}` });
        else if (/^_data\/site\.[^/]+$/.test(file))
          leftBehind.push({
            what: file,
            reason:
              "`site` is this project's site data (_data/site.ts): rename the file and its uses of site.data.site",
          });
        else carried.push({ kind: "data", source: file, target: file });
      }
    } else if (name in FOLDER_REASONS && entry.isDirectory()) {
      const { files } = listFiles(source, name);
      const what =
        name === "_layouts"
          ? `_layouts/ (${files.map((file) => path.posix.basename(file)).join(", ")})`
          : `${name}/ (${files.length} file${files.length === 1 ? "" : "s"})`;
      if (name !== "_site") leftBehind.push({ what, reason: FOLDER_REASONS[name]! });
    } else if (isSpecial(name) && !includes.includes(name)) {
      if (entry.isDirectory() && name.startsWith("_"))
        leftBehind.push({
          what: `${name}/`,
          reason:
            "a collection or other `_` folder: Jekyll does not publish it as it is, and collections are not built here",
        });
    } else if (!matchesEntry(name, excludes)) {
      sortPublicEntry(source, name, entry.isDirectory(), {
        excludes,
        includes,
        carried,
        leftBehind,
        read,
        carryRelativeIncludes,
      });
    }
  }
  // A file an include_relative tag carries is not left behind, whichever came first in the walk.
  const carriedSources = new Set(carried.map((item) => item.source));
  return { carried, leftBehind: leftBehind.filter((item) => !carriedSources.has(item.what)) };
}

interface PublicSort {
  excludes: string[];
  includes: string[];
  carried: CarriedFile[];
  leftBehind: LeftBehind[];
  read: (relative: string) => Buffer;
  carryRelativeIncludes: (relative: string, target: string) => void;
}

/** A file or folder outside `_`-folders: pages (front matter) go to pages/, everything else to static/. */
function sortPublicEntry(source: string, relative: string, isDirectory: boolean, sort: PublicSort): void {
  if (isDirectory) {
    for (const entry of readdirSync(path.join(source, relative), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const inner = `${relative}/${entry.name}`;
      if (entry.isSymbolicLink())
        sort.leftBehind.push({
          what: inner,
          reason: SYMBOLIC_LINK,
        });
      else if ((entry.name === "_posts" || entry.name === "_drafts") && entry.isDirectory()) {
        sort.leftBehind.push({
          what: `${inner}/`,
          reason: `posts in a category folder: move them to ${entry.name}/ at the top with \`categories: ${relative}\``,
        });
      } else if (isSpecial(entry.name) && !sort.includes.includes(entry.name)) continue;
      else if (matchesEntry(inner, sort.excludes)) continue;
      else sortPublicEntry(source, inner, entry.isDirectory(), sort);
    }
    return;
  }
  if (lstatSync(path.join(source, relative)).isSymbolicLink()) {
    sort.leftBehind.push({
      what: relative,
      reason: SYMBOLIC_LINK,
    });
    return;
  }
  const bytes = sort.read(relative);
  if (!hasFrontMatter(bytes)) {
    if (relative === "index.html") {
      sort.leftBehind.push({
        what: relative,
        reason: "a static home page: this project's own home page lists the posts at / (pages/index.njk)",
      });
      return;
    }
    sort.carried.push({ kind: "static", source: relative, target: `static/${relative}` });
    return;
  }
  const reason = nonPageReason(relative);
  if (reason) {
    sort.leftBehind.push({ what: relative, reason });
    return;
  }
  if (/^index\.[^/]+$/.test(relative)) {
    const layout = frontMatterLayout(bytes.toString("utf8"));
    const why = layout === "home" ? "the theme's home page (`layout: home`)" : "the site's home page";
    sort.leftBehind.push({
      what: relative,
      reason: `${why}: this project's own home page lists the posts at / (pages/index.njk)`,
    });
    return;
  }
  const target = `pages/${relative}`;
  sort.carried.push({ kind: "page", source: relative, target });
  sort.carryRelativeIncludes(relative, target);
}
