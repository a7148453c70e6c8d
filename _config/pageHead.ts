// A page's <head> from its record (_config/pageNeeds.ts): the CSP <meta> first, then the stylesheets and scripts
// its content asked for. The record is completed here from the rendered content (math, a video, origins allowed in
// `_config.yml`, all of which may arrive in another page's excerpt), and that content is checked against the
// page's policy: what the browser would block (a remote image, a YouTube iframe, a gist script, `style="…"`) fails
// the build with file:line and the fix.
import type { ShortcodeThis, UserConfig } from "@11ty/eleventy";
import { existsSync, readFileSync } from "node:fs";
import { BuildProblemsError } from "./buildErrors.ts";
import { locateInSource, remoteFix, scanContent, type RemoteResource } from "./contentPolicyCheck.ts";
import { ALLOWANCE_DIRECTIVES } from "./contentSecurityPolicy.ts";
import { containsMath } from "./math.ts";
import { emptyNeeds, headTags, policyMetaTag, policyOf, type PageNeeds, type PageNeedsStore } from "./pageNeeds.ts";
import { isPreview } from "./publishing.ts";
import type { CspAllowances } from "./siteSettings.ts";
import { embedsYoutube } from "./youtube.ts";

export interface BlockedContent {
  what: string;
  needle: string;
  fix: string;
}

export interface PageHeadOptions {
  /** The build's page records (shared with the plugins that fill them and the `_headers` writer). */
  pages: PageNeedsStore;
  /** `_config.yml`'s `csp:`: origins a page may use; it gets only those its content uses. */
  csp?: CspAllowances;
  /** Site URL of the math stylesheet, linked only from pages with math. */
  mathStylesheet?: string;
}

/** Whether a policy lets a page load `resource` (its directive, else default-src). */
function allows(policy: string, resource: RemoteResource): boolean {
  const directives = new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  const values = directives.get(ALLOWANCE_DIRECTIVES[resource.key]) ?? directives.get("default-src") ?? [];
  const scheme = resource.origin.slice(0, resource.origin.indexOf(":") + 1);
  return values.includes(resource.origin) || values.includes(scheme);
}

/**
 * Completes `needs` from the page's rendered content (a video, allowed origins it uses) and says what in that
 * content the resulting policy blocks.
 */
export function completeFromContent(
  needs: PageNeeds,
  html: string,
  allowances: CspAllowances = {},
): { policy: string; blocked: BlockedContent[] } {
  const { remote, inline } = scanContent(html);
  for (const resource of remote) {
    // `https://i.imgur.com/` in _config.yml names the same origin as `https://i.imgur.com`.
    if (!allowances[resource.key]?.some((origin) => origin.replace(/\/+$/, "").toLowerCase() === resource.origin))
      continue;
    const list = (needs.origins[resource.key] ??= []);
    if (!list.includes(resource.origin)) list.push(resource.origin);
  }
  if (embedsYoutube(html)) needs.youtube = true;
  const policy = policyOf(needs);
  const blocked = [
    ...remote
      .filter((resource) => !allows(policy, resource))
      .map((resource) => ({
        what: `<${resource.tag}> from ${resource.needle.slice(0, 80)}`,
        needle: resource.needle,
        fix: remoteFix(resource),
      })),
    ...inline,
  ];
  return { policy, blocked };
}

/** The policy a page with only this content would get, and what it blocks (for tests and one-off checks). */
export function pagePolicy(
  html: string,
  allowances: CspAllowances = {},
): { policy: string; blocked: BlockedContent[] } {
  return completeFromContent(emptyNeeds(), html, allowances);
}

/**
 * `posts/x.md:12: <img> from https://… : the page's CSP (img-src) blocks …; fix`, one line per finding. A list page
 * (home, tags) shows posts' excerpts: what is not in its own source is reported on the post it comes from.
 */
export function blockedContentLines(inputPath: string, source: string, blocked: readonly BlockedContent[]): string[] {
  const file = inputPath.replace(/^\.\//, "");
  const isPost = /^(?:posts|drafts)\//.test(file);
  const seen = new Map<string, number>();
  return blocked.flatMap(({ what, needle, fix }) => {
    const occurrence = seen.get(needle) ?? 0;
    seen.set(needle, occurrence + 1);
    const line = locateInSource(source, needle, occurrence);
    if (line === undefined && !isPost) return [];
    return [`${file}${line ? `:${line}` : ""}: ${what}: ${fix}`];
  });
}

export default function pageHead(eleventyConfig: UserConfig, options: PageHeadOptions): void {
  const { pages, csp: allowances = {}, mathStylesheet = "/public/css/math.css" } = options;
  const problems = new Map<string, string[]>();
  eleventyConfig.on("eleventy.before", () => {
    pages.startBuild();
    problems.clear();
  });

  // First in <head>: `{% pagePolicyMeta content, coi_serviceworker %}`. The layout renders after its content, so
  // the record holds everything the content's shortcodes asked for.
  eleventyConfig.addShortcode(
    "pagePolicyMeta",
    function (this: ShortcodeThis, content: unknown, coiServiceWorker?: unknown): string {
      const html = String(content ?? "");
      const needs = pages.of(this.page.url);
      const { blocked } = completeFromContent(needs, html, allowances);
      if (containsMath(html)) needs.stylesheets.add(mathStylesheet);
      needs.useIsolationFallback = coiServiceWorker === true && needs.crossOriginIsolated;
      const source = blocked.length && existsSync(this.page.inputPath) ? readFileSync(this.page.inputPath, "utf8") : "";
      const lines = blocked.length ? blockedContentLines(this.page.inputPath, source, blocked) : [];
      if (lines.length) problems.set(this.page.inputPath, lines);
      else problems.delete(this.page.inputPath);
      return policyMetaTag(needs);
    },
  );

  // After the site's stylesheet: `{% pageAssets %}`, the page's own stylesheets and scripts.
  eleventyConfig.addShortcode("pageAssets", function (this: ShortcodeThis): string {
    return headTags(pages.of(this.page.url));
  });

  eleventyConfig.on("eleventy.after", () => {
    const lines = [...problems.values()].flat();
    if (!lines.length) return;
    const title = "Content the page's Content-Security-Policy would block (the browser would not show it)";
    // `npm start` keeps serving so the author can see and fix it; a build never publishes it.
    if (isPreview()) console.warn(`[csp] ${title}:\n${lines.map((line) => `  ${line}`).join("\n")}`);
    else throw new BuildProblemsError(title, lines);
  });
}
