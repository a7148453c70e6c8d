// What static hosts do for text: brotli, else gzip, chosen from Accept-Encoding, compressed on the fly and kept.
// https://www.rfc-editor.org/rfc/rfc9110#section-12.5.3
import { promisify } from "node:util";
import zlib from "node:zlib";

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

/** What the cache of compressed bodies may hold. */
const CACHE_BYTES = 64 * 1024 * 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compressed bodies by file identity and encoding, least recently used dropped first. */
export function compressedCache() {
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
        ? await brotli(raw, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          })
        : await gzip(raw, { level: 6 });
    entries.set(key, body);
    bytes += body.length;
    for (const [oldKey, old] of entries) {
      if (bytes <= CACHE_BYTES) break;
      entries.delete(oldKey);
      bytes -= old.length;
    }
    return body;
  };
}
