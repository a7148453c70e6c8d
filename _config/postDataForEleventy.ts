// What a post's front matter becomes before Eleventy sees it (postValidation.ts parses each post once and hands
// this over through jekyllFrontMatter.ts's parsed-ahead store):
// - Jekyll's front-matter `defaults:` of _config.yml, under the post's own keys;
// - `tags` moved to `jekyllTags`: Eleventy reads every `tags` value as the name of a collection to build, sorting
//   every page of the site once per distinct tag (1.3–2 s a build with 400 tags over 4,000 posts). Pages other
//   than posts keep Eleventy's own `tags`, which make collections;
// - `permalink` moved to `jekyllPermalink`, so posts.11tydata.ts builds it with Jekyll's placeholders;
// - a missing title made from the file name, and a layout we do not have replaced by ours (both warned about in
//   frontMatterSchema.ts), as Jekyll would still build the post.
import { offsetOfWallClock, parseJekyllDate } from "./jekyllDate.ts";
import type { ParsedFrontMatter } from "./jekyllFrontMatter.ts";
import { postTags } from "./jekyllPermalink.ts";
import { LAYOUTS } from "./layouts.ts";
import type { FrontMatterDefault } from "./siteSettings.ts";

/** Jekyll's `Utils.titleize_slug`: "why-gpu-matters" → "Why Gpu Matters" (Ruby's capitalize lowers the rest). */
export function titleizeSlug(slug: string): string {
  return slug
    .split("-")
    .map((word) => (word ? word[0]!.toUpperCase() + word.slice(1).toLowerCase() : word))
    .join(" ");
}

/** The `YYYY-MM-DD` a post's file name starts with, if any. */
export function fileNameDate(file: string): string | undefined {
  return /^(\d{4}-\d{2}-\d{2})-/.exec(file.split("/").pop() ?? "")?.[1];
}

/** The file name's slug as Jekyll reads it: without the date prefix and the extension. */
export function fileSlug(file: string): string {
  const name = file.split("/").pop() ?? file;
  return name
    .replace(/^\d{2,4}-\d{1,2}-\d{1,2}-/, "")
    .replace(/\.[^.]+$/, "")
    .replace(/\.+$/, "");
}

/** Our folders for Jekyll's: `_posts` → `posts`, `_drafts` → `drafts` (an imported _config.yml names Jekyll's). */
function ourPath(scopePath: string): string {
  return scopePath
    .replace(/^\.?\/?/, "")
    .replace(/^_posts(?=\/|$)/, "posts")
    .replace(/^_drafts(?=\/|$)/, "drafts")
    .replace(/\/+$/, "");
}

function scopeMatches(scope: FrontMatterDefault["scope"], file: string): boolean {
  const isDraft = file.startsWith("drafts/");
  if (scope.type && !(scope.type === "posts" || (scope.type === "drafts" && isDraft))) return false;
  const scopePath = ourPath(scope.path ?? "");
  if (!scopePath) return true;
  if (scopePath.includes("*")) {
    const pattern = new RegExp(
      `^${scopePath
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*")}(?:/|$)`,
    );
    return pattern.test(file);
  }
  return file === scopePath || file.startsWith(`${scopePath}/`);
}

/**
 * Jekyll's front-matter defaults for a post: every matching scope, the more specific (longer path, then with a
 * type) over the less, and the post's own keys over all. https://jekyllrb.com/docs/configuration/front-matter-defaults/
 */
export function withDefaults(
  data: ParsedFrontMatter,
  file: string,
  defaults: readonly FrontMatterDefault[],
): ParsedFrontMatter {
  const matching = defaults
    .filter(({ scope }) => scopeMatches(scope, file))
    .sort(
      (a, b) =>
        ourPath(a.scope.path ?? "").length - ourPath(b.scope.path ?? "").length ||
        Number(Boolean(a.scope.type)) - Number(Boolean(b.scope.type)),
    );
  if (!matching.length) return data;
  const merged: ParsedFrontMatter = {};
  for (const { values } of matching) Object.assign(merged, structuredClone(values));
  Object.assign(merged, data);
  Object.defineProperty(merged, "frontMatterLines", { value: data.frontMatterLines, enumerable: true });
  return merged;
}

/** A post's front matter as Eleventy gets it: a fresh copy (Eleventy may change what it is given). */
export function postFrontMatterForEleventy(
  data: ParsedFrontMatter,
  file: string,
  { timezone = null }: { timezone?: string | null } = {},
): ParsedFrontMatter {
  const copy: ParsedFrontMatter = {};
  for (const [key, value] of Object.entries(data)) copy[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  if ("tags" in copy) {
    copy.jekyllTags = postTags({ tags: copy.tags });
    delete copy.tags;
  }
  if (typeof copy.permalink === "string") {
    copy.jekyllPermalink = copy.permalink;
    delete copy.permalink;
  }
  if (copy.title === undefined || copy.title === null) copy.title = titleizeSlug(fileSlug(file));
  // Dated by its file name, a post starts at that day's midnight in the site's zone (Jekyll's parse_date).
  const fileDate = fileNameDate(file);
  if (!("date" in copy) && fileDate && timezone) {
    const wallClock = parseJekyllDate(fileDate)?.wallClock;
    if (wallClock) {
      copy.date = wallClock;
      copy.dateOffset = offsetOfWallClock(wallClock, timezone);
    }
  }
  if (typeof copy.layout === "string" && !(copy.layout in LAYOUTS)) {
    copy.jekyllLayout = copy.layout;
    copy.layout = "post";
  }
  return copy;
}
