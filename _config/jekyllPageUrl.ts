// Jekyll's URL for a page that sets no `permalink:`: `/:path/:basename:output_ext`, `/:path/` for an index, and
// the site's permalink style deciding between `.html` and a folder (Page#template, Utils.add_permalink_suffix).
// https://github.com/jekyll/jekyll/blob/v4.3.1/lib/jekyll/page.rb  https://jekyllrb.com/docs/permalinks/#pages

export interface PageUrlInput {
  /** The page's path from the folder it was published from (`docs/guide.md`, `index.html`), `/`-separated. */
  path: string;
  /** The site's `permalink:`: a style name (date, pretty, ordinal, weekdate, none) or a template. */
  sitePermalink: string;
}

const HTML_SOURCES = /\.(?:md|markdown|mkdown|mkdn|mkd|html)$/i;

/** The part of a page URL the site's permalink style adds after `/:path/:basename`. */
function permalinkSuffix(sitePermalink: string): "/" | ".html" | "" {
  if (sitePermalink === "pretty") return "/";
  if (["date", "ordinal", "none"].includes(sitePermalink)) return ".html";
  if (sitePermalink.endsWith("/")) return "/";
  if (sitePermalink.endsWith(":output_ext")) return ".html";
  return "";
}

/** The page's URL as Jekyll gives it; `""` suffix URLs (`/about`) are served from `/about.html`, as Jekyll writes them. */
export function jekyllPageUrl({ path, sitePermalink }: PageUrlInput): string {
  const slash = path.lastIndexOf("/");
  const dir = slash === -1 ? "" : path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  if (!HTML_SOURCES.test(name)) return `/${dir}${name}`;
  const basename = name.replace(/\.[^.]+$/, "");
  if (basename === "index") return `/${dir}`;
  return `/${dir}${basename}${permalinkSuffix(sitePermalink)}`;
}

/** The file Eleventy writes for a Jekyll URL: folder URLs get `index.html`, extensionless ones `.html` (Page#destination). */
export function outputFileForUrl(url: string): string {
  if (url.endsWith("/")) return `${url}index.html`;
  return /\.[^/.]+$/.test(url) ? url : `${url}.html`;
}
