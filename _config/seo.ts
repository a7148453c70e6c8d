// What jekyll-seo-tag writes into a page's <head>, worked out once per page from its front matter (`description`,
// `image`, `author`, `last_modified_at`, `canonical_url`, `seo`) and the site settings (`author`, `twitter`,
// `social`, `logo`). The partial _includes/partials/seo.njk only prints it; the feed reads the same authors.
// https://github.com/jekyll/jekyll-seo-tag/blob/master/docs/usage.md
import type { UserConfig } from "@11ty/eleventy";
import type { SiteData } from "./siteSettings.ts";
import { absoluteUrl } from "./filters.ts";
import { toRfc3339 } from "./jekyllDate.ts";
import { lastModifiedInstant } from "./lastModified.ts";

export interface SocialImage {
  /** Absolute URL. */
  url: string;
  width?: number;
  height?: number;
  alt?: string;
}

export interface PageAuthor {
  name: string;
  email?: string;
  url?: string;
  /** Without the `@`. */
  twitter?: string;
  picture?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : typeof value === "number" ? String(value) : undefined;
const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A path or URL as an absolute URL where the site is published; full URLs (and `//host/…`) are kept. */
function publishedUrl(pathOrUrl: string, site: Pick<SiteData, "url" | "pathPrefix">): string {
  if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(pathOrUrl)) return pathOrUrl;
  return absoluteUrl(`/${pathOrUrl.replace(/^\/+/, "")}`, site.url, site.pathPrefix);
}

/** `image: /img/card.png` or `image: { path, height, width, alt }` (also jekyll-seo-tag's `twitter`/`facebook` paths). */
export function pageImage(image: unknown, site: Pick<SiteData, "url" | "pathPrefix">): SocialImage | null {
  const map = isMap(image) ? image : { path: image };
  const path = text(map.path) ?? text(map.facebook) ?? text(map.twitter);
  if (!path) return null;
  const result: SocialImage = { url: publishedUrl(path, site) };
  for (const key of ["width", "height"] as const) {
    const size = Number(map[key]);
    if (Number.isInteger(size) && size > 0) result[key] = size;
  }
  if (text(map.alt)) result.alt = text(map.alt);
  return result;
}

function authorFromMap(map: Record<string, unknown>, fallbackName?: string): PageAuthor | null {
  const name = text(map.name) ?? fallbackName;
  if (!name) return null;
  const author: PageAuthor = { name };
  for (const key of ["email", "url", "picture"] as const) if (text(map[key])) author[key] = text(map[key]);
  const twitter = text(map.twitter);
  if (twitter) author.twitter = twitter.replace(/^@/, "");
  return author;
}

/**
 * jekyll-seo-tag's author: the page's `author` (or first of `authors`), else the site's. A string that is a key
 * of `_data/authors` takes that entry (its name defaulting to the key); any other string is the name.
 */
export function pageAuthor(
  author: unknown,
  authors: unknown,
  siteAuthor: SiteData["author"] | undefined,
): PageAuthor | null {
  const pageAuthors: unknown[] = Array.isArray(authors) ? authors : [];
  const chosen = text(author) ?? (isMap(author) ? author : undefined) ?? pageAuthors[0];
  // A page's own `authors:` list hides the `_data/authors` file of the same name from its templates.
  const data = isMap(authors) ? authors : {};
  if (typeof chosen === "string" || typeof chosen === "number") {
    const key = String(chosen);
    const entry = data[key];
    return isMap(entry) ? authorFromMap(entry, key) : { name: key };
  }
  if (isMap(chosen)) return authorFromMap(chosen);
  if (!siteAuthor?.name) return null;
  // `author: ada` in _config.yml is a key of _data/authors too (a map there is taken as written).
  const siteEntry = siteAuthor.url || siteAuthor.twitter || siteAuthor.picture ? undefined : data[siteAuthor.name];
  return isMap(siteEntry)
    ? authorFromMap(siteEntry, siteAuthor.name)
    : authorFromMap(siteAuthor as unknown as Record<string, unknown>);
}

export interface SeoPageInput {
  /** `page.url`, unprefixed; `false` while a page that is never written (`permalink: false`) renders. */
  url: string | false;
  title?: unknown;
  description?: unknown;
  /** A post's excerpt as plain text: the description when the front matter gives none. */
  excerptText?: string;
  author?: unknown;
  /** `authors` as the template sees it: `_data/authors`, or the page's own `authors:` list. */
  authors?: unknown;
  /** The page's `socialImage` (its own `image:`, or what a card generator supplies). */
  image?: SocialImage | null;
  lastModifiedAt?: unknown;
  /** jekyll-seo-tag's per-page `seo: { type, name, links, date_modified }`. */
  seo?: unknown;
  canonicalUrl?: unknown;
  /** jekyll-seo-tag's per-page `twitter: { card }`. */
  twitter?: unknown;
  isPost?: boolean;
  date?: Date;
  dateOffset?: string | null;
  tags?: readonly string[];
  categories?: readonly string[];
}

export interface SeoHead {
  /** `<title>`: "Post | Site", or "Site | description" for a page without a title of its own. */
  title: string;
  /** og:title, twitter:title, JSON-LD headline. */
  pageTitle: string;
  description: string;
  canonicalUrl: string;
  author: PageAuthor | null;
  image: SocialImage | null;
  twitterCard: string;
  twitterSite?: string;
  twitterCreator?: string;
  published?: string;
  modified?: string;
  jsonLd: Record<string, unknown>;
}

// Twitter handles are 1–15 letters, digits and `_`; jekyll-seo-tag would also print a name with spaces (`@Jane Doe`).
const TWITTER_HANDLE = /^[A-Za-z0-9_]{1,15}$/;

export function seoHead(page: SeoPageInput, site: SiteData): SeoHead {
  const url = page.url || "/";
  const siteTitle = site.title;
  const ownTitle = url === "/" ? undefined : text(page.title);
  const pageTitle = ownTitle ?? siteTitle;
  const title =
    pageTitle !== siteTitle
      ? `${pageTitle} | ${siteTitle}`
      : site.description
        ? `${siteTitle} | ${site.description}`
        : siteTitle;
  const description = text(page.description) ?? text(page.excerptText) ?? site.description;
  const canonicalUrl =
    text(page.canonicalUrl) ?? absoluteUrl(url, site.url, site.pathPrefix).replace(/\/index\.html$/, "/");
  const author = pageAuthor(page.author, page.authors, site.author);
  const image = page.image ?? null;
  const seo = isMap(page.seo) ? page.seo : {};
  const published = page.isPost && page.date ? toRfc3339(page.date, page.dateOffset ?? null) : undefined;
  const modified = published
    ? (lastModifiedInstant(seo.date_modified ?? page.lastModifiedAt, site.timezone) ?? published)
    : undefined;
  const twitterCard = image
    ? (text(isMap(page.twitter) ? page.twitter.card : undefined) ?? site.twitter.card ?? "summary_large_image")
    : "summary";
  const creator = author?.twitter ?? author?.name;
  const homeOrAbout = /^\/(about\/)?(index\.html)?$/.test(url);
  const type = text(seo.type) ?? (homeOrAbout ? "WebSite" : published ? "BlogPosting" : "WebPage");
  const links = Array.isArray(seo.links)
    ? seo.links
    : homeOrAbout && site.social.links.length
      ? site.social.links
      : undefined;
  const jsonLd: Record<string, unknown> = {
    "@context": "https://schema.org",
    "@type": type,
    headline: pageTitle,
    name: text(seo.name) ?? (homeOrAbout ? (site.social.name ?? siteTitle) : undefined),
    description,
    url: canonicalUrl,
    image: image ? (Object.keys(image).length === 1 ? image.url : { "@type": "ImageObject", ...image }) : undefined,
    datePublished: published,
    dateModified: modified,
    author: author ? { "@type": "Person", name: author.name, url: author.url } : undefined,
    publisher: {
      "@type": "Organization",
      name: site.social.name ?? siteTitle,
      logo: site.logo ? { "@type": "ImageObject", url: publishedUrl(site.logo, site) } : undefined,
    },
    mainEntityOfPage: ["BlogPosting", "CreativeWork"].includes(type)
      ? { "@type": "WebPage", "@id": canonicalUrl }
      : undefined,
    sameAs: links,
    keywords: page.tags?.length ? page.tags.join(", ") : undefined,
  };
  return {
    title,
    pageTitle,
    description,
    canonicalUrl,
    author,
    image,
    twitterCard,
    twitterSite: site.twitter.username ?? site.author.twitter,
    twitterCreator:
      (site.twitter.username ?? site.author.twitter) && creator && TWITTER_HANDLE.test(creator) ? creator : undefined,
    published,
    modified,
    jsonLd,
  };
}

export interface SeoOptions {
  /**
   * A picture for pages whose front matter names no `image:` (e.g. a generated social card). A page's own
   * `image:` always wins; with none and no fallback, pages get the plain `summary` card.
   */
  fallbackImage?: (data: Record<string, unknown>) => SocialImage | null | undefined;
}

export default function seo(eleventyConfig: UserConfig, options: SeoOptions = {}): void {
  // `socialImage` is the one picture a page shows when shared (og:image, twitter:image, JSON-LD, feed thumbnail).
  // Eleventy calls a function given as global data once: this one returns the computed-data function.
  eleventyConfig.addGlobalData("eleventyComputed.socialImage", () => (data: Record<string, unknown>) => {
    const site = data.site as SiteData | undefined;
    const own = site ? pageImage(data.image, site) : null;
    return own ?? options.fallbackImage?.(data) ?? null;
  });
  eleventyConfig.addFilter("seoHead", (page: SeoPageInput, site: SiteData) => seoHead(page, site));
  eleventyConfig.addFilter("lastModified", (value: unknown, timeZone: string | null = null) =>
    lastModifiedInstant(value, timeZone),
  );
}
