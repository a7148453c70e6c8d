// Eleventy 3 ships JSDoc types only in .js files; this declares the slice of its API we use.
declare module "@11ty/eleventy" {
  export interface CollectionItem {
    url: string | false;
    inputPath: string;
    outputPath: string | false;
    fileSlug: string;
    filePathStem: string;
    date: Date;
    data: Record<string, unknown> & { title?: string; tags?: string[] };
    content: string;
    templateContent: string;
    rawInput: string;
  }
  export interface CollectionApi {
    getAll(): CollectionItem[];
    getAllSorted(): CollectionItem[];
    getFilteredByGlob(glob: string | string[]): CollectionItem[];
    getFilteredByTag(tag: string): CollectionItem[];
  }
  /** What `eleventy.before` and `eleventy.after` listeners receive. */
  export interface BuildEvent {
    directories: { input: string; output: string; includes: string; data: string; layouts?: string };
    runMode: "build" | "watch" | "serve";
    outputMode: string;
    incremental: boolean;
  }
  /** One written template, as `eleventy.after` listeners receive it. */
  export interface AfterResult {
    inputPath: string;
    outputPath: string | false;
    url: string | false;
    content: unknown;
  }
  /** What `eleventy.contentMap` listeners receive, once every template's URL is known. */
  export interface ContentMap {
    inputPathToUrl: Record<string, (string | false)[]>;
    urlToInputPath: Record<string, { inputPath: string; groupNumber: number }>;
  }
  export interface ShortcodeThis {
    page: { inputPath: string; url: string; outputPath: string; fileSlug: string; date: Date };
    eleventy?: unknown;
    ctx?: Record<string, unknown>;
  }
  // Plugin and hook signatures vary per plugin; `any` here mirrors Eleventy's own untyped API.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  export interface UserConfig {
    dir: { input: string; output: string; includes: string; data: string; layouts?: string };
    pathPrefix: string;
    addPlugin<Options>(
      plugin: (eleventyConfig: UserConfig, options: Options) => unknown,
      options?: Options,
    ): void | Promise<void>;
    addFilter(name: string, fn: (this: ShortcodeThis, ...args: any[]) => unknown): void;
    addAsyncFilter(name: string, fn: (this: ShortcodeThis, ...args: any[]) => Promise<unknown>): void;
    addShortcode(name: string, fn: (this: ShortcodeThis, ...args: any[]) => unknown): void;
    addPairedShortcode(name: string, fn: (this: ShortcodeThis, content: string, ...args: any[]) => unknown): void;
    addLiquidTag(name: string, factory: (liquidEngine: any) => any): void;
    addCollection(name: string, fn: (api: CollectionApi) => unknown): void;
    addGlobalData(name: string, value: unknown): void;
    addDataExtension(
      ext: string,
      options: { parser: (input: string, filePath?: string) => unknown; read?: boolean },
    ): void;
    addLayoutAlias(alias: string, target: string): void;
    addPassthroughCopy(paths: string | Record<string, string>, copyOptions?: Record<string, unknown>): void;
    addTransform(name: string, fn: (this: ShortcodeThis, content: string, outputPath?: string) => unknown): void;
    addWatchTarget(path: string): void;
    addTemplateFormats(formats: string | string[]): void;
    addExtension(ext: string | string[], options: any): void;
    addPreprocessor(name: string, exts: string, fn: (data: any, content: string) => unknown): void;
    setLibrary(name: string, lib: unknown): void;
    setFrontMatterParsingOptions(options: Record<string, unknown>): void;
    setNunjucksEnvironmentOptions(options: Record<string, unknown>): void;
    setLiquidOptions(options: Record<string, unknown>): void;
    setServerOptions(options: Record<string, unknown>): void;
    setChokidarConfig(options: Record<string, unknown>): void;
    setServerPassthroughCopyBehavior(mode: string): void;
    setQuietMode(quiet: boolean): void;
    setDataDeepMerge(merge: boolean): void;
    setUseGitIgnore(use: boolean): void;
    // https://www.11ty.dev/docs/events/: listeners of one event start in the order they were added.
    on(event: "eleventy.before", fn: (event: BuildEvent) => unknown): void;
    on(event: "eleventy.after", fn: (event: BuildEvent & { results: AfterResult[] }) => unknown): void;
    on(event: "eleventy.contentMap", fn: (maps: ContentMap) => unknown): void;
    // Before plugins run; and Eleventy's writer's own, once the `eleventy.before` listeners are done.
    on(event: "eleventy.beforeConfig" | "eleventy#beforerender", fn: () => unknown): void;
    addLiquidFilter(name: string, fn: (this: unknown, ...args: any[]) => unknown): void;
    // The library's own type (markdown-it, liquidjs) is the callback's to declare.
    amendLibrary(name: string, fn: (library: any) => unknown): void;
    addTemplate(virtualInputPath: string, content: string, data?: Record<string, unknown>): void;
    /** One of Eleventy's bundled plugins by name, e.g. "@11ty/eleventy/html-base-plugin". */
    resolvePlugin(name: string): unknown;
    getFilter(name: string): unknown;
    ignores: Set<string>;
    watchIgnores: Set<string>;
    /** The project's folders, once Eleventy has resolved them (empty while plugins are first added). */
    directories: Partial<{ input: string; output: string; includes: string; data: string; layouts: string }>;
    /** Input path → where `addPassthroughCopy` sends it (`true`: the same path in the output). */
    passthroughCopies: Record<string, { outputPath: string | boolean }>;
    /** Libraries set with `setLibrary`, by template language. */
    libraryOverrides: Record<string, unknown>;
    liquid: { options: Record<string, unknown> };
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: Record<string, unknown>, config?: unknown);
    write(): Promise<unknown>;
    toJSON(): Promise<Array<{ url: string; inputPath: string; outputPath: string; content: string }>>;
  }
}
declare module "@11ty/eleventy/UserConfig" {
  export type { UserConfig as default } from "@11ty/eleventy";
}
declare module "@11ty/eleventy-plugin-rss";
declare module "@11ty/eleventy-plugin-syntaxhighlight";
declare module "@11ty/eleventy-img";
declare module "markdown-it-image-figures" {
  // An ambient module sees markdown-it's CommonJS types, where PluginWithOptions is not a named export.
  import type { MarkdownIt } from "markdown-it";
  export default function imageFigures(
    md: MarkdownIt,
    options?: { figcaption?: boolean | "title" | "alt"; copyAttrs?: string; lazy?: boolean; async?: boolean },
  ): void;
}
