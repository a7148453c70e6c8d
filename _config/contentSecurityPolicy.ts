// The site's Content-Security-Policy, built from one table. Pages without demos run no script at all;
// demo pages (and the demo bundles, whose policy a worker inherits from its response) allow what demos need.
// Directives: https://www.w3.org/TR/CSP3/#csp-directives

export interface PolicyContext {
  /** The page places a demo, or the response is a demo bundle/worker. */
  demos: boolean;
  /** The page loads giscus comments. */
  comments: boolean;
}

interface Source {
  value: string;
  /** When the source applies; absent means always. */
  when?: keyof PolicyContext;
}

const GISCUS_ORIGIN = "https://giscus.app";

/** Every directive and source the site uses; each non-'self' source says why it is needed. */
const DIRECTIVES: Record<string, Source[]> = {
  "default-src": [{ value: "'self'" }],
  "script-src": [
    { value: "'self'" },
    // gpu.js compiles its CPU kernels with `new Function(...)` (dist/gpu-browser.js).
    { value: "'unsafe-eval'", when: "demos" },
    // gpu.js's webasm backend compiles WebAssembly.Module at run time.
    { value: "'wasm-unsafe-eval'", when: "demos" },
    // giscus's client script (https://giscus.app/client.js) is inserted by demos/giscus-comments.
    { value: GISCUS_ORIGIN, when: "comments" },
  ],
  "style-src": [
    { value: "'self'" },
    // giscus's client links its default stylesheet from its own origin.
    { value: GISCUS_ORIGIN, when: "comments" },
  ],
  "img-src": [{ value: "'self'" }],
  "font-src": [{ value: "'self'" }],
  "connect-src": [{ value: "'self'" }],
  "worker-src": [
    { value: "'self'" },
    // gpu.js's threaded webasm backend starts its workers from blob: URLs.
    { value: "blob:", when: "demos" },
  ],
  "frame-src": [
    { value: "'none'" },
    // giscus renders the comment thread in an iframe from its origin.
    { value: GISCUS_ORIGIN, when: "comments" },
  ],
  "object-src": [{ value: "'none'" }],
  "base-uri": [{ value: "'self'" }],
  "form-action": [{ value: "'self'" }],
};

/** The policy string for one kind of response; `'none'` is dropped when another source is allowed. */
export function contentSecurityPolicy(context: PolicyContext = { demos: false, comments: false }): string {
  return Object.entries(DIRECTIVES)
    .map(([directive, sources]) => {
      let values = sources.filter((source) => !source.when || context[source.when]).map((source) => source.value);
      if (values.length > 1) values = values.filter((value) => value !== "'none'");
      return `${directive} ${values.join(" ")}`;
    })
    .join("; ");
}

/** For pages with no demo: no eval, no blob workers, no third parties. */
export const SITE_POLICY = contentSecurityPolicy({ demos: false, comments: false });
/** For pages that place a demo, and for the bundles (a worker's policy comes from its own response). */
export const DEMO_POLICY = contentSecurityPolicy({ demos: true, comments: false });
