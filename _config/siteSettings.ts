// Site settings, stated once: Jekyll's own `_config.yml` (same keys, so an imported blog keeps its file) read over
// our defaults. Layouts, feeds, SEO and plugins all take them from here; SITE_URL and PATH_PREFIX override
// `url` and `baseurl` for deploys. Every key of `_config.yml` also stays readable as `site.<key>` in Liquid.
// https://jekyllrb.com/docs/configuration/default/
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseJekyllYaml } from "./jekyllYaml.ts";

export interface CommentsConfig {
  /** Only giscus is supported; null renders nothing and makes no third-party request. */
  provider: "giscus";
  repo: string;
  repoId: string;
  category: string;
  categoryId: string;
  mapping?: "pathname" | "url" | "title" | "og:title";
}

export interface SiteAuthor {
  name: string;
  email?: string;
  url?: string;
  twitter?: string;
  /** A path or URL of the author's picture (jekyll-seo-tag's `author.picture`). */
  picture?: string;
}

/** Extra origins the pages' Content-Security-Policy allows, per directive (README, "Security"). */
export interface CspAllowances {
  img?: string[];
  frame?: string[];
  script?: string[];
  style?: string[];
  connect?: string[];
  media?: string[];
  font?: string[];
}

export interface SiteData {
  title: string;
  description: string;
  /** Absolute origin (and path, if any) where the site is published, without a trailing slash. */
  url: string;
  /** Sub-path the site is served under, e.g. "/blog/"; "/" at a domain's root (Jekyll's `baseurl`). */
  pathPrefix: string;
  language: string;
  locale: string;
  author: SiteAuthor;
  postsPerPage: number;
  comments: CommentsConfig | null;
  /** IANA zone (`timezone:`) that post dates are read and shown in, as Jekyll does; null keeps dates as written. */
  timezone: string | null;
  /** Jekyll's site-wide `permalink:`: a style name (date, pretty, ordinal, weekdate, none) or a template. */
  permalink: string;
  /** Jekyll's `excerpt_separator`, or null when unset (then `<!--more-->` or the first paragraph: excerpt.ts). */
  excerptSeparator: string | null;
  /** jekyll-seo-tag's `twitter: { username, card }` (or `twitter_username:` of `jekyll new`). */
  twitter: { username?: string; card?: string };
  /** jekyll-seo-tag's `social: { name, links }`: profiles for the JSON-LD `sameAs`. */
  social: { name?: string; links: string[] };
  /** A site logo (path or URL), for JSON-LD. */
  logo?: string;
  csp: CspAllowances;
  /** Jekyll front-matter defaults (`defaults:`), applied to posts and drafts by scope. */
  defaults: FrontMatterDefault[];
  /** Every key of `_config.yml` as written. */
  config: Record<string, unknown>;
}

export interface FrontMatterDefault {
  scope: { path?: string; type?: string };
  values: Record<string, unknown>;
}

export const SITE_CONFIG_FILE = "_config.yml";

/** Our own defaults, for a project without `_config.yml` or keys it leaves out. */
const DEFAULTS = {
  title: "My blog",
  description: "",
  url: "https://example.github.io",
  baseurl: "/",
  language: "en",
  postsPerPage: 10,
  permalink: "date",
};

export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

/** Reads `<root>/_config.yml`; throws an error naming the file and line when it is not valid YAML. */
export function readSiteConfig(root: string): Record<string, unknown> {
  const file = path.join(root, SITE_CONFIG_FILE);
  if (!existsSync(file)) return {};
  const data = parseJekyllYaml(readFileSync(file, "utf8"), SITE_CONFIG_FILE);
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data))
    throw new Error(`${SITE_CONFIG_FILE}:1: expected a map of \`key: value\` lines`);
  return data as Record<string, unknown>;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;

function settingError(key: string, expected: string, value: unknown): Error {
  return new Error(`${SITE_CONFIG_FILE}: ${key}: expected ${expected}, got ${JSON.stringify(value)}`);
}

/** `author: Jane`, `author: { name, email, url, twitter }`, or a key into `_data/authors` (kept as the name). */
function readAuthor(config: Record<string, unknown>): SiteAuthor {
  const value = config.author;
  const author: SiteAuthor = { name: "" };
  if (typeof value === "string") author.name = value;
  else if (value && typeof value === "object" && !Array.isArray(value)) {
    const map = value as Record<string, unknown>;
    author.name = text(map.name) ?? "";
    for (const key of ["email", "url", "twitter", "picture"] as const) if (text(map[key])) author[key] = text(map[key]);
  } else if (value !== undefined && value !== null)
    throw settingError("author", "a name or a map with name, email, url", value);
  if (!author.email && text(config.email)) author.email = text(config.email);
  return withName(author, author.name);
}

/** Printing the object in Liquid (`{{ site.author }}`) gives the name, as a Jekyll string author would. */
function withName<T extends object>(value: T, name: string | undefined): T {
  Object.defineProperty(value, "toString", { value: () => name ?? "", enumerable: false });
  return value;
}

function readTwitter(config: Record<string, unknown>): SiteData["twitter"] {
  const value = config.twitter;
  const twitter: SiteData["twitter"] = {};
  if (typeof value === "string") twitter.username = value;
  else if (value && typeof value === "object") {
    const map = value as Record<string, unknown>;
    if (text(map.username)) twitter.username = text(map.username);
    if (text(map.card)) twitter.card = text(map.card);
  }
  twitter.username ??= text(config.twitter_username);
  if (twitter.username) twitter.username = twitter.username.replace(/^@/, "");
  return withName(twitter, twitter.username);
}

function readSocial(config: Record<string, unknown>): SiteData["social"] {
  const value = config.social as { name?: unknown; links?: unknown } | undefined;
  const links = Array.isArray(value?.links)
    ? value.links.filter((link): link is string => typeof link === "string")
    : [];
  for (const [key, base] of [
    ["github_username", "https://github.com/"],
    ["linkedin_username", "https://www.linkedin.com/in/"],
  ] as const) {
    const name = text(config[key]);
    if (name) links.push(`${base}${name}`);
  }
  return { name: text(value?.name), links };
}

function readCsp(config: Record<string, unknown>): CspAllowances {
  const value = config.csp;
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw settingError("csp", "a map such as { img: [https://i.imgur.com] }", value);
  const csp: CspAllowances = {};
  for (const [directive, origins] of Object.entries(value)) {
    if (!["img", "frame", "script", "style", "connect", "media", "font"].includes(directive)) {
      throw new Error(
        `${SITE_CONFIG_FILE}: csp.${directive}: unknown directive; use img, frame, script, style, connect, media or font`,
      );
    }
    const list: unknown = typeof origins === "string" ? [origins] : origins;
    if (
      !Array.isArray(list) ||
      !list.every((origin): origin is string => typeof origin === "string" && /^https:\/\/[^\s;,'"]+$/.test(origin))
    ) {
      throw settingError(`csp.${directive}`, "a list of https:// origins", origins);
    }
    csp[directive as keyof CspAllowances] = list;
  }
  return csp;
}

function readDefaults(config: Record<string, unknown>): FrontMatterDefault[] {
  const value = config.defaults;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw settingError("defaults", "a list of { scope, values }", value);
  return value.map((entry: unknown, index) => {
    const { scope = {}, values } = (entry ?? {}) as { scope?: { path?: unknown; type?: unknown }; values?: unknown };
    if (!values || typeof values !== "object" || Array.isArray(values))
      throw settingError(`defaults[${index}].values`, "a map", values);
    return { scope: { path: text(scope.path), type: text(scope.type) }, values: values as Record<string, unknown> };
  });
}

function readTimezone(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  const zone = text(value);
  try {
    if (!zone) throw new Error();
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    throw settingError("timezone", "an IANA time zone such as America/New_York", value);
  }
  return zone;
}

function readPositiveInteger(key: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
    throw settingError(key, "a whole number of 1 or more", value);
  return value;
}

/** The site settings of the project at `root`: `_config.yml` over our defaults, then SITE_URL/PATH_PREFIX. */
export function siteSettings(root: string, env: Record<string, string | undefined> = process.env): SiteData {
  const config = readSiteConfig(root);
  const url = env.SITE_URL ?? text(config.url) ?? DEFAULTS.url;
  const language = text(config.lang) ?? text(config.language) ?? DEFAULTS.language;
  const settings: SiteData = {
    title: text(config.title) ?? DEFAULTS.title,
    description: text(config.description) ?? text(config.tagline) ?? DEFAULTS.description,
    url: url.replace(/\/+$/, ""),
    pathPrefix: normalisePrefix(env.PATH_PREFIX ?? text(config.baseurl) ?? DEFAULTS.baseurl),
    language,
    locale:
      text(config.locale) ??
      (language.includes("_") ? language : `${language}_${language === "en" ? "US" : language.toUpperCase()}`),
    author: readAuthor(config),
    postsPerPage: readPositiveInteger("paginate", config.paginate, DEFAULTS.postsPerPage),
    comments: (config.comments as CommentsConfig | undefined) ?? null,
    timezone: readTimezone(config.timezone),
    permalink: text(config.permalink) ?? DEFAULTS.permalink,
    excerptSeparator: text(config.excerpt_separator) ?? null,
    twitter: readTwitter(config),
    social: readSocial(config),
    logo: text(config.logo),
    csp: readCsp(config),
    defaults: readDefaults(config),
    config,
  };
  return settings;
}

/** What templates see as `site`: every `_config.yml` key as written, with the settings above over it. */
export function siteData(settings: SiteData): Record<string, unknown> & SiteData {
  // Jekyll's `baseurl` has no trailing slash ("" at the root); PATH_PREFIX may have changed it.
  return { ...settings.config, ...settings, baseurl: settings.pathPrefix.replace(/\/$/, "") };
}
