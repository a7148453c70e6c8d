// One record per page of what it needs (demos, scripts, stylesheets, CSP additions, isolation), filled while the
// page renders; its <head> tags, its CSP <meta> and its `_headers` rule are all derived from it here, so they cannot
// disagree. Plugins share one store, created in .eleventy.ts and passed to each as an option.
import { contentSecurityPolicy } from "./contentSecurityPolicy.ts";
import type { CspAllowances } from "./siteSettings.ts";
import { escapeHtml } from "./htmlText.ts";

export interface PageNeeds {
  /** Demos the page places (`{% demo %}`). */
  demos: Set<string>;
  /** A placed demo wants SharedArrayBuffer: the page gets COOP/COEP. */
  crossOriginIsolated: boolean;
  /** URL of the service-worker fallback for isolation on hosts without headers; used when the post opts in. */
  isolationFallback?: string;
  /** The post opted in to the fallback (`coi_serviceworker: true`) and needs isolation. */
  useIsolationFallback: boolean;
  /** The page shows comments (their provider's frame is allowed). */
  comments: boolean;
  /** The page shows a `{% youtube %}` facade. */
  youtube: boolean;
  /** Origins of `_config.yml`'s `csp:` that the page's content uses. */
  origins: CspAllowances;
  /** Module scripts, in order. */
  scripts: Set<string>;
  /** Stylesheets besides the site's, in order. */
  stylesheets: Set<string>;
}

export function emptyNeeds(): PageNeeds {
  return {
    demos: new Set(),
    crossOriginIsolated: false,
    useIsolationFallback: false,
    comments: false,
    youtube: false,
    origins: {},
    scripts: new Set(),
    stylesheets: new Set(),
  };
}

/**
 * The records by `page.url`. Under `npm start` a rebuild renders only the pages that changed, so records are kept
 * across builds and a page's record starts afresh the first time it is touched in a new build.
 */
export class PageNeedsStore {
  readonly #pages = new Map<string, { build: number; needs: PageNeeds }>();
  #build = 0;

  /** Called before each build. */
  startBuild(): void {
    this.#build += 1;
  }

  /** The record of `url` in this build, created on first use. */
  of(url: string): PageNeeds {
    const entry = this.#pages.get(url);
    if (entry?.build === this.#build) return entry.needs;
    const needs = emptyNeeds();
    this.#pages.set(url, { build: this.#build, needs });
    return needs;
  }

  /** A page's record, from this build or the last that rendered it. */
  get(url: string): PageNeeds | undefined {
    return this.#pages.get(url)?.needs;
  }

  /** Every page's record, by URL. */
  *entries(): IterableIterator<[string, PageNeeds]> {
    for (const [url, { needs }] of this.#pages) yield [url, needs];
  }
}

/** The page's Content-Security-Policy. */
export function policyOf(needs: PageNeeds): string {
  return contentSecurityPolicy(
    { demos: needs.demos.size > 0, comments: needs.comments, youtube: needs.youtube },
    needs.origins,
  );
}

/** The response headers that differ per page (its policy, and isolation when a demo wants it). */
export function headersOf(needs: PageNeeds): { policy: string; crossOriginIsolated: boolean } {
  return { policy: policyOf(needs), crossOriginIsolated: needs.crossOriginIsolated };
}

/** `<meta http-equiv="Content-Security-Policy">`: first in <head>, before anything it governs. */
export function policyMetaTag(needs: PageNeeds): string {
  return `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policyOf(needs))}">`;
}

/** Stylesheets, then scripts; the isolation fallback first of the scripts, since it may reload the page. */
export function headTags(needs: PageNeeds): string {
  return [
    ...[...needs.stylesheets].map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    ...(needs.useIsolationFallback && needs.isolationFallback
      ? [`<script src="${escapeHtml(needs.isolationFallback)}"></script>`]
      : []),
    ...[...needs.scripts].map((src) => `<script type="module" src="${escapeHtml(src)}"></script>`),
  ].join("\n  ");
}
