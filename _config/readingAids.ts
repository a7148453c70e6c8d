// Reading aids for the post layout: a table of contents from the rendered headings, related posts by shared
// tags, the parts of a series in order, and the "Updated" date. Pure functions, registered as filters below.
import type { UserConfig } from "@11ty/eleventy";
import { plainText } from "./excerpt.ts";
import { postTags } from "./jekyllPermalink.ts";

/** Fewer second-level headings than this and a post gets no table of contents (issue 15). */
export const TOC_MIN_HEADINGS = 3;
export const RELATED_LIMIT = 3;

export interface TocEntry {
  id: string;
  text: string;
  /** h3s under this h2. */
  children: TocEntry[];
}

/** A post in `collections.posts`, as far as these aids read it. */
export interface PostItem {
  url: string;
  date: Date;
  data: { title?: unknown; jekyllTags?: unknown; tags?: unknown; series?: unknown };
}

// A pattern, not a parser: it reads the headings markdown-it-anchor and rawHeadingAnchors.ts render (`<h2 id="…"
// tabindex="-1">`), a form we control; htmlparser2 here cost 1.3 ms a post against 0.01 ms (1,000 posts measured).
const HEADING = /<h([23])\b[^>]*?\sid="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/g;

/** h2s (with their h3s) that carry an id, as the anchors plugin gives them; empty below TOC_MIN_HEADINGS h2s. */
export function tableOfContents(html: string, minHeadings = TOC_MIN_HEADINGS): TocEntry[] {
  // The author placed kramdown's own `{:toc}` (_config/markdown/kramdownToc.ts): one table of contents is enough.
  if (html.includes('id="markdown-toc"')) return [];
  const entries: TocEntry[] = [];
  for (const [heading, level, id, inner] of html.matchAll(HEADING)) {
    // kramdown's `{: .no_toc}` keeps a heading out of any table of contents.
    if (/^<h[23]\b[^>]*\bclass="[^"]*\bno_toc\b/.test(heading)) continue;
    const entry = { id: id!, text: plainText(inner!, 200), children: [] };
    if (level === "2") entries.push(entry);
    else entries.at(-1)?.children.push(entry);
  }
  return entries.length >= minHeadings ? entries : [];
}

/**
 * Posts by tag (their positions in the collection), each post's URL and time by position, and a count per post for
 * relatedPosts to fill and clear. The inner loops read these arrays, not the items: the items' shapes vary, and
 * reading `url` and `date` off them was nine tenths of relatedPosts at 4,000 posts (2.8 of 3.0 CPU-s).
 */
interface TagIndex {
  byTag: Map<string, number[]>;
  urls: string[];
  times: Float64Array;
  counts: Uint32Array;
}

/** Posts are found by tag through one index a build (a WeakMap on the collection), not by scanning every post. */
const tagIndexes = new WeakMap<readonly PostItem[], TagIndex>();

function tagIndex(posts: readonly PostItem[]): TagIndex {
  let index = tagIndexes.get(posts);
  if (!index) {
    const byTag = new Map<string, number[]>();
    posts.forEach((post, position) => {
      for (const tag of postTags(post.data)) {
        const tagged = byTag.get(tag);
        if (tagged) tagged.push(position);
        else byTag.set(tag, [position]);
      }
    });
    index = {
      byTag,
      urls: posts.map((post) => post.url),
      times: Float64Array.from(posts, (post) => post.date.getTime()),
      counts: new Uint32Array(posts.length),
    };
    tagIndexes.set(posts, index);
  }
  return index;
}

/** Up to `limit` other posts that share the most tags with `current`; ties go to the newer post, then the first found. */
export function relatedPosts(
  posts: readonly PostItem[],
  current: { url: string; tags: string[] },
  limit = RELATED_LIMIT,
): PostItem[] {
  const { byTag, urls, times, counts } = tagIndex(posts);
  // Counted in an array by position and ranked in one pass: a Map per post and a sort of every post sharing a
  // tag were a tenth of a 1,000-post build's render.
  const found: number[] = [];
  for (const tag of current.tags) {
    for (const position of byTag.get(tag) ?? []) {
      if (urls[position] === current.url) continue;
      const count = counts[position]!;
      counts[position] = count + 1;
      if (count === 0) found.push(position);
    }
  }
  const best: Array<{ position: number; count: number; time: number }> = [];
  for (const position of found) {
    const count = counts[position]!;
    counts[position] = 0;
    const time = times[position]!;
    let at = best.length;
    while (at > 0 && (best[at - 1]!.count < count || (best[at - 1]!.count === count && best[at - 1]!.time < time)))
      at--;
    if (at >= limit) continue;
    best.splice(at, 0, { position, count, time });
    if (best.length > limit) best.pop();
  }
  return best.map(({ position }) => posts[position]!);
}

/** Every post of the series named `name`, oldest first. */
export function seriesParts(posts: readonly PostItem[], name: string): PostItem[] {
  return posts.filter((post) => post.data.series === name).sort((a, b) => a.date.getTime() - b.date.getTime());
}

/** `last_modified_at` as a Date (YAML gives a Date or a string), or null when unset or not a date. */
export function updatedDate(value: unknown): Date | null {
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

export default function readingAids(eleventyConfig: UserConfig): void {
  eleventyConfig.addFilter("tableOfContents", (html: string) => tableOfContents(html ?? ""));
  eleventyConfig.addFilter("relatedPosts", (posts: PostItem[], url: string, tags: string[]) =>
    relatedPosts(posts ?? [], { url, tags }),
  );
  eleventyConfig.addFilter("seriesParts", (posts: PostItem[], name: string) => seriesParts(posts ?? [], name));
  eleventyConfig.addFilter("updatedDate", (value: unknown) => updatedDate(value));
}
