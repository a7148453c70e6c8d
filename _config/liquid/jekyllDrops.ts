// `page`, `post` and `site` as Jekyll's Liquid shows them (Jekyll::Drops::DocumentDrop and SiteDrop), built over
// Eleventy's data: https://jekyllrb.com/docs/variables/. Values are computed when a template reads them, and the
// lists of a build (site.posts, site.tags…) once per build, by BuildLists.
import type { CollectionItem } from "@11ty/eleventy";
import { Drop } from "liquidjs";
import path from "node:path";
import { postExcerpt } from "../excerpt.ts";
import { postCategories, postTags } from "../jekyllPermalink.ts";
import { JekyllTime, inSiteZone, postTime } from "./jekyllTime.ts";

/** Eleventy's `page` (https://www.11ty.dev/docs/data-eleventy-supplied/#page-variable). */
export interface EleventyPage {
  url?: string | false;
  inputPath?: string;
  fileSlug?: string;
  date?: Date;
  rawInput?: string;
  [key: string]: unknown;
}

export interface DropSettings {
  /** The site's IANA zone, or null. */
  timezone: string | null;
  /** `excerpt_separator` of _config.yml, or null when unset. */
  excerptSeparator: string | null;
  /** The Markdown renderer posts use. */
  markdown: () => { render(source: string): string };
}

/** The keys of Eleventy's `page`, readable from JavaScript too (Eleventy's own filters read `this.page.inputPath`). */
const ELEVENTY_PAGE_KEYS = [
  "inputPath",
  "fileSlug",
  "filePathStem",
  "outputPath",
  "outputFileExtension",
  "templateSyntax",
  "lang",
  "rawInput",
];

/** Jekyll's titleize_slug: "my-first-post" → "My First Post". */
export function titleizeSlug(slug: string): string {
  return slug
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(" ");
}

/** A post or page: the current `page`, or one of `site.posts` / `site.pages`. */
export class JekyllDocument extends Drop {
  constructor(
    /** The page's whole data (front matter over directory and global data). */
    readonly data: Record<string, unknown>,
    readonly eleventyPage: EleventyPage,
    private readonly settings: DropSettings,
    private readonly lists: BuildLists | undefined,
    /** The collection item, for another page's rendered content; absent for the page being rendered. */
    private readonly item?: CollectionItem,
  ) {
    super();
    for (const key of ELEVENTY_PAGE_KEYS) {
      Object.defineProperty(this, key, { get: () => this.eleventyPage[key], enumerable: false });
    }
  }

  get isPost(): boolean {
    return this.data.isPost === true;
  }

  get title(): unknown {
    return this.data.title ?? (this.isPost ? titleizeSlug(this.slug) : undefined);
  }

  get url(): unknown {
    return this.eleventyPage.url;
  }

  get slug(): string {
    return typeof this.data.slug === "string" ? this.data.slug : (this.eleventyPage.fileSlug ?? "");
  }

  /** Jekyll's Document#id: the URL's folder and the slug, "/2018/10/31/my-post". */
  get id(): string | undefined {
    if (!this.isPost || typeof this.eleventyPage.url !== "string") return undefined;
    const folder = path.posix.dirname(this.eleventyPage.url);
    return `${folder === "/" ? "" : folder}/${this.slug}`;
  }

  get path(): string | undefined {
    return this.eleventyPage.inputPath?.replace(/^\.\//, "");
  }

  get collection(): string | undefined {
    return this.isPost ? "posts" : undefined;
  }

  get date(): JekyllTime | undefined {
    const date = this.eleventyPage.date;
    if (!(date instanceof Date) || (!this.isPost && this.data.date === undefined)) return undefined;
    return postTime(
      date,
      typeof this.data.dateOffset === "string" ? this.data.dateOffset : null,
      this.settings.timezone,
    );
  }

  get tags(): string[] {
    return this.isPost ? postTags(this.data) : postTags({ tags: this.data.tags });
  }

  get categories(): string[] {
    return postCategories(this.data);
  }

  /** Rendered HTML of another page; the page being rendered gets its own source, as Jekyll's does before conversion. */
  get content(): string | undefined {
    return this.item ? this.renderedContent(this.item) : this.eleventyPage.rawInput;
  }

  /**
   * Another page's HTML. One Eleventy has not rendered yet is converted here from its source (Liquid in it left as
   * written, as Jekyll shows a post it has not rendered yet): Eleventy's own way, failing and rendering the reader
   * again later, can crash the build when a Nunjucks page meets the same post meanwhile.
   */
  private renderedContent(item: CollectionItem): string {
    try {
      return item.templateContent ?? "";
    } catch (error) {
      if ((error as Error).constructor?.name !== "TemplateContentPrematureUseError") throw error;
      return this.settings.markdown().render(item.rawInput ?? "");
    }
  }

  get excerpt(): string | undefined {
    if (typeof this.data.excerpt === "string") return this.data.excerpt;
    if (!this.isPost) return undefined;
    // The page being rendered has no HTML yet: its source converted (Liquid in it left as written).
    const html = this.item
      ? this.renderedContent(this.item)
      : this.settings.markdown().render(this.eleventyPage.rawInput ?? "");
    return postExcerpt(html, this.data, this.settings.excerptSeparator);
  }

  /** The next newer post. */
  get next(): JekyllDocument | undefined {
    return this.lists?.neighbour(this, 1);
  }

  /** The next older post. */
  get previous(): JekyllDocument | undefined {
    return this.lists?.neighbour(this, -1);
  }

  override liquidMethodMissing(key: string): unknown {
    return key in this.eleventyPage ? this.eleventyPage[key] : this.data[key];
  }

  toJSON(): Record<string, unknown> {
    const { title, url, date, id, tags, categories, path: sourcePath } = this;
    return { title, url, date, id, tags, categories, path: sourcePath };
  }
}

/** `site.tags` / `site.categories`: name → posts (newest first), in the order Jekyll builds them. */
export class TermsDrop extends Drop {
  constructor(private readonly terms: Map<string, JekyllDocument[]>) {
    super();
  }

  get size(): number {
    return this.terms.size;
  }

  override liquidMethodMissing(key: string): unknown {
    return this.terms.get(key);
  }

  /** `{% for tag in site.tags %}` gives [name, posts] pairs, as Liquid iterates a Ruby hash. */
  *[Symbol.iterator](): IterableIterator<[string, JekyllDocument[]]> {
    yield* this.terms.entries();
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.terms);
  }
}

/** A build's lists: made on first use, once per build (Eleventy makes a new collections object each build). */
export class BuildLists {
  private postsOldestFirst?: JekyllDocument[];
  private positions?: Map<string, number>;
  private cached = new Map<string, unknown>();
  readonly time: JekyllTime;

  constructor(
    private readonly collections: { posts?: CollectionItem[]; all?: CollectionItem[] },
    private readonly settings: DropSettings,
  ) {
    this.time = inSiteZone(Date.now(), settings.timezone);
  }

  private document(item: CollectionItem): JekyllDocument {
    const page = (item.data.page ?? {
      url: item.url,
      inputPath: item.inputPath,
      fileSlug: item.fileSlug,
      date: item.date,
    }) as EleventyPage;
    return new JekyllDocument(item.data, page, this.settings, this, item);
  }

  private oldestFirst(): JekyllDocument[] {
    this.postsOldestFirst ??= (this.collections.posts ?? []).map((item) => this.document(item));
    return this.postsOldestFirst;
  }

  private remember<T>(key: string, make: () => T): T {
    if (!this.cached.has(key)) this.cached.set(key, make());
    return this.cached.get(key) as T;
  }

  /** site.posts: newest first. */
  posts(): JekyllDocument[] {
    return this.remember("posts", () => [...this.oldestFirst()].reverse());
  }

  /**
   * site.posts as `current` sees it: itself as the page being rendered, whose content is its source (its rendered
   * content does not exist yet, and waiting for it would wait forever).
   */
  postsSeenBy(current: JekyllDocument): JekyllDocument[] {
    const posts = this.posts();
    const index = this.position(current);
    if (index === undefined) return posts;
    const seen = [...posts];
    seen[posts.length - 1 - index] = current;
    return seen;
  }

  private position(document: JekyllDocument): number | undefined {
    const posts = this.oldestFirst();
    this.positions ??= new Map(posts.map((post, index) => [post.eleventyPage.inputPath ?? "", index]));
    return this.positions.get(document.eleventyPage.inputPath ?? "");
  }

  /** site.pages: every page that is not a post. */
  pages(): JekyllDocument[] {
    return this.remember("pages", () =>
      (this.collections.all ?? [])
        .filter((item) => item.data.isPost !== true && item.url !== false)
        .map((item) => this.document(item)),
    );
  }

  terms(kind: "tags" | "categories"): TermsDrop {
    return this.remember(kind, () => {
      const terms = new Map<string, JekyllDocument[]>();
      for (const post of this.oldestFirst()) {
        for (const name of post[kind]) {
          const list = terms.get(name) ?? [];
          list.unshift(post);
          terms.set(name, list);
        }
      }
      return new TermsDrop(terms);
    });
  }

  neighbour(document: JekyllDocument, offset: 1 | -1): JekyllDocument | undefined {
    const index = this.position(document);
    return index === undefined ? undefined : this.oldestFirst()[index + offset];
  }
}

/** `site`: Jekyll's site variables over every `_config.yml` key. */
export class JekyllSite extends Drop {
  constructor(
    private readonly config: Record<string, unknown>,
    private readonly lists: BuildLists | undefined,
    private readonly readData: () => Record<string, unknown>,
    /** The page being rendered. */
    private readonly current: JekyllDocument,
  ) {
    super();
  }

  get posts(): JekyllDocument[] {
    return this.lists?.postsSeenBy(this.current) ?? [];
  }

  get pages(): JekyllDocument[] {
    return this.lists?.pages() ?? [];
  }

  /** Jekyll without `lsi`: the ten newest posts other than the one being rendered. */
  get related_posts(): JekyllDocument[] {
    const inputPath = this.current.eleventyPage.inputPath;
    return this.posts.filter((post) => post.eleventyPage.inputPath !== inputPath).slice(0, 10);
  }

  get tags(): TermsDrop {
    return this.lists?.terms("tags") ?? new TermsDrop(new Map());
  }

  get categories(): TermsDrop {
    return this.lists?.terms("categories") ?? new TermsDrop(new Map());
  }

  get data(): Record<string, unknown> {
    return this.readData();
  }

  get time(): JekyllTime | undefined {
    return this.lists?.time;
  }

  override liquidMethodMissing(key: string): unknown {
    return this.config[key];
  }

  toJSON(): Record<string, unknown> {
    return this.config;
  }
}

/** What `jsonify` prints: drops as their Jekyll fields, times as Ruby prints them. */
export function toPlainData(value: unknown, depth = 0): unknown {
  if (depth > 20) return null;
  if (value instanceof JekyllTime) return value.toString();
  if (Array.isArray(value)) return value.map((item) => toPlainData(item, depth + 1));
  if (value instanceof Drop && "toJSON" in value && typeof value.toJSON === "function")
    return toPlainData((value as Drop & { toJSON(): unknown }).toJSON(), depth + 1);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainData(item, depth + 1)]));
  }
  return value;
}
