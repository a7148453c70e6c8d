// Atom at /feed.xml as jekyll-feed writes it (summary, author, categories, published/updated instants), and
// a JSON Feed at /feed.json. Both are built here from the posts, so escaping and XML's character rules are ours.
// https://github.com/jekyll/jekyll-feed/blob/master/lib/jekyll-feed/feed.xml — https://www.rfc-editor.org/rfc/rfc4287
import type { UserConfig } from "@11ty/eleventy";
import type { SiteData } from "../_data/site.ts";
import type { CollectionItem } from "@11ty/eleventy";
import { postExcerpt, plainText, type ExcerptSource } from "./excerpt.ts";
import { absoluteUrl } from "./filters.ts";
import { toRfc3339 } from "./jekyllDate.ts";
import { postCategories, postTags } from "./jekyllPermalink.ts";
import { lastModifiedInstant } from "./lastModified.ts";
import { pageAuthor, type PageAuthor, type SocialImage } from "./seo.ts";
import { escapeXml, escapeXmlAttribute, hasNonXmlText, nonXmlTextWarnings } from "./xmlText.ts";

export const FEED_LIMIT = 20;

/** jekyll-feed's `feed: { posts_limit }` in _config.yml, else ours. */
export function feedLimit(siteData: Pick<SiteData, "config">): number {
  const limit = (siteData.config.feed as { posts_limit?: unknown } | undefined)?.posts_limit;
  return typeof limit === "number" && Number.isInteger(limit) && limit > 0 ? limit : FEED_LIMIT;
}

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), newest first; JSON.stringify does the escaping.
 * `contentHtml` gives a post's HTML for `content_html` (the filter passes it with absolute URLs).
 */
export function jsonFeed(
  posts: readonly CollectionItem[],
  siteData: SiteData,
  contentHtml: (post: CollectionItem) => string = (post) => post.content,
): string {
  const items = [...posts]
    .reverse()
    .slice(0, feedLimit(siteData))
    .map((post) => {
      const url = absoluteUrl(String(post.url), siteData.url, siteData.pathPrefix);
      const data = post.data as { title?: string; dateOffset?: string | null };
      return {
        id: url,
        url,
        title: data.title ?? "",
        content_html: contentHtml(post),
        summary: plainText(postExcerpt(post.content, post.data as ExcerptSource, siteData.excerptSeparator)),
        date_published: toRfc3339(post.date, data.dateOffset ?? null),
        tags: postTags(post.data),
      };
    });
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: siteData.title,
    description: siteData.description,
    language: siteData.language,
    home_page_url: absoluteUrl("/", siteData.url, siteData.pathPrefix),
    feed_url: absoluteUrl("/feed.json", siteData.url, siteData.pathPrefix),
    authors: [{ name: siteData.author.name }],
    items,
  };
  // U+2028/2029 are valid JSON but break some JavaScript consumers: escape them too.
  return JSON.stringify(feed, null, 2)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

interface PostData {
  title?: string;
  description?: string;
  dateOffset?: string | null;
  last_modified_at?: unknown;
  author?: unknown;
  authors?: unknown;
  socialImage?: SocialImage | null;
}

export interface AtomOptions {
  /** `_data/authors`, where the site's `author:` may be a key (as jekyll-feed reads it). */
  authors?: unknown;
  /** A post's HTML for `<content>` (the filter passes it with absolute URLs). */
  contentHtml?: (post: CollectionItem) => string;
  /** Called for a post whose text held characters XML forbids (they are removed), with the lines of the fields that did. */
  onNonXmlText?: (inputPath: string, fieldLines: Array<{ field: string; line: number }>) => void;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function authorXml(author: PageAuthor | null, indent: string): string {
  if (!author?.name) return "";
  const parts = [`<name>${escapeXml(author.name)}</name>`];
  if (author.email) parts.push(`<email>${escapeXml(author.email)}</email>`);
  if (author.url) parts.push(`<uri>${escapeXml(author.url)}</uri>`);
  return `${indent}<author>${parts.join("")}</author>\n`;
}

/** One post as jekyll-feed's entry: times are real instants (the wall clock plus its offset), never the wall clock as UTC. */
function atomEntry(
  post: CollectionItem,
  siteData: SiteData,
  content: string,
): { xml: string; updated: string; text: Record<string, string[]> } {
  const data = post.data as PostData;
  const url = absoluteUrl(String(post.url), siteData.url, siteData.pathPrefix);
  const published = toRfc3339(post.date, data.dateOffset ?? null);
  const updated = lastModifiedInstant(data.last_modified_at, siteData.timezone) ?? published;
  const title = data.title ?? "";
  const summary = plainText(
    data.description ?? postExcerpt(post.content, post.data as ExcerptSource, siteData.excerptSeparator),
    Infinity,
  );
  const author = pageAuthor(data.author, data.authors, siteData.author);
  const terms = [...postCategories(post.data as { categories?: unknown; category?: unknown }), ...postTags(post.data)];
  const image = data.socialImage;
  const xml = [
    "  <entry>\n",
    `    <title>${escapeXml(title)}</title>\n`,
    `    <link href="${escapeXmlAttribute(url)}" rel="alternate" type="text/html"/>\n`,
    `    <published>${published}</published>\n`,
    `    <updated>${updated}</updated>\n`,
    `    <id>${escapeXml(url)}</id>\n`,
    `    <content type="html" xml:base="${escapeXmlAttribute(url)}">${escapeXml(content)}</content>\n`,
    authorXml(author, "    "),
    ...terms.map((term) => `    <category term="${escapeXmlAttribute(term)}"/>\n`),
    `    <summary type="html">${escapeXml(escapeHtml(summary))}</summary>\n`,
    image ? `    <media:thumbnail url="${escapeXmlAttribute(image.url)}"/>\n` : "",
    "  </entry>\n",
  ].join("");
  // By front-matter field, so a warning can name the line a YAML escape such as "\0" came from.
  return {
    xml,
    updated,
    text: { title: [title], description: [summary], tags: terms, author: [author?.name ?? ""], content: [content] },
  };
}

/** The Atom feed: newest posts first; the feed's `<updated>` is the latest entry's, so a rebuild changes nothing. */
export function atomFeed(posts: readonly CollectionItem[], siteData: SiteData, options: AtomOptions = {}): string {
  const contentHtml = options.contentHtml ?? ((post: CollectionItem) => post.content);
  const entries = [...posts]
    .reverse()
    .slice(0, feedLimit(siteData))
    .map((post) => {
      const entry = atomEntry(post, siteData, contentHtml(post));
      const dirty = Object.entries(entry.text)
        .filter(([, texts]) => texts.some(hasNonXmlText))
        .map(([field]) => field);
      if (dirty.length) {
        const lines = (post.data.frontMatterLines ?? {}) as Record<string, number>;
        const fieldLines = dirty.flatMap((field) => {
          const key = field === "tags" ? ["tags", "categories", "category"].find((name) => name in lines) : field;
          return key && lines[key] ? [{ field: key, line: lines[key] }] : [];
        });
        options.onNonXmlText?.(post.inputPath, fieldLines);
      }
      return entry;
    });
  const home = absoluteUrl("/", siteData.url, siteData.pathPrefix);
  const self = absoluteUrl("/feed.xml", siteData.url, siteData.pathPrefix);
  // An empty blog has no entry to date the feed by; Atom requires <updated> all the same.
  const updated = entries.length
    ? entries.reduce(
        (latest, entry) => (Date.parse(entry.updated) > Date.parse(latest) ? entry.updated : latest),
        entries[0]!.updated,
      )
    : new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${escapeXmlAttribute(siteData.language)}">\n`,
    `  <link href="${escapeXmlAttribute(self)}" rel="self" type="application/atom+xml"/>\n`,
    `  <link href="${escapeXmlAttribute(home)}" rel="alternate" type="text/html"/>\n`,
    `  <updated>${updated}</updated>\n`,
    `  <id>${escapeXml(self)}</id>\n`,
    `  <title>${escapeXml(siteData.title)}</title>\n`,
    siteData.description ? `  <subtitle>${escapeXml(siteData.description)}</subtitle>\n` : "",
    authorXml(pageAuthor(undefined, options.authors, siteData.author), "  "),
    ...entries.map((entry) => entry.xml),
    "</feed>\n",
  ].join("");
}

export default function feeds(eleventyConfig: UserConfig): void {
  const warned = new Set<string>();
  const warnNonXml = (inputPath: string, fieldLines: Array<{ field: string; line: number }>) => {
    for (const message of nonXmlTextWarnings(inputPath, "feed.xml", fieldLines)) {
      if (!warned.has(message) && warned.add(message)) console.warn(`warning: ${message}`);
    }
  };
  // Post HTML links site-relative (`/public/…`); feed readers need full URLs.
  const absoluteContent = async (posts: readonly CollectionItem[], siteData: SiteData) => {
    const transformWithHtmlBase = eleventyConfig.getFilter("transformWithHtmlBase") as (
      html: string,
      base: string,
      pageUrl: string,
    ) => Promise<string>;
    const absoluteHtml = new Map<CollectionItem, string>();
    for (const post of posts.slice(-feedLimit(siteData))) {
      absoluteHtml.set(post, await transformWithHtmlBase.call({}, post.content, `${siteData.url}/`, String(post.url)));
    }
    return (post: CollectionItem) => absoluteHtml.get(post) ?? post.content;
  };
  eleventyConfig.addAsyncFilter("jsonFeed", async (posts: readonly CollectionItem[], siteData: SiteData) =>
    jsonFeed(posts, siteData, await absoluteContent(posts, siteData)),
  );
  // `collections.posts | atomFeed(site, authors)`: `authors` is _data/authors.
  eleventyConfig.addAsyncFilter(
    "atomFeed",
    async (posts: readonly CollectionItem[], siteData: SiteData, authors?: unknown) =>
      atomFeed(posts, siteData, {
        contentHtml: await absoluteContent(posts, siteData),
        onNonXmlText: warnNonXml,
        authors,
      }),
  );
}
