// Each page's Content-Security-Policy, decided once from its content: as a <meta http-equiv> (for hosts that ignore
// `_headers`), recorded for `_headers` (a browser enforces both, so they must be equal), and checked: content the
// policy would block (a remote image, a YouTube iframe, a gist script, `style="…"`) fails the build with file:line
// and the fix. `_config.yml`'s `csp:` allows named origins; a page's policy lists only those its content uses.
import type { ShortcodeThis, UserConfig } from "@11ty/eleventy";
import { existsSync, readFileSync } from "node:fs";
import { BuildProblemsError } from "./buildErrors.ts";
import { locateInSource, remoteFix, scanContent, type RemoteResource } from "./contentPolicyCheck.ts";
import { ALLOWANCE_DIRECTIVES, contentSecurityPolicy } from "./contentSecurityPolicy.ts";
import { isPreview } from "./publishing.ts";
import type { CspAllowances } from "./siteSettings.ts";
import { embedsYoutube } from "./youtube.ts";

export interface BlockedContent {
  what: string;
  needle: string;
  fix: string;
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

/** A page's policy, from its rendered content, and what in that content the policy blocks. */
export function pagePolicy(
  html: string,
  allowances: CspAllowances = {},
): { policy: string; blocked: BlockedContent[] } {
  const { remote, inline } = scanContent(html);
  const used: CspAllowances = {};
  for (const resource of remote) {
    // `https://i.imgur.com/` in _config.yml names the same origin as `https://i.imgur.com`.
    if (!allowances[resource.key]?.some((origin) => origin.replace(/\/+$/, "").toLowerCase() === resource.origin))
      continue;
    const list = (used[resource.key] ??= []);
    if (!list.includes(resource.origin)) list.push(resource.origin);
  }
  const policy = contentSecurityPolicy(
    {
      demos: html.includes('data-demo="'),
      comments: html.includes('data-demo="giscus-comments"'),
      youtube: embedsYoutube(html),
    },
    used,
  );
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

/** The policy for a rendered page (the test suite reads it for whole built pages). */
export function pageContentSecurityPolicy(html: string, allowances: CspAllowances = {}): string {
  return pagePolicy(html, allowances).policy;
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

/** Page URL → policy, per Eleventy configuration (one build at a time); read by the `_headers` writer. */
const recorded = new WeakMap<object, Map<string, string>>();

/** The policy each page of the current build got, by `page.url`. */
export function recordedPagePolicies(eleventyConfig: object): ReadonlyMap<string, string> {
  return recorded.get(eleventyConfig) ?? new Map();
}

export default function contentSecurityPolicyMeta(
  eleventyConfig: UserConfig,
  options: { csp?: CspAllowances } = {},
): void {
  const allowances = options.csp ?? {};
  const policies = new Map<string, string>();
  const problems = new Map<string, string[]>();
  recorded.set(eleventyConfig, policies);
  eleventyConfig.on("eleventy.before", () => {
    policies.clear();
    problems.clear();
  });
  eleventyConfig.addFilter("pageContentSecurityPolicy", function (this: ShortcodeThis, html: unknown) {
    const { policy, blocked } = pagePolicy(String(html ?? ""), allowances);
    const page = this?.page;
    if (page) {
      policies.set(page.url, policy);
      const source = blocked.length && existsSync(page.inputPath) ? readFileSync(page.inputPath, "utf8") : "";
      const lines = blocked.length ? blockedContentLines(page.inputPath, source, blocked) : [];
      if (lines.length) problems.set(page.inputPath, lines);
      else problems.delete(page.inputPath);
    }
    return policy;
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
