// The parts of Pagefind's browser API (/pagefind/pagefind.js, written by the build) this page uses.
// https://pagefind.app/docs/api/

export interface PagefindResultData {
  /** The page's URL, with `baseUrl` in front. */
  url: string;
  /** Plain text of the match's surroundings, HTML-escaped, with the matched words in <mark>. */
  excerpt: string;
  meta: { title?: string };
}

export interface PagefindResult {
  id: string;
  data(): Promise<PagefindResultData>;
}

export interface Pagefind {
  options(options: { baseUrl?: string; noWorker?: boolean }): Promise<void>;
  init(): Promise<void>;
  /** Resolves to null when a later call superseded this one. */
  debouncedSearch(term: string, options?: object, debounceMs?: number): Promise<{ results: PagefindResult[] } | null>;
}

/** Pagefind's own module, imported at run time: the bundler must not follow it (it exists only in a built site). */
export async function loadPagefind(siteRoot: URL): Promise<Pagefind> {
  // Pagefind's files sit at the site root, beside assets/: a site URL, not a bundle's neighbour.
  const url = `${siteRoot.href}pagefind/pagefind.js`;
  const pagefind = (await import(/* webpackIgnore: true */ url)) as Pagefind;
  // Result URLs are site paths: under a path prefix (`/blog/`) they need it in front. No worker: a worker takes
  // its CSP from its own response (/pagefind/, the site policy, no WebAssembly); this page's policy allows it.
  await pagefind.options({ baseUrl: siteRoot.pathname, noWorker: true });
  await pagefind.init();
  return pagefind;
}

/** An excerpt as DOM: only its text and its <mark>s, so nothing in an indexed page can inject markup here. */
export function excerptNodes(excerpt: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstElementChild;
  return [...(parsed?.childNodes ?? [])].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? "");
  });
}
