// `npm run preview`: serves the built `_site` the way a static host would, with exactly the headers its
// `_headers` file gives (so COOP/COEP, CSP and caching are what readers get), under the path prefix.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { withPathPrefix } from "../basePath.ts";
import { headersForPath, parseHeadersFile, type HeaderRule } from "../headersFile.ts";

export const DEFAULT_PORT = 8081;

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

/** Files a host reads as configuration and never serves. */
const HOST_CONFIG_FILES = new Set(["/_headers", "/_redirects"]);

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? "application/octet-stream";
}

export type Resolved =
  | { kind: "file"; file: string; urlPath: string }
  | { kind: "redirect"; location: string }
  | { kind: "notFound"; urlPath: string }
  | { kind: "badRequest" };

/**
 * Where a request goes: the file it is served from (`/dir/` → `dir/index.html`, `/about` → `about.html`
 * as GitHub Pages, Netlify and Cloudflare do), a redirect (`/dir` → `/dir/`), or not found. `urlPath` is the
 * path inside the site (prefix removed, URL-decoded), which `_headers` patterns match, as in the dev server.
 */
export function resolveRequest(root: string, pathname: string, pathPrefix: string): Resolved {
  const prefix = withPathPrefix("/", pathPrefix);
  if (prefix !== "/" && (pathname === "/" || pathname === prefix.slice(0, -1)))
    return { kind: "redirect", location: prefix };
  if (!pathname.startsWith(prefix)) return { kind: "notFound", urlPath: pathname };
  const urlPath = `/${pathname.slice(prefix.length)}`;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: "badRequest" };
  }
  if (decoded.includes("\0")) return { kind: "badRequest" };
  const file = path.join(root, decoded);
  // path.join resolves `..`: anything that lands outside the site is not part of it.
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return { kind: "notFound", urlPath: decoded };
  if (HOST_CONFIG_FILES.has(path.posix.normalize(decoded))) return { kind: "notFound", urlPath: decoded };
  const stats = statSync(file, { throwIfNoEntry: false });
  if (stats?.isDirectory()) {
    if (!decoded.endsWith("/")) return { kind: "redirect", location: `${pathname}/` };
    const index = path.join(file, "index.html");
    return existsSync(index) ? { kind: "file", file: index, urlPath: decoded } : { kind: "notFound", urlPath: decoded };
  }
  if (stats?.isFile()) return { kind: "file", file, urlPath: decoded };
  if (!decoded.endsWith("/") && statSync(`${file}.html`, { throwIfNoEntry: false })?.isFile()) {
    return { kind: "file", file: `${file}.html`, urlPath: decoded };
  }
  return { kind: "notFound", urlPath: decoded };
}

function readRules(root: string): HeaderRule[] {
  const file = path.join(root, "_headers");
  // Read per request: a rebuild while the preview runs changes the rules too.
  return existsSync(file) ? parseHeadersFile(readFileSync(file, "utf8"), file) : [];
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: { file: string } | { text: string },
): void {
  const length = "file" in body ? statSync(body.file).size : Buffer.byteLength(body.text);
  response.writeHead(status, { ...headers, "Content-Length": String(length) });
  if (request.method === "HEAD") response.end();
  else if ("file" in body) createReadStream(body.file).pipe(response);
  else response.end(body.text);
}

export interface PreviewOptions {
  /** The built site; default `_site`. */
  root?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  pathPrefix?: string;
}

export function createPreviewServer({
  root = "_site",
  pathPrefix = "/",
}: Omit<PreviewOptions, "port" | "host"> = {}): Server {
  const siteRoot = path.resolve(root);
  return createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(
        request,
        response,
        405,
        { Allow: "GET, HEAD", "Content-Type": CONTENT_TYPES[".txt"]! },
        { text: "Method not allowed\n" },
      );
      return;
    }
    const { pathname, search } = new URL(request.url ?? "/", "http://preview.local");
    const resolved = resolveRequest(siteRoot, pathname, pathPrefix);
    if (resolved.kind === "badRequest") {
      send(request, response, 400, { "Content-Type": CONTENT_TYPES[".txt"]! }, { text: "Bad request\n" });
      return;
    }
    if (resolved.kind === "redirect") {
      send(
        request,
        response,
        301,
        { Location: `${resolved.location}${search}`, "Content-Type": CONTENT_TYPES[".txt"]! },
        { text: "" },
      );
      return;
    }
    const hostHeaders: Record<string, string> = {};
    for (const { name, value } of headersForPath(readRules(siteRoot), resolved.urlPath).values())
      hostHeaders[name] = value;
    if (resolved.kind === "file") {
      send(
        request,
        response,
        200,
        { "Content-Type": contentTypeFor(resolved.file), ...hostHeaders },
        { file: resolved.file },
      );
      return;
    }
    const notFoundPage = path.join(siteRoot, "404.html");
    const body = existsSync(notFoundPage) ? { file: notFoundPage } : { text: "Not found\n" };
    const type = "file" in body ? CONTENT_TYPES[".html"]! : CONTENT_TYPES[".txt"]!;
    send(request, response, 404, { "Content-Type": type, ...hostHeaders }, body);
  });
}

/** Starts the preview; resolves once it listens, with the URL of the site's home page. */
export async function startPreview(options: PreviewOptions = {}): Promise<{ server: Server; url: string }> {
  const { port = DEFAULT_PORT, host = "localhost", pathPrefix = "/", root = "_site" } = options;
  if (!existsSync(path.join(root, "index.html"))) {
    throw new Error(`preview: no built site in "${root}" (no index.html). Run \`npm run build\` first.`);
  }
  const server = createPreviewServer({ root, pathPrefix });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host === "localhost" ? "localhost" : shownHost}:${address.port}${withPathPrefix("/", pathPrefix)}`;
  return { server, url };
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`preview: ${name} needs a value.`);
  return value;
}

/** `--port 8081 --host localhost --dir _site --path-prefix /blog/`; the prefix defaults to PATH_PREFIX, like the build. */
export function parsePreviewArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Required<PreviewOptions> {
  const portText = optionValue(args, "--port") ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`preview: --port must be 0–65535, got "${portText}".`);
  return {
    port,
    host: optionValue(args, "--host") ?? "localhost",
    root: optionValue(args, "--dir") ?? "_site",
    pathPrefix: optionValue(args, "--path-prefix") ?? env.PATH_PREFIX ?? "/",
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const options = parsePreviewArgs(process.argv.slice(2));
    const { url } = await startPreview(options);
    const headersFile = path.join(options.root, "_headers");
    console.log(`Serving ${options.root} at ${url}`);
    console.log(
      existsSync(headersFile) ? `with the headers in ${headersFile}` : `(no ${headersFile}: no extra headers)`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
