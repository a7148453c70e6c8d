// A request line's target as the preview reads it: never with `new URL()` (which throws on `//[/x` and
// `http://a:99999/`), always to a list of decoded path segments that cannot climb out of the site.
// Target forms: https://www.rfc-editor.org/rfc/rfc9112#section-3.2

export type RequestTarget =
  | {
      kind: "path";
      /** Decoded segments; `.`, `..` and empty segments already resolved. */
      segments: string[];
      /** The target ended in `/` (a folder was asked for). */
      trailingSlash: boolean;
      /** `?…` as sent, or "". */
      query: string;
    }
  /** Not a path at all (`*`, `x`, bad %-escapes): 400. */
  | { kind: "bad" }
  /** Decodes to a name no file can have (`%2F`, NUL, an encoded `..`): 404, as hosts answer. */
  | { kind: "impossible" };

/** `scheme://authority` of an absolute-form target; the authority is ignored (any Host serves the site). */
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

export function parseRequestTarget(raw: string): RequestTarget {
  let target = raw;
  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || "/";
  if (!target.startsWith("/")) return { kind: "bad" };
  const hash = target.indexOf("#");
  if (hash >= 0) target = target.slice(0, hash);
  const queryStart = target.indexOf("?");
  const query = queryStart >= 0 ? target.slice(queryStart) : "";
  const pathPart = queryStart >= 0 ? target.slice(0, queryStart) : target;
  const segments: string[] = [];
  let impossible = false;
  for (const rawSegment of pathPart.split("/")) {
    if (rawSegment === "" || rawSegment === ".") continue;
    if (rawSegment === "..") {
      segments.pop();
      continue;
    }
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return { kind: "bad" };
    }
    if (
      segment.includes("/") ||
      segment.includes("\\") ||
      segment.includes("\0") ||
      segment === "." ||
      segment === ".."
    )
      impossible = true;
    segments.push(segment);
  }
  if (impossible) return { kind: "impossible" };
  const lastRaw = pathPart.split("/").at(-1);
  return { kind: "path", segments, trailingSlash: lastRaw === "" || lastRaw === "." || lastRaw === "..", query };
}

/** Characters a path segment keeps as they are in a `Location`; everything else is %-encoded. */
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

function encodeSegment(segment: string): string {
  let out = "";
  for (const char of segment) {
    out += SEGMENT_SAFE.test(char) ? char : encodeURIComponent(char);
  }
  return out;
}

/**
 * A same-site `Location`: `/` followed by encoded segments, so it can never start with `//` (which a browser
 * reads as another host) or hold a control character. The query is kept only if it is plain ASCII.
 */
export function sitePath(segments: readonly string[], trailingSlash: boolean, query = ""): string {
  const body = segments.map(encodeSegment).join("/");
  const pathText = body ? `/${body}${trailingSlash ? "/" : ""}` : "/";
  return /^\?[\x21-\x7e]*$/.test(query) ? `${pathText}${query}` : pathText;
}
