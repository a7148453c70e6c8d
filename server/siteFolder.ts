// Finding a request's file in the site folder: resolved to its real path, which must lie inside the folder's real
// path (a symlink out, a loop, a name too long or `index.html/` is simply not found), then opened once.
import { constants, type Stats } from "node:fs";
import { open, realpath, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseRequestTarget, sitePath } from "./requestTarget.ts";

/** Files a host reads as configuration and never serves. */
const HOST_CONFIG_FILES = new Set(["_headers", "_redirects"]);

/** Where a request goes. */
export type Found =
  | { kind: "file"; file: string; sitePath: string }
  | { kind: "redirect"; location: string }
  | { kind: "notFound"; sitePath: string };

/** Thrown for what the server cannot answer with a file: answered with this status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The real path of `file` if it exists and lies inside `realRoot` (symlinks resolved), else null. */
export async function insideRoot(realRoot: string, file: string): Promise<string | null> {
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return null; // ENOENT, ENOTDIR (`index.html/`), ELOOP (a link loop), ENAMETOOLONG, EACCES: not a servable file
  }
  return real === realRoot || real.startsWith(`${realRoot}${path.sep}`) ? real : null;
}

export async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

/** The site folder's real path; during a rebuild's swap (two renames) it may be missing for an instant. */
export async function siteRoot(root: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await realpath(root);
    } catch {
      if (attempt >= 20) throw new HttpError(503, `No built site in ${root}: run \`npm run build\`.\n`);
      await delay(25);
    }
  }
}

/** Where a request goes: `/dir/` → `dir/index.html`, `/dir` → redirect to `/dir/`, `/about` → `about.html`. */
export async function resolveTarget(
  realRoot: string,
  prefixSegments: readonly string[],
  rawUrl: string,
): Promise<Found> {
  const target = parseRequestTarget(rawUrl);
  if (target.kind === "bad") throw new HttpError(400, "Bad request\n");
  if (target.kind === "impossible") return { kind: "notFound", sitePath: "/" };
  const { segments, trailingSlash, query } = target;
  if (prefixSegments.length) {
    const underPrefix =
      segments.length >= prefixSegments.length && prefixSegments.every((segment, index) => segments[index] === segment);
    if (segments.length === 0 || (underPrefix && segments.length === prefixSegments.length && !trailingSlash))
      return { kind: "redirect", location: sitePath(prefixSegments, true, query) };
    if (!underPrefix) return { kind: "notFound", sitePath: sitePath(segments, trailingSlash) };
  }
  const inSite = segments.slice(prefixSegments.length);
  const decodedPath = inSite.length ? `/${inSite.join("/")}${trailingSlash ? "/" : ""}` : "/";
  if (inSite.length === 1 && HOST_CONFIG_FILES.has(inSite[0]!)) return { kind: "notFound", sitePath: decodedPath };
  const candidate = path.join(realRoot, ...inSite);
  const real = await insideRoot(realRoot, candidate);
  const stats = real ? await statOrNull(real) : null;
  if (real && stats?.isDirectory()) {
    if (!trailingSlash && inSite.length) return { kind: "redirect", location: sitePath(segments, true, query) };
    const index = await insideRoot(realRoot, path.join(real, "index.html"));
    if (index && (await statOrNull(index))?.isFile()) return { kind: "file", file: index, sitePath: decodedPath };
    return { kind: "notFound", sitePath: decodedPath };
  }
  // `index.html/` names a folder that is not there, as on any host's file system.
  if (real && stats?.isFile())
    return trailingSlash
      ? { kind: "notFound", sitePath: decodedPath }
      : { kind: "file", file: real, sitePath: decodedPath };
  if (!trailingSlash && inSite.length) {
    const html = await insideRoot(realRoot, `${candidate}.html`);
    if (html && (await statOrNull(html))?.isFile()) return { kind: "file", file: html, sitePath: decodedPath };
  }
  return { kind: "notFound", sitePath: decodedPath };
}

export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
}

/** Opens a resolved file (never through a final symlink); null if it is gone or not a plain file. */
export async function openFile(file: string): Promise<OpenedFile | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, stats };
  } catch {
    // fall through: closed below
  }
  await handle.close().catch(() => undefined);
  return null;
}
