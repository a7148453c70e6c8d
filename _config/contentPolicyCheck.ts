// What in a page's content its Content-Security-Policy would make the browser block, found at build time:
// remote images, frames, scripts, stylesheets and media from origins the policy does not allow, and inline
// `<script>`, `<style>`, `style="…"`, `on…="…"` and `javascript:` URLs, which no page's policy allows.
// Each finding says what and how to fix it; locateInSource turns it into file:line.
// Directives: https://www.w3.org/TR/CSP3/#directives-fetch
import type { CspAllowances } from "./siteSettings.ts";
import { ALLOWANCE_DIRECTIVES } from "./contentSecurityPolicy.ts";
import { readStartTags, srcsetUrls } from "./htmlText.ts";

export type AllowanceKey = keyof CspAllowances;

/** Which allowance list (and directive) governs each element's URL attributes. */
const RESOURCE_ATTRIBUTES: ReadonlyMap<string, ReadonlyArray<[attribute: string, key: AllowanceKey]>> = new Map([
  [
    "img",
    [
      ["src", "img"],
      ["srcset", "img"],
    ],
  ],
  [
    "source",
    [
      ["src", "media"],
      ["srcset", "img"],
    ],
  ],
  ["iframe", [["src", "frame"]]],
  ["frame", [["src", "frame"]]],
  ["script", [["src", "script"]]],
  ["audio", [["src", "media"]]],
  ["track", [["src", "media"]]],
  ["embed", [["src", "frame"]]],
  ["object", [["data", "frame"]]],
  [
    "video",
    [
      ["src", "media"],
      ["poster", "img"],
    ],
  ],
]);

/** A remote URL the content loads, by origin. */
export interface RemoteResource {
  key: AllowanceKey;
  origin: string;
  /** The text to look for in the source (the URL as written). */
  needle: string;
  tag: string;
}

export interface InlineCode {
  what: string;
  needle: string;
  fix: string;
}

/** The attributes a scan reads: event handlers, inline styles, URLs, and what says whether a tag loads code. */
const READ_ATTRIBUTES: ReadonlySet<string> = new Set([
  "style",
  "href",
  "src",
  "action",
  "formaction",
  "srcset",
  "poster",
  "data",
  "rel",
  "type",
]);
const isReadAttribute = (name: string): boolean =>
  READ_ATTRIBUTES.has(name) || (name.startsWith("on") && /^on[a-z]+$/.test(name));
// Most posts hold no tag that loads or runs anything: two pattern tests spare them the tokenizer.
const MAY_LOAD_OR_RUN = /<(?:img|source|i?frame|script|video|audio|track|embed|object|link|style)\b/i;
const MAY_RUN_INLINE = /\son[a-z]+\s*=|\sstyle\s*=|javascript:/i;

// Every post with a picture has an <img>, so those two spare none of them. What a finding needs in the HTML as written
// (names in any case, values before their entities are decoded) is narrower: a URL that may name an origin, or code
// that may run inline; without both, the scan would find nothing.
/** `//`, `data:` and `blob:` start every URL urlOrigin gives an origin; an entity in a URL attribute may spell one. */
const MAY_NAME_ORIGIN = /\/\/|data:|blob:|(?:src|srcset|poster|data|href)\s*=\s*(?:"[^"]*&|'[^']*&|[^\s>]*&)/i;
/** A script or style element, or a javascript: URL, maybe spelt with entities. */
const MAY_RUN_CODE =
  /<(?:script|style)(?:[\s/>]|$)|javascript:|(?:href|src|action)\s*=\s*(?:"[^"]*&|'[^']*&|[^\s>]*&)/i;
/** A word that would be an `on…` or `style` attribute inside a start tag (after a space, a `/` or a quote). */
const ATTRIBUTE_LIKE = /[\s/"'](?:on[a-z]+|style)(?:[\s/>=]|$)/gi;
/** The Kelvin sign lower-cases to an ASCII `k`, which the patterns here would not see. */
const KELVIN = "\u212a";

/**
 * Whether an `on…`/`style` word may be an attribute: not when the last angle bracket before it is a `>` with no
 * quote since (a tag that `>` did not end would be in a quoted value, which closes before any attribute name).
 */
function mayHaveInlineAttribute(html: string): boolean {
  ATTRIBUTE_LIKE.lastIndex = 0;
  for (let match = ATTRIBUTE_LIKE.exec(html); match; match = ATTRIBUTE_LIKE.exec(html)) {
    const at = match.index;
    const close = html.lastIndexOf(">", at);
    if (html.lastIndexOf("<", at) > close) return true;
    const quoteAfter = (quote: string): boolean => {
      const found = html.lastIndexOf(quote, at);
      return found > close && close !== -1;
    };
    if (close !== -1 && (quoteAfter('"') || quoteAfter("'"))) return true;
    ATTRIBUTE_LIKE.lastIndex = at + 1;
  }
  return false;
}

/** Whether the full scan would find nothing, read from patterns alone. */
function cannotFind(html: string): boolean {
  const mayLoad = MAY_LOAD_OR_RUN.test(html);
  if (!mayLoad && !MAY_RUN_INLINE.test(html)) return true;
  if (html.includes(KELVIN) || MAY_RUN_CODE.test(html)) return false;
  if (mayLoad && MAY_NAME_ORIGIN.test(html)) return false;
  return !mayHaveInlineAttribute(html);
}
const DATA_SCRIPT = /^(?:application\/(?:ld\+)?json|importmap|speculationrules)$/i;

/** `https://host[:port]` for an absolute or protocol-relative URL; `data:`/`blob:` for those; null for same-origin. */
export function urlOrigin(url: string): string | null {
  const trimmed = url.trim();
  if (/^(?:data|blob):/i.test(trimmed)) return `${trimmed.slice(0, trimmed.indexOf(":")).toLowerCase()}:`;
  const match = /^(?:(https?|wss?):)?\/\/([^/?#\\\s]+)/i.exec(trimmed);
  if (!match) return null;
  return `${(match[1] ?? "https").toLowerCase()}://${match[2]!.toLowerCase()}`;
}

/** Every remote resource and inline code in an HTML fragment, in document order. */
export function scanContent(html: string): ContentScan {
  return cannotFind(html) ? { remote: [], inline: [] } : scanEveryTag(html);
}

/** scanContent without the patterns that spare most pages the tokenizer. */
export function scanEveryTag(html: string): ContentScan {
  const found: ContentScan = { remote: [], inline: [] };
  // Start tags only: comments and the raw text of <script>/<style> are not markup (the elements are checked).
  readStartTags(html, isReadAttribute, (tag, attributes) => scanElement(tag, attributes, found));
  return found;
}

interface ContentScan {
  remote: RemoteResource[];
  inline: InlineCode[];
}

/** What one start tag loads from elsewhere or runs inline. */
function scanElement(tag: string, attributes: ReadonlyMap<string, string>, { remote, inline }: ContentScan): void {
  for (const [name, value] of attributes) {
    if (/^on[a-z]+$/.test(name))
      inline.push({
        what: `${name}="…"`,
        needle: `${name}=`,
        fix: "event-handler attributes never run under the site's CSP (script-src has no 'unsafe-inline'); make it a demo (demos/<name>/index.ts, placed with {% demo %})",
      });
    if (name === "style")
      inline.push({
        what: `style="${value.slice(0, 40)}"`,
        needle: "style=",
        fix: "inline styles are blocked (style-src has no 'unsafe-inline'); give the element a class and style it in public/css/site.css",
      });
    if (
      (name === "href" || name === "src" || name === "action" || name === "formaction") &&
      /^\s*javascript:/i.test(value)
    )
      inline.push({
        what: `${name}="javascript:…"`,
        needle: "javascript:",
        fix: "javascript: URLs are blocked by the CSP; use a demo for code that runs in the page",
      });
  }
  if (tag === "script" && !attributes.has("src") && !DATA_SCRIPT.test(attributes.get("type") ?? "")) {
    inline.push({
      what: "an inline <script>",
      needle: "<script",
      fix: "inline scripts are blocked (script-src has no 'unsafe-inline'); put the code in a demo (demos/<name>/index.ts, placed with {% demo %})",
    });
  }
  if (tag === "style")
    inline.push({
      what: "a <style> element",
      needle: "<style",
      fix: "inline <style> is blocked (style-src has no 'unsafe-inline'); move the rules to public/css/site.css",
    });
  if (tag === "link" && /(^|\s)stylesheet(\s|$)/i.test(attributes.get("rel") ?? "")) {
    const href = attributes.get("href") ?? "";
    const origin = urlOrigin(href);
    if (origin) remote.push({ key: "style", origin, needle: href.trim(), tag: "link" });
  }
  for (const [attribute, key] of RESOURCE_ATTRIBUTES.get(tag) ?? []) {
    const value = attributes.get(attribute);
    if (!value) continue;
    for (const url of attribute === "srcset" ? srcsetUrls(value) : [value.trim()]) {
      const origin = urlOrigin(url);
      if (origin) remote.push({ key, origin, needle: url.startsWith("data:") ? "data:" : url, tag });
    }
  }
}

/** The fix for a remote resource the policy blocks. */
export function remoteFix(resource: RemoteResource): string {
  const directive = ALLOWANCE_DIRECTIVES[resource.key];
  const blocked = `the page's CSP (${directive}) blocks ${resource.origin.endsWith(":") ? `${resource.origin} URLs` : resource.origin}`;
  if (resource.key === "frame" && /youtube(?:-nocookie)?\.com$/.test(resource.origin)) {
    return `${blocked}; embed the video with {% youtube "<video id>" %}, which loads the player only when the reader asks`;
  }
  if (resource.key === "script")
    return `${blocked}; paste the code as a fenced code block (a gist's script cannot run here), or allow the origin in _config.yml: csp: { script: [${resource.origin}] }`;
  if (resource.origin.endsWith(":")) return `${blocked}; save it as a file in public/ and link that`;
  const local = resource.key === "img" ? "copy the image into public/img/ and link it from there, or " : "";
  return `${blocked}; ${local}allow the origin in _config.yml: csp: { ${resource.key}: [${resource.origin}] }`;
}

/** The 1-based line of the `occurrence`-th appearance of `needle` in a source file (entity-decoded too), or undefined. */
export function locateInSource(source: string, needle: string, occurrence = 0): number | undefined {
  const forms = [needle, needle.replace(/&/g, "&amp;")];
  for (const form of forms) {
    let index = -1;
    for (let n = 0; n <= occurrence; n++) {
      index = source.indexOf(form, index + 1);
      if (index < 0) break;
    }
    if (index < 0) index = source.indexOf(form);
    if (index >= 0) return source.slice(0, index).split("\n").length;
  }
  return undefined;
}
