// Site facts, stated once: layouts, feeds, SEO and the sitemap all read them from here.
// SITE_URL and PATH_PREFIX override the defaults for CI and deploys (see README, "Configuration").

export interface CommentsConfig {
  /** Only giscus is supported; null renders nothing and makes no third-party request. */
  provider: "giscus";
  repo: string;
  repoId: string;
  category: string;
  categoryId: string;
  mapping?: "pathname" | "url" | "title" | "og:title";
}

export interface SiteData {
  title: string;
  description: string;
  /** Absolute origin (and path, if any) where the site is published, without a trailing slash. */
  url: string;
  /** Sub-path the site is served under, e.g. "/blog/"; "/" at a domain's root. */
  pathPrefix: string;
  language: string;
  locale: string;
  author: { name: string; email?: string; url?: string; twitter?: string };
  postsPerPage: number;
  comments: CommentsConfig | null;
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

const site: SiteData = {
  title: "GPU Notes",
  description: "Deep learning, hardware and the numbers behind them — with demos you can run in your browser.",
  url: (process.env.SITE_URL ?? "https://example.github.io").replace(/\/+$/, ""),
  pathPrefix: normalisePrefix(process.env.PATH_PREFIX ?? "/"),
  language: "en",
  locale: "en_US",
  author: { name: "The GPU Notes author", twitter: "" },
  postsPerPage: 10,
  comments: null,
};

export default site;
