// A post's `tags` are Jekyll tags: labels listed on the post and gathered on tag pages (`collections.tagPages`).
// Eleventy reads every `tags` value as the name of a collection to build, sorting every page of the site once
// per distinct tag: with 400 tags over 4,000 posts that cost 1.3–2 s of each build. So a post's tags reach
// Eleventy as `jekyllTags` (a clean list; see postValidation.ts, which hands Eleventy each post's front
// matter). Pages other than posts keep Eleventy's own `tags`, which make collections.
import { postTags } from "./jekyllPermalink.ts";
import type { ParsedFrontMatter } from "./jekyllFrontMatter.ts";

/** A post's front matter as Eleventy gets it: a fresh copy (Eleventy may change what it is given), tags moved. */
export function postFrontMatterForEleventy(data: ParsedFrontMatter): ParsedFrontMatter {
  const copy: ParsedFrontMatter = {};
  for (const [key, value] of Object.entries(data)) copy[key] = Array.isArray(value) ? [...value] : value;
  if ("tags" in copy) {
    copy.jekyllTags = postTags({ tags: copy.tags });
    delete copy.tags;
  }
  return copy;
}
