// Atom at /feed.xml (jekyll-feed's path) via the official plugin; the JSON Feed is our own template
// (pages/feed.json.njk) because the plugin writes titles into JSON with HTML escaping, not JSON escaping.
import type { UserConfig } from "@11ty/eleventy";
import { feedPlugin } from "@11ty/eleventy-plugin-rss";
import site, { type SiteData } from "../_data/site.ts";
import type { CollectionItem } from "@11ty/eleventy";
import { postExcerpt, plainText, type ExcerptSource } from "./excerpt.ts";
import { absoluteUrl } from "./filters.ts";
import { toRfc3339 } from "./jekyllDate.ts";
import { postTags } from "./jekyllPermalink.ts";

export const FEED_LIMIT = 20;

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
    .slice(0, FEED_LIMIT)
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
  return JSON.stringify(feed, null, 2).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export default function feeds(eleventyConfig: UserConfig): void {
  // Post HTML links site-relative (`/public/…`); feed readers need full URLs, as the Atom feed's renderTransforms gives.
  eleventyConfig.addAsyncFilter("jsonFeed", async (posts: readonly CollectionItem[], siteData: SiteData) => {
    const transformWithHtmlBase = eleventyConfig.getFilter("transformWithHtmlBase") as (
      html: string,
      base: string,
      pageUrl: string,
    ) => Promise<string>;
    const absoluteHtml = new Map<CollectionItem, string>();
    for (const post of posts.slice(-FEED_LIMIT)) {
      absoluteHtml.set(post, await transformWithHtmlBase.call({}, post.content, `${siteData.url}/`, String(post.url)));
    }
    return jsonFeed(posts, siteData, (post) => absoluteHtml.get(post) ?? post.content);
  });
  eleventyConfig.addPlugin(feedPlugin, {
    type: "atom",
    outputPath: "/feed.xml",
    collection: { name: "posts", limit: FEED_LIMIT },
    metadata: {
      language: site.language,
      title: site.title,
      subtitle: site.description,
      base: `${site.url}/`,
      author: { name: site.author.name, email: site.author.email ?? "" },
    },
  });
}
