// Each page's Content-Security-Policy as a <meta http-equiv>, for hosts that ignore `_headers`.
// It must equal the page's `_headers` policy: a browser enforces both, so a stricter meta would break demos.
import type { UserConfig } from "@11ty/eleventy";
import { contentSecurityPolicy } from "./contentSecurityPolicy.ts";

/** The policy for a rendered page, read from the demo placeholders (`data-demo="name"`) it contains. */
export function pageContentSecurityPolicy(html: string): string {
  return contentSecurityPolicy({ demos: html.includes('data-demo="'), comments: html.includes('data-demo="giscus-comments"') });
}

export default function contentSecurityPolicyMeta(eleventyConfig: UserConfig): void {
  eleventyConfig.addFilter("pageContentSecurityPolicy", (html: unknown) => pageContentSecurityPolicy(String(html ?? "")));
}
