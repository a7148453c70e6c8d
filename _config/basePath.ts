// Serving under a sub-path (`https://user.github.io/blog/`): Eleventy's HTML <base> plugin prefixes every
// URL in the HTML it writes (https://www.11ty.dev/docs/plugins/html-base/); URLs outside HTML use withPathPrefix.
import type { UserConfig } from "@11ty/eleventy";

type HtmlBasePlugin = (eleventyConfig: UserConfig, options: { baseHref: string }) => void;

/** `/about/` under `/blog/` → `/blog/about/`; a full URL is left as it is. */
export function withPathPrefix(urlPath: string, pathPrefix: string): string {
  if (URL.canParse(urlPath)) return urlPath;
  const prefix = `/${pathPrefix.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
  return `${prefix}${urlPath.replace(/^\/+/, "")}`;
}

/**
 * A site URL may carry a path only if it is the path prefix itself (`https://user.github.io/blog` with
 * `/blog/`); any other path would give feeds and canonical URLs that the built pages do not live at.
 */
export function checkSiteUrl(siteUrl: string, pathPrefix: string): void {
  if (!URL.canParse(siteUrl)) {
    throw new Error(
      `basePath: site.url (SITE_URL) must be an absolute URL such as "https://user.github.io", got "${siteUrl}".`,
    );
  }
  const sitePath = new URL(`${siteUrl}/`).pathname;
  if (sitePath !== "/" && sitePath !== withPathPrefix("/", pathPrefix)) {
    throw new Error(
      `basePath: site.url (SITE_URL) "${siteUrl}" has the path "${sitePath}" but the path prefix (PATH_PREFIX) is "${pathPrefix}". ` +
        `Set SITE_URL to the origin only (e.g. "${new URL(siteUrl).origin}") and PATH_PREFIX to the sub-path.`,
    );
  }
}

export default function basePath(eleventyConfig: UserConfig, options: { siteUrl?: string } = {}): void {
  const pathPrefix = eleventyConfig.pathPrefix ?? "/";
  if (options.siteUrl !== undefined) checkSiteUrl(options.siteUrl, pathPrefix);
  const htmlBasePlugin = eleventyConfig.resolvePlugin("@11ty/eleventy/html-base-plugin") as HtmlBasePlugin;
  htmlBasePlugin(eleventyConfig, { baseHref: pathPrefix });
}

// The feed plugin adds the base plugin from inside its own plugin call, where Eleventy's "unique" check
// cannot see it and runs it twice (`/blog/blog/…`, eleventy-plugin-rss#60). Registering this plugin at the
// top level under the base plugin's own name makes that nested add a no-op.
Object.defineProperty(basePath, "eleventyPackage", { value: "@11ty/eleventy/html-base-plugin" });
Object.defineProperty(basePath, "eleventyPluginOptions", { value: { unique: true } });
