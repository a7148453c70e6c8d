// The static server behind `npm run preview`: what a static host answers, and nothing a request can knock over.
// Every request gets a status (a handler error is a 500, a malformed request a 4xx from `clientError`); a path is
// resolved to its real file, which must lie inside the site's real folder (no symlink out); a file is opened
// once and served from that descriptor, so a rebuild that swaps `_site` mid-response never breaks it.
import { constants, type Stats } from "node:fs";
import { open, realpath, stat, type FileHandle } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { withPathPrefix } from "../basePath.ts";
import { headersForPath, parseHeadersFile, type HeaderRule } from "../headersFile.ts";
import { parseRequestTarget, sitePath } from "./requestTarget.ts";

/** Static hosts' types for what the build writes; `.js` as text/javascript per RFC 9239. */
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
};
const TEXT = CONTENT_TYPES[".txt"]!;

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? "application/octet-stream";
}

/** Types hosts compress on the fly (Cloudflare and Netlify compress text, JSON, XML, SVG and WebAssembly). */
function isCompressible(type: string): boolean {
  return /^text\/|^application\/(?:json|xml|manifest\+json|wasm)|^image\/svg\+xml/.test(type);
}
/** Below this a compressed body saves nothing worth a round of zlib. */
const COMPRESS_MIN_BYTES = 256;
/** Larger files are streamed as they are; smaller ones are compressed once and kept. */
const COMPRESS_MAX_BYTES = 8 * 1024 * 1024;
const COMPRESSED_CACHE_BYTES = 64 * 1024 * 1024;

/** Files a host reads as configuration and never serves. */
const HOST_CONFIG_FILES = new Set(["_headers", "_redirects"]);

export interface PreviewTimeouts {
  /** An idle connection (keep-alive or a stalled client) is closed after this. */
  idleMs: number;
  /** A client must have sent its whole request head by then (slowloris). */
  headersMs: number;
  /** …and its whole request. */
  requestMs: number;
}

export const DEFAULT_TIMEOUTS: PreviewTimeouts = { idleMs: 30_000, headersMs: 10_000, requestMs: 30_000 };

export interface PreviewServerOptions {
  /** The built site; default `_site`. */
  root?: string;
  pathPrefix?: string;
  timeouts?: Partial<PreviewTimeouts>;
  /** Where handler errors are reported (they still answer 500); default console.error. */
  log?: (message: string) => void;
}

type Found = { kind: "file"; file: string; sitePath: string } | { kind: "redirect"; location: string } | { kind: "notFound"; sitePath: string };

/** Thrown for what the server cannot answer with a file: answered with this status and message. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The real path of `file` if it exists and lies inside `realRoot` (symlinks resolved), else null. */
async function insideRoot(realRoot: string, file: string): Promise<string | null> {
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return null; // ENOENT, ENOTDIR (`index.html/`), ELOOP (a link loop), ENAMETOOLONG, EACCES: not a servable file
  }
  return real === realRoot || real.startsWith(`${realRoot}${path.sep}`) ? real : null;
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

/** The site folder's real path; during a rebuild's swap (two renames) it may be missing for an instant. */
async function siteRoot(root: string): Promise<string> {
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
async function resolveTarget(realRoot: string, prefixSegments: readonly string[], rawUrl: string): Promise<Found> {
  const target = parseRequestTarget(rawUrl);
  if (target.kind === "bad") throw new HttpError(400, "Bad request\n");
  if (target.kind === "impossible") return { kind: "notFound", sitePath: "/" };
  const { segments, trailingSlash, query } = target;
  if (prefixSegments.length) {
    const underPrefix = segments.length >= prefixSegments.length && prefixSegments.every((segment, index) => segments[index] === segment);
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
  if (real && stats?.isFile()) return trailingSlash ? { kind: "notFound", sitePath: decodedPath } : { kind: "file", file: real, sitePath: decodedPath };
  if (!trailingSlash && inSite.length) {
    const html = await insideRoot(realRoot, `${candidate}.html`);
    if (html && (await statOrNull(html))?.isFile()) return { kind: "file", file: html, sitePath: decodedPath };
  }
  return { kind: "notFound", sitePath: decodedPath };
}

interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
}

/** Opens a resolved file (never through a final symlink); null if it is gone or not a plain file. */
async function openFile(file: string): Promise<OpenedFile | null> {
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

/** `_headers` parsed once per version of the file; a malformed one is reported, as a host rejects the deploy. */
function headerRulesReader(): (realRoot: string) => Promise<HeaderRule[]> {
  let cached: { key: string; rules: HeaderRule[] | Error } | undefined;
  return async (realRoot) => {
    const file = path.join(realRoot, "_headers");
    const real = await insideRoot(realRoot, file);
    const stats = real ? await statOrNull(real) : null;
    if (!real || !stats?.isFile()) return [];
    const key = `${real}\0${stats.ino}\0${stats.size}\0${stats.mtimeMs}`;
    if (cached?.key !== key) {
      let rules: HeaderRule[] | Error;
      try {
        const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
        try {
          rules = parseHeadersFile(await handle.readFile("utf8"), "_site/_headers");
        } finally {
          await handle.close();
        }
      } catch (error) {
        rules = error instanceof Error ? error : new Error(String(error));
      }
      cached = { key, rules };
    }
    if (cached.rules instanceof Error) throw new HttpError(500, `The site's _headers is malformed: ${cached.rules.message}\n`);
    return cached.rules;
  };
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`: one range, or null to send the whole file (several ranges included). */
export function parseRange(header: string, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== "" && Number(match[2]) < start) return null;
  }
  if (start >= size || !Number.isSafeInteger(start)) return "unsatisfiable";
  return { start, end };
}

/** The encoding to send: brotli, then gzip, if the client accepts it (q > 0). */
export function negotiateEncoding(acceptEncoding: string | undefined): "br" | "gzip" | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const quality = (name: string) => accepted.get(name) ?? (accepted.has("*") ? accepted.get("*")! : 0);
  if (quality("br") > 0) return "br";
  if (quality("gzip") > 0) return "gzip";
  return null;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare);
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compressed bodies by file identity and encoding, least recently used dropped first. */
function compressedCache() {
  const entries = new Map<string, Buffer>();
  let bytes = 0;
  return async (key: string, read: () => Promise<Buffer>, encoding: "br" | "gzip"): Promise<Buffer> => {
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const raw = await read();
    // Quality 5 / level 6: what hosts use on the fly; brotli's default (11) takes a second on a 600 KB bundle.
    const body =
      encoding === "br"
        ? await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : await gzip(raw, { level: 6 });
    entries.set(key, body);
    bytes += body.length;
    for (const [oldKey, old] of entries) {
      if (bytes <= COMPRESSED_CACHE_BYTES) break;
      entries.delete(oldKey);
      bytes -= old.length;
    }
    return body;
  };
}

export function createPreviewServer({ root = "_site", pathPrefix = "/", timeouts = {}, log = console.error }: PreviewServerOptions = {}): Server {
  const limits = { ...DEFAULT_TIMEOUTS, ...timeouts };
  const prefixSegments = withPathPrefix("/", pathPrefix).split("/").filter(Boolean);
  const readRules = headerRulesReader();
  const compressed = compressedCache();

  async function sendFile(request: IncomingMessage, response: ServerResponse, status: number, file: string, opened: OpenedFile, headers: Record<string, string>): Promise<void> {
    const { handle, stats } = opened;
    let handedOff = false;
    try {
      const type = contentTypeFor(file);
      const tag = `"${stats.ino.toString(36)}-${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`;
      const lastModified = new Date(Math.floor(stats.mtimeMs / 1000) * 1000).toUTCString();
      const encoding = status === 200 && isCompressible(type) && stats.size >= COMPRESS_MIN_BYTES && stats.size <= COMPRESS_MAX_BYTES ? negotiateEncoding(request.headers["accept-encoding"]) : null;
      const etag = encoding ? `${tag.slice(0, -1)}-${encoding}"` : tag;
      const base: Record<string, string> = { "Content-Type": type, ...headers };
      if (status === 200) {
        Object.assign(base, { ETag: etag, "Last-Modified": lastModified, "Accept-Ranges": "bytes" });
        if (isCompressible(type)) base.Vary = "Accept-Encoding";
        const ifNoneMatch = request.headers["if-none-match"];
        const ifModifiedSince = request.headers["if-modified-since"];
        const notModified = ifNoneMatch !== undefined ? etagMatches(ifNoneMatch, etag) : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
        if (notModified) {
          const { "Content-Type": _type, ...rest } = base;
          response.writeHead(304, rest);
          response.end();
          return;
        }
      }
      if (encoding) {
        const body = await compressed(`${file}\0${etag}`, () => handle.readFile(), encoding);
        response.writeHead(status, { ...base, "Content-Encoding": encoding, "Content-Length": String(body.length) });
        response.end(request.method === "HEAD" ? undefined : body);
        return;
      }
      let start = 0;
      let end = stats.size - 1;
      let code = status;
      const rangeHeader = request.headers.range;
      const ifRange = String(request.headers["if-range"] ?? "") || undefined;
      const rangeApplies = status === 200 && rangeHeader !== undefined && (ifRange === undefined || ifRange.trim() === etag || ifRange.trim() === lastModified);
      if (rangeApplies) {
        const range = parseRange(rangeHeader, stats.size);
        if (range === "unsatisfiable") {
          response.writeHead(416, { ...headers, "Content-Type": TEXT, "Content-Range": `bytes */${stats.size}`, "Content-Length": "0" });
          response.end();
          return;
        }
        if (range) {
          ({ start, end } = range);
          code = 206;
          base["Content-Range"] = `bytes ${start}-${end}/${stats.size}`;
        }
      }
      const length = stats.size === 0 ? 0 : end - start + 1;
      response.writeHead(code, { ...base, "Content-Length": String(length) });
      if (request.method === "HEAD" || length === 0) {
        response.end();
        return;
      }
      handedOff = true;
      // pipeline destroys both sides on any error (a client gone, a read failing), and the stream closes the file.
      await pipeline(handle.createReadStream({ start, end, autoClose: true }), response).catch(() => undefined);
    } finally {
      if (!handedOff) await handle.close().catch(() => undefined);
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "GET" && request.method !== "HEAD") {
      throw new HttpError(405, "Method not allowed\n");
    }
    for (let attempt = 0; ; attempt++) {
      const realRoot = await siteRoot(root);
      const before = await statOrNull(realRoot);
      const rules = await readRules(realRoot);
      const found = await resolveTarget(realRoot, prefixSegments, request.url ?? "/");
      if (found.kind === "redirect") {
        response.writeHead(301, { Location: found.location, "Content-Type": TEXT, "Content-Length": "0" });
        response.end();
        return;
      }
      const opened = found.kind === "file" ? await openFile(found.file) : null;
      if (!opened) {
        // A miss while `npm run build` swaps the folder (two renames) may be the swap, not the site: look again.
        const after = await statOrNull(root);
        // A removed folder's inode number is soon reused: its change and birth times tell the new folder apart.
        const identity = (stats: Stats) => `${stats.dev}:${stats.ino}:${stats.ctimeMs}:${stats.birthtimeMs}`;
        const swapped = !before || !after || identity(after) !== identity(before);
        if (swapped && attempt < 10) {
          await delay(10);
          continue;
        }
      }
      const hostHeaders: Record<string, string> = {};
      for (const { name, value } of headersForPath(rules, found.sitePath).values()) hostHeaders[name] = value;
      if (found.kind === "file" && opened) {
        await sendFile(request, response, 200, found.file, opened, hostHeaders);
        return;
      }
      const notFoundPage = await insideRoot(realRoot, path.join(realRoot, "404.html"));
      const openedNotFound = notFoundPage ? await openFile(notFoundPage) : null;
      if (notFoundPage && openedNotFound) await sendFile(request, response, 404, notFoundPage, openedNotFound, hostHeaders);
      else sendText(request, response, 404, "Not found\n", hostHeaders);
      return;
    }
  }

  const server = createServer(
    { requestTimeout: limits.requestMs, headersTimeout: limits.headersMs, keepAliveTimeout: Math.min(5_000, limits.idleMs), connectionsCheckingInterval: Math.min(1_000, limits.headersMs) },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        if (!(error instanceof HttpError)) log(`preview: ${request.method} ${request.url}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        else if (status >= 500) log(`preview: ${error.message.trim()}`);
        if (response.headersSent) {
          response.destroy();
          return;
        }
        const extra: Record<string, string> = status === 405 ? { Allow: "GET, HEAD" } : {};
        sendText(request, response, status, error instanceof HttpError ? error.message : "Internal server error\n", extra);
      });
    },
  );
  // A stalled or silent client is cut off; Node's own timeouts cover the request head and body.
  server.setTimeout(limits.idleMs, (socket: Duplex) => socket.destroy());
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const status = error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

function sendText(request: IncomingMessage, response: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  response.writeHead(status, { ...headers, "Content-Type": TEXT, "Content-Length": String(Buffer.byteLength(text)) });
  response.end(request.method === "HEAD" ? undefined : text);
}
