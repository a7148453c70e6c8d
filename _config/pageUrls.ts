// Every page's URL is a valid URL: characters a URL path may not hold (a category like `"><img …>` or
// `]]>` becomes a path segment, as in Jekyll) are %-encoded in `page.url`; the file keeps its real name.
// https://www.11ty.dev/docs/permalinks/#url-transforms — https://url.spec.whatwg.org/#path-percent-encode-set
import type { UserConfig } from "@11ty/eleventy";

// Spaces, controls and the characters that end or break a path; `&` too, which feeds would otherwise escape twice.
// eslint-disable-next-line no-control-regex -- control characters are among those a path must %-encode.
const NOT_IN_A_PATH = /[\x00-\x20"#<>?[\\\]^`{|}&\x7f]|%(?![0-9A-Fa-f]{2})/g;

export function encodePagePath(url: string): string {
  return url.replace(NOT_IN_A_PATH, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

export default function pageUrls(eleventyConfig: UserConfig): void {
  (
    eleventyConfig as unknown as { addUrlTransform(transform: (page: { url: string }) => string): void }
  ).addUrlTransform(({ url }) => encodePagePath(url));
}
