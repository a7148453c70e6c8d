// The site's Content-Security-Policy, built from one table. Pages without demos run no script at all;
// demo pages (and the demo bundles, whose policy a worker inherits from its response) allow what demos need.
// Directives: https://www.w3.org/TR/CSP3/#csp-directives

import type { CspAllowances } from "./siteSettings.ts";
import { YOUTUBE_FRAME_ORIGIN, YOUTUBE_POSTER_ORIGIN, YOUTUBE_STYLE_HASH } from "./youtube.ts";

export interface PolicyContext {
  /** The page places a demo, or the response is a demo bundle/worker. */
  demos: boolean;
  /** The page shows comments (giscus's frame). */
  comments: boolean;
  /** The page embeds a video with `{% youtube %}`. */
  youtube?: boolean;
}

interface Source {
  value: string;
  /** When the source applies; absent means always. */
  when?: keyof PolicyContext;
}

export const GISCUS_ORIGIN = "https://giscus.app";

/** Every directive and source the site uses; each non-'self' source says why it is needed. */
const DIRECTIVES: Record<string, Source[]> = {
  "default-src": [{ value: "'self'" }],
  "script-src": [
    { value: "'self'" },
    // gpu.js compiles its CPU kernels with `new Function(...)` (dist/gpu-browser.js).
    { value: "'unsafe-eval'", when: "demos" },
    // gpu.js's webasm backend compiles WebAssembly.Module at run time.
    { value: "'wasm-unsafe-eval'", when: "demos" },
  ],
  "style-src": [
    { value: "'self'" },
    // The video facade's srcdoc document styles itself with one fixed <style> (_config/youtube.ts).
    { value: `'${YOUTUBE_STYLE_HASH}'`, when: "youtube" },
  ],
  "img-src": [
    { value: "'self'" },
    // The video facade's poster.
    { value: YOUTUBE_POSTER_ORIGIN, when: "youtube" },
  ],
  "media-src": [{ value: "'self'" }],
  "font-src": [{ value: "'self'" }],
  "connect-src": [{ value: "'self'" }],
  "worker-src": [
    { value: "'self'" },
    // gpu.js's threaded webasm backend starts its workers from blob: URLs.
    { value: "blob:", when: "demos" },
  ],
  "frame-src": [
    { value: "'none'" },
    // The comment thread is giscus's page in a frame (demos/_comments builds the frame itself: no giscus script here).
    { value: GISCUS_ORIGIN, when: "comments" },
    // The video player, loaded into the facade's frame when the reader presses play.
    { value: YOUTUBE_FRAME_ORIGIN, when: "youtube" },
  ],
  "object-src": [{ value: "'none'" }],
  "base-uri": [{ value: "'self'" }],
  "form-action": [{ value: "'self'" }],
};

/** Directive of each `csp:` key in `_config.yml`. */
export const ALLOWANCE_DIRECTIVES: Record<keyof CspAllowances, string> = {
  img: "img-src",
  frame: "frame-src",
  script: "script-src",
  style: "style-src",
  connect: "connect-src",
  media: "media-src",
  font: "font-src",
};

/**
 * The policy string for one kind of response; `'none'` is dropped when another source is allowed. `origins`:
 * the origins from `_config.yml`'s `csp:` that this page uses (a page gets only those it needs).
 */
export function contentSecurityPolicy(
  context: PolicyContext = { demos: false, comments: false },
  origins: CspAllowances = {},
): string {
  // Asked once per page with a handful of distinct answers: build each string once.
  const key = JSON.stringify([context.demos, context.comments, context.youtube ?? false, origins]);
  let policy = policies.get(key);
  if (policy === undefined) {
    policy = buildPolicy(context, origins);
    if (policies.size > 1_000) policies.clear();
    policies.set(key, policy);
  }
  return policy;
}

const policies = new Map<string, string>();

function buildPolicy(context: PolicyContext, origins: CspAllowances): string {
  return Object.entries(DIRECTIVES)
    .map(([directive, sources]) => {
      let values = sources.filter((source) => !source.when || context[source.when]).map((source) => source.value);
      for (const [key, list] of Object.entries(origins) as Array<[keyof CspAllowances, string[] | undefined]>) {
        if (ALLOWANCE_DIRECTIVES[key] === directive)
          for (const origin of list ?? []) if (!values.includes(origin)) values.push(origin);
      }
      if (values.length > 1) values = values.filter((value) => value !== "'none'");
      return `${directive} ${values.join(" ")}`;
    })
    .join("; ");
}

/** For pages with no demo: no eval, no blob workers, no third parties. */
export const SITE_POLICY = contentSecurityPolicy({ demos: false, comments: false });
/** For pages that place a demo, and for the bundles (a worker's policy comes from its own response). */
export const DEMO_POLICY = contentSecurityPolicy({ demos: true, comments: false });
