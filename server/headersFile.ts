// Reads a `_headers` file (Netlify / Cloudflare Pages syntax) and says which headers a path gets.
// Syntax: https://developers.cloudflare.com/pages/configuration/headers/ and
// https://docs.netlify.com/routing/headers/#syntax-for-the-headers-file

export interface HeaderRule {
  /** URL path pattern: `*` matches anything (greedy), `:name` matches one path segment. */
  pattern: string;
  /** Headers in file order; a name may repeat. */
  headers: Array<[name: string, value: string]>;
  /** Lower-case names removed (`! Name`) from what earlier rules set. */
  detach: string[];
  /** 1-based line of the pattern, for error messages. */
  line: number;
}

/** Parses a `_headers` file; throws with the line number on anything a host would reject or misread. */
export function parseHeadersFile(text: string, fileName = "_headers"): HeaderRule[] {
  const rules: HeaderRule[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith("#")) return;
    const indented = /^\s/.test(raw);
    if (!indented) {
      if (/\s/.test(trimmed))
        throw new Error(`${fileName}:${lineNumber}: a path pattern cannot contain spaces: "${trimmed}"`);
      if (!trimmed.startsWith("/") && !/^https?:\/\//.test(trimmed)) {
        throw new Error(
          `${fileName}:${lineNumber}: expected a path starting with "/" or an indented header line, got "${trimmed}"`,
        );
      }
      rules.push({ pattern: trimmed, headers: [], detach: [], line: lineNumber });
      return;
    }
    const rule = rules.at(-1);
    if (!rule) throw new Error(`${fileName}:${lineNumber}: header line before any path: "${trimmed}"`);
    if (trimmed.startsWith("!")) {
      rule.detach.push(trimmed.slice(1).trim().toLowerCase());
      return;
    }
    const colon = trimmed.indexOf(":");
    const name = trimmed.slice(0, colon).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new Error(`${fileName}:${lineNumber}: expected "Header-Name: value", got "${trimmed}"`);
    }
    rule.headers.push([name, trimmed.slice(colon + 1).trim()]);
  });
  return rules;
}

/** Patterns are written %-encoded (`/demo%20page/`), as page URLs are; paths are matched decoded. */
function decodePatternPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Matches a URL path against a pattern; returns the captured `splat` and `:placeholder` values,
 * or null. `urlPath` is decoded (`/demo page/`); the pattern's %-escapes are decoded to match it.
 * Patterns for another host (`https://…`) never match a local path.
 */
export function matchHeaderPattern(pattern: string, urlPath: string): Record<string, string> | null {
  if (!pattern.startsWith("/")) return null;
  const names: string[] = [];
  const source = pattern
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) => {
      if (part === "*") {
        names.push("splat");
        return "(.*)";
      }
      if (/^:[A-Za-z]\w*$/.test(part)) {
        names.push(part.slice(1));
        return "([^/]+)";
      }
      return escapeRegExp(decodePatternPart(part));
    })
    .join("");
  const match = new RegExp(`^${source}$`).exec(urlPath);
  if (!match) return null;
  return Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? ""]));
}

/**
 * The headers a path gets: every matching rule in file order; a repeated header's values are joined
 * with ", " (Cloudflare's rule), `! Name` drops what earlier rules set, and `:splat` / `:name` in a
 * value are replaced by what the pattern captured.
 */
export function headersForPath(
  rules: readonly HeaderRule[],
  urlPath: string,
): Map<string, { name: string; value: string }> {
  const result = new Map<string, { name: string; value: string }>();
  for (const rule of rules) {
    const captured = matchHeaderPattern(rule.pattern, urlPath);
    if (!captured) continue;
    for (const name of rule.detach) result.delete(name);
    for (const [name, rawValue] of rule.headers) {
      const value = rawValue.replace(/:([A-Za-z]\w*)/g, (whole, key: string) => captured[key] ?? whole);
      const key = name.toLowerCase();
      const earlier = result.get(key);
      result.set(key, { name: earlier?.name ?? name, value: earlier ? `${earlier.value}, ${value}` : value });
    }
  }
  return result;
}
