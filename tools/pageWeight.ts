// What a built page costs a reader: the scripts and stylesheets it loads, followed through static imports,
// gzipped. Read from the files the build wrote, so the byte-budget tests and `bench:lighthouse` agree.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import render from "dom-serializer";
import type { Element } from "domhandler";
import { findAll, findOne, textContent } from "domutils";
import { parseDocument } from "htmlparser2";

/** A local asset as a URL path (`/assets/demos/x.js`), with its gzipped size. */
export interface Asset {
  url: string;
  gzipBytes: number;
}

export function gzipSize(bytes: Buffer | string): number {
  return gzipSync(bytes, { level: 9 }).length;
}

/** True for URLs that leave the site: `https://…`, `//cdn…`, `data:` excluded (it is inline). */
export function isThirdParty(url: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(url);
}

/** Every built HTML page as a site URL (`/a/` for `a/index.html`, `/a.html` otherwise). */
export function builtPages(output: string): string[] {
  return readdirSync(output, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".html"))
    .map((file) => `/${file.split(path.sep).join("/")}`.replace(/\/index\.html$/, "/"))
    .sort();
}

export function fileOf(output: string, url: string): string {
  const pathname = decodeURIComponent(new URL(url, "http://site.test").pathname);
  return path.join(output, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
}

/** `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"`: what loads before a module runs. */
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w*${}\s,]*?\s*from\s*)?["']([^"']+)["']/g;
/** Any string literal naming a .js file: dynamic imports, workers, lazily loaded chunks. */
const ANY_JS_LITERAL = /["'`]([^"'`\s]+\.m?js)["'`]/g;

function referencedUrls(source: string, fromUrl: string, pattern: RegExp): string[] {
  const urls: string[] = [];
  for (const match of source.matchAll(pattern)) {
    const specifier = match[1] ?? "";
    if (isThirdParty(specifier) || !/^(?:\.{1,2}\/|\/)/.test(specifier)) continue;
    urls.push(new URL(specifier, `http://site.test${fromUrl}`).pathname);
  }
  return urls;
}

/**
 * Modules reachable from `entries`: through static imports only (what loads at once), or through every
 * `.js` string literal as well (`everything`: all chunks a demo can ever load, workers included).
 */
export function moduleClosure(output: string, entries: readonly string[], everything = false): Asset[] {
  const seen = new Map<string, Asset>();
  const queue = [...entries];
  while (queue.length) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    const file = fileOf(output, url);
    if (!existsSync(file)) throw new Error(`${url} is referenced but was not built (${file})`);
    const source = readFileSync(file);
    seen.set(url, { url, gzipBytes: gzipSize(source) });
    const text = source.toString("utf8");
    queue.push(...referencedUrls(text, url, STATIC_IMPORT));
    if (everything)
      queue.push(...referencedUrls(text, url, ANY_JS_LITERAL).filter((next) => existsSync(fileOf(output, next))));
  }
  return [...seen.values()];
}

/** A demo's placeholder on a page: its name (`data-demo`) and the module that mounts it (`data-demo-module`). */
export interface DemoPlaceholder {
  name: string;
  module: string | undefined;
}

export interface PageWeight {
  url: string;
  /** Scripts run at load (module scripts with their static imports, classic scripts, modulepreloads), inline ones included. */
  initialScripts: Asset[];
  stylesheets: Asset[];
  /** `<img>` tags missing width or height. */
  imagesWithoutSize: string[];
  /** Stylesheets and scripts in <head> from another origin: they block or delay the first paint. */
  thirdPartyInHead: string[];
  /** Names of the demos placed on the page (`data-demo`). */
  demos: string[];
  placeholders: DemoPlaceholder[];
}

function localUrl(href: string, pageUrl: string): string {
  return new URL(href, `http://site.test${pageUrl}`).pathname;
}

const isStylesheetLink = (element: Element): boolean => element.name === "link" && element.attribs.rel === "stylesheet";

export function pageWeight(
  output: string,
  url: string,
  html: string = readFileSync(fileOf(output, url), "utf8"),
): PageWeight {
  const document = parseDocument(html).children;
  const initialScripts: Asset[] = [];
  const entries: string[] = [];
  for (const script of findAll((element) => element.name === "script", document)) {
    const type = script.attribs.type ?? "";
    if (type === "application/ld+json" || type === "application/json") continue;
    const src = script.attribs.src;
    if (!src) initialScripts.push({ url: `${url} (inline script)`, gzipBytes: gzipSize(textContent(script)) });
    else if (!isThirdParty(src)) entries.push(localUrl(src, url));
  }
  for (const link of findAll(
    (element) => element.name === "link" && element.attribs.rel === "modulepreload",
    document,
  )) {
    const href = link.attribs.href;
    if (href && !isThirdParty(href)) entries.push(localUrl(href, url));
  }
  initialScripts.push(...moduleClosure(output, entries));

  const stylesheets: Asset[] = findAll((element) => element.name === "style", document).map((style) => ({
    url: `${url} (inline style)`,
    gzipBytes: gzipSize(textContent(style)),
  }));
  for (const link of findAll(isStylesheetLink, document)) {
    const href = link.attribs.href;
    if (!href || isThirdParty(href)) continue;
    const cssUrl = localUrl(href, url);
    stylesheets.push({ url: cssUrl, gzipBytes: gzipSize(readFileSync(fileOf(output, cssUrl))) });
  }

  const head = findOne((element) => element.name === "head", document)?.children ?? [];
  const thirdPartyInHead = [
    ...findAll(isStylesheetLink, head).map((link) => link.attribs.href ?? ""),
    ...findAll((element) => element.name === "script" && element.attribs.src !== undefined, head).map(
      (script) => script.attribs.src ?? "",
    ),
  ].filter(isThirdParty);

  const placeholders = findAll((element) => element.attribs["data-demo"] !== undefined, document).map((element) => ({
    name: element.attribs["data-demo"] ?? "",
    module: element.attribs["data-demo-module"],
  }));
  return {
    url,
    initialScripts,
    stylesheets,
    imagesWithoutSize: findAll((element) => element.name === "img", document)
      .filter((img) => !img.attribs.width || !img.attribs.height)
      .map((img) => render(img)),
    thirdPartyInHead,
    demos: placeholders.map((placeholder) => placeholder.name),
    placeholders,
  };
}

export function totalGzip(assets: readonly Asset[]): number {
  return assets.reduce((sum, asset) => sum + asset.gzipBytes, 0);
}

/** All chunks a demo can load, from the module its placeholder names (`data-demo-module`, relative to `assetsUrl`). */
export function demoChunks(output: string, placeholder: DemoPlaceholder, assetsUrl: string): Asset[] {
  const { module } = placeholder;
  if (!module) throw new Error(`the placeholder for "${placeholder.name}" has no data-demo-module`);
  return moduleClosure(output, [module.startsWith("/") ? module : `${assetsUrl}${module}`], true);
}
