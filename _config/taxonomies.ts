// Collections the layouts list: published posts, and one page each per tag and per category.
import type { CollectionApi, CollectionItem, UserConfig } from "@11ty/eleventy";
import { postCategories, postTags } from "./jekyllPermalink.ts";
import { isPreview } from "./publishing.ts";
import { BuildProblemsError } from "./buildErrors.ts";
import { termSlug } from "./slugs.ts";

export interface TermPage {
  name: string;
  slug: string;
  /** Newest first. */
  posts: CollectionItem[];
  /** The same posts, a group per year, newest first (what the term page lists). */
  years: YearGroup[];
}

export interface YearGroup {
  year: number;
  posts: CollectionItem[];
}

// Posts and drafts (Markdown under posts/ or drafts/), tested by path: getFilteredByGlob runs picomatch per item per call.
const POST_PATH = /^(?:\.\/)?(?:posts|drafts)\/.+\.(?:md|markdown|mkdn|mkd|html|njk)$/;

/** Whether an Eleventy input path (`./posts/x.md`) is a post or a draft. */
export function isPostInput(inputPath: string): boolean {
  return POST_PATH.test(inputPath);
}

/**
 * The posts list of the current build: four collections start from it, and each getAllSorted() sorts every
 * page of the site again. Keyed by Eleventy's collection API (a new one each build) and its item count.
 */
const postsOfBuild = new WeakMap<CollectionApi, { items: number; posts: CollectionItem[] }>();

/** Published posts, oldest first (Eleventy's order, which the feed plugin expects). */
export function publishedPosts(api: CollectionApi): CollectionItem[] {
  const items = api.getAll().length;
  const known = postsOfBuild.get(api);
  if (known?.items === items) return [...known.posts];
  const posts = api
    .getAllSorted()
    .filter((post) => isPostInput(post.inputPath) && post.url !== false && (isPreview() || !post.data.draft));
  postsOfBuild.set(api, { items, posts });
  return [...posts];
}

/** Names that differ only in case or Unicode form are one term, as in Jekyll's URLs (it downcases categories). */
function termKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

/**
 * One page per term, each post listed once. Two terms whose different names give one slug (`Deep Learning` and
 * `deep-learning`) would share a URL: a build error naming both, never a silent merge.
 */
export function groupByTerm(
  posts: readonly CollectionItem[],
  termsOf: (post: CollectionItem) => string[],
  urlOf: (slug: string) => string = (slug) => `/tags/${slug}/`,
): TermPage[] {
  const bySlug = new Map<string, TermPage & { key: string; firstPost: string }>();
  const collisions = new Map<string, string>();
  for (const post of [...posts].reverse()) {
    const seen = new Set<string>();
    for (const name of termsOf(post)) {
      const slug = termSlug(name);
      if (seen.has(slug)) continue;
      seen.add(slug);
      const page = bySlug.get(slug) ?? {
        name,
        slug,
        posts: [],
        years: [],
        key: termKey(name),
        firstPost: post.inputPath,
      };
      if (page.key !== termKey(name) && !collisions.has(`${slug}\0${termKey(name)}`)) {
        collisions.set(
          `${slug}\0${termKey(name)}`,
          `"${page.name}" (${page.firstPost.replace(/^\.\//, "")}) and "${name}" (${post.inputPath.replace(/^\.\//, "")}) would share ${urlOf(slug)}; spell them the same way, or make them differ by more than punctuation`,
        );
      }
      page.posts.push(post);
      bySlug.set(slug, page);
    }
  }
  if (collisions.size) throw new BuildProblemsError("Terms that would share one page", [...collisions.values()]);
  const pages: TermPage[] = [...bySlug.values()].map(({ name, slug, posts: termPosts }) => ({
    name,
    slug,
    posts: termPosts,
    years: groupNewestByYear(termPosts),
  }));
  return pages.sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
}

/** Oldest-first posts (Eleventy's order) → a group per year, newest first. */
export function groupByYear(posts: readonly CollectionItem[]): YearGroup[] {
  return groupNewestByYear([...posts].reverse());
}

function groupNewestByYear(newestFirst: readonly CollectionItem[]): YearGroup[] {
  const years = new Map<number, CollectionItem[]>();
  for (const post of newestFirst) {
    const year = post.date.getUTCFullYear();
    const list = years.get(year);
    if (list) list.push(post);
    else years.set(year, [post]);
  }
  return [...years.entries()].map(([year, list]) => ({ year, posts: list }));
}

/** Where each page sits in a collection, built once per collection array (Eleventy makes new ones each build). */
const collectionIndexes = new WeakMap<readonly CollectionItem[], Map<string, number>>();

/**
 * The item `offset` places from `page` in `collection` (0: the page's own item). Eleventy's
 * getCollectionItem/getPrevious…/getNext… scan the whole collection for every page: O(posts²) per build.
 */
export function collectionNeighbour(
  collection: readonly CollectionItem[],
  page: { inputPath: string; url: string | false },
  offset = 0,
): CollectionItem | undefined {
  let index = collectionIndexes.get(collection);
  if (!index) {
    index = new Map(collection.map((item, position) => [`${item.inputPath}\0${item.url}`, position]));
    collectionIndexes.set(collection, index);
  }
  const position = index.get(`${page.inputPath}\0${page.url}`);
  return position === undefined ? undefined : collection[position + offset];
}

export default function taxonomies(eleventyConfig: UserConfig): void {
  eleventyConfig.addFilter("collectionNeighbour", collectionNeighbour);
  eleventyConfig.addCollection("posts", publishedPosts);
  eleventyConfig.addCollection("tagPages", (api: CollectionApi) =>
    groupByTerm(publishedPosts(api), (post) => postTags(post.data)),
  );
  eleventyConfig.addCollection("categoryPages", (api: CollectionApi) =>
    groupByTerm(
      publishedPosts(api),
      (post) => postCategories(post.data as { categories?: unknown; category?: unknown }),
      (slug) => `/${slug}/`,
    ),
  );
  eleventyConfig.addCollection("postsByYear", (api: CollectionApi) => groupByYear(publishedPosts(api)));
}
