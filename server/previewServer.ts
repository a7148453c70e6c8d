// The static server behind `npm run preview`: what a static host answers, and nothing a request can knock over.
// Every request gets a status (a handler error is a 500, a malformed request a 4xx from `clientError`); a path is
// resolved to its real file, which must lie inside the site's real folder (no symlink out); a file is opened
// once and served from that descriptor, so a rebuild that swaps `_site` mid-response never breaks it.
import { constants, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import { withPathPrefix } from "../_config/basePath.ts";
import { headersForPath, parseHeadersFile, type HeaderRule } from "./headersFile.ts";
import { compressedCache, negotiateEncoding } from "./compression.ts";
import { etagMatches, parseRange } from "./conditionalRequests.ts";
import { contentTypeFor, isCompressible, TEXT, COMPRESS_MAX_BYTES, COMPRESS_MIN_BYTES } from "./contentTypes.ts";
import { HttpError, insideRoot, openFile, resolveTarget, siteRoot, statOrNull, type OpenedFile } from "./siteFolder.ts";

export { contentTypeFor } from "./contentTypes.ts";

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
    if (cached.rules instanceof Error)
      throw new HttpError(500, `The site's _headers is malformed: ${cached.rules.message}\n`);
    return cached.rules;
  };
}

export function createPreviewServer({
  root = "_site",
  pathPrefix = "/",
  timeouts = {},
  log = console.error,
}: PreviewServerOptions = {}): Server {
  const limits = { ...DEFAULT_TIMEOUTS, ...timeouts };
  const prefixSegments = withPathPrefix("/", pathPrefix).split("/").filter(Boolean);
  const readRules = headerRulesReader();
  const compressed = compressedCache();

  async function sendFile(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    file: string,
    opened: OpenedFile,
    headers: Record<string, string>,
  ): Promise<void> {
    const { handle, stats } = opened;
    let handedOff = false;
    try {
      const type = contentTypeFor(file);
      const tag = `"${stats.ino.toString(36)}-${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`;
      const lastModified = new Date(Math.floor(stats.mtimeMs / 1000) * 1000).toUTCString();
      const encoding =
        status === 200 && isCompressible(type) && stats.size >= COMPRESS_MIN_BYTES && stats.size <= COMPRESS_MAX_BYTES
          ? negotiateEncoding(request.headers["accept-encoding"])
          : null;
      const etag = encoding ? `${tag.slice(0, -1)}-${encoding}"` : tag;
      const base: Record<string, string> = { "Content-Type": type, ...headers };
      if (status === 200) {
        Object.assign(base, { ETag: etag, "Last-Modified": lastModified, "Accept-Ranges": "bytes" });
        if (isCompressible(type)) base.Vary = "Accept-Encoding";
        const ifNoneMatch = request.headers["if-none-match"];
        const ifModifiedSince = request.headers["if-modified-since"];
        const notModified =
          ifNoneMatch !== undefined
            ? etagMatches(ifNoneMatch, etag)
            : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
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
      const rangeApplies =
        status === 200 &&
        rangeHeader !== undefined &&
        (ifRange === undefined || ifRange.trim() === etag || ifRange.trim() === lastModified);
      if (rangeApplies) {
        const range = parseRange(rangeHeader, stats.size);
        if (range === "unsatisfiable") {
          response.writeHead(416, {
            ...headers,
            "Content-Type": TEXT,
            "Content-Range": `bytes */${stats.size}`,
            "Content-Length": "0",
          });
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
      if (notFoundPage && openedNotFound)
        await sendFile(request, response, 404, notFoundPage, openedNotFound, hostHeaders);
      else sendText(request, response, 404, "Not found\n", hostHeaders);
      return;
    }
  }

  const server = createServer(
    {
      requestTimeout: limits.requestMs,
      headersTimeout: limits.headersMs,
      keepAliveTimeout: Math.min(5_000, limits.idleMs),
      connectionsCheckingInterval: Math.min(1_000, limits.headersMs),
    },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        if (!(error instanceof HttpError))
          log(
            `preview: ${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        else if (status >= 500) log(`preview: ${error.message.trim()}`);
        if (response.headersSent) {
          response.destroy();
          return;
        }
        const extra: Record<string, string> = status === 405 ? { Allow: "GET, HEAD" } : {};
        sendText(
          request,
          response,
          status,
          error instanceof HttpError ? error.message : "Internal server error\n",
          extra,
        );
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
    const status =
      error.code === "HPE_HEADER_OVERFLOW"
        ? "431 Request Header Fields Too Large"
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? "408 Request Timeout"
          : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

function sendText(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  response.writeHead(status, { ...headers, "Content-Type": TEXT, "Content-Length": String(Buffer.byteLength(text)) });
  response.end(request.method === "HEAD" ? undefined : text);
}
