// `_headers` for hosts that read it (Cloudflare Pages, Netlify): https://developers.cloudflare.com/pages/configuration/headers/
// One pure function writes it; server/headersFile.ts reads it back for the dev and preview servers.

/** A page whose headers differ from the site's: a demo page, or one whose content needs an allowed origin. */
export interface PageHeaders {
  /** URL path of the page, as Eleventy's `page.url` gives it (%-encoded; hosts and the preview decode both). */
  url: string;
  /** The page places a demo that wants SharedArrayBuffer (threaded WebAssembly). */
  crossOriginIsolated: boolean;
  /** This page's Content-Security-Policy. */
  policy: string;
}

export interface HostHeadersInput {
  /** Policy for every page unless a later rule replaces it. */
  sitePolicy: string;
  /**
   * URL folders (ending in "/") and `*` patterns of the content-hashed files the build writes; they never change, so
   * they are cached for a year. Only ours: an imported site's own `/assets/` files keep their names when they change.
   */
  immutableAssets: string[];
  /** URL folder of demo bundles; workers started from it take their policy and COEP from its responses. */
  demoAssets: string;
  /** Policy for the demo bundles (workers run under it). */
  demoAssetPolicy: string;
  /** Pages with their own policy (and isolation). */
  pages: PageHeaders[];
}

export type HeaderRules = Array<{ path: string; headers: Array<[string, string]>; detach?: string[] }>;

const CSP = "Content-Security-Policy";
const ISOLATION: Array<[string, string]> = [
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Cross-Origin-Embedder-Policy", "require-corp"],
];

/**
 * The rules, general first. Cloudflare joins a header set by two matching rules into one value (two CSPs
 * would both be enforced), so a page with its own policy first detaches the site's CSP (`! Name`) and then sets its own.
 */
export function hostHeaderRules(input: HostHeadersInput): HeaderRules {
  const folder = (url: string) => `${url.replace(/\/?$/, "/")}*`;
  return [
    {
      path: "/*",
      headers: [
        [CSP, input.sitePolicy],
        ["X-Content-Type-Options", "nosniff"],
      ],
    },
    ...input.immutableAssets.map((pattern) => ({
      path: pattern.endsWith("/") ? folder(pattern) : pattern,
      headers: [["Cache-Control", "public, max-age=31536000, immutable"]] as Array<[string, string]>,
    })),
    { path: folder(input.demoAssets), detach: [CSP], headers: [[CSP, input.demoAssetPolicy], ...ISOLATION] },
    ...[...input.pages]
      .sort((a, b) => a.url.localeCompare(b.url))
      // `/post/` is also requested as `/post/index.html`.
      .flatMap((page) =>
        (page.url.endsWith("/") ? [page.url, `${page.url}index.html`] : [page.url]).map((path) => ({ path, page })),
      )
      .map(({ path, page }) => ({
        path,
        detach: [CSP],
        headers: [[CSP, page.policy], ...(page.crossOriginIsolated ? ISOLATION : [])] as Array<[string, string]>,
      })),
  ];
}

export function formatHostHeaders(rules: HeaderRules): string {
  return rules
    .map((rule) => {
      const lines = [
        ...(rule.detach ?? []).map((name) => `  ! ${name}`),
        ...rule.headers.map(([name, value]) => `  ${name}: ${value}`),
      ];
      return `${rule.path}\n${lines.join("\n")}\n`;
    })
    .join("");
}

/** The whole `_headers` file. */
export function hostHeaders(input: HostHeadersInput): string {
  return `# Written by the build (_config/hostHeadersFile.ts); edits are overwritten.\n${formatHostHeaders(hostHeaderRules(input))}`;
}
