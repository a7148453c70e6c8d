// The Content-Type a static host sends for each file the build writes, and which of them it compresses.
import path from "node:path";

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
export const TEXT = CONTENT_TYPES[".txt"]!;

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? "application/octet-stream";
}

/** Types hosts compress on the fly (Cloudflare and Netlify compress text, JSON, XML, SVG and WebAssembly). */
export function isCompressible(type: string): boolean {
  return /^text\/|^application\/(?:json|xml|manifest\+json|wasm)|^image\/svg\+xml/.test(type);
}
/** Below this a compressed body saves nothing worth a round of zlib. */
export const COMPRESS_MIN_BYTES = 256;
/** Larger files are streamed as they are; smaller ones are compressed once and kept. */
export const COMPRESS_MAX_BYTES = 8 * 1024 * 1024;
