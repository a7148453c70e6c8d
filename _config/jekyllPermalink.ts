// Jekyll's default `date` permalink: /:categories/:year/:month/:day/:title.html
// https://jekyllrb.com/docs/permalinks/#builtinformats

export interface PermalinkInput {
  categories: readonly string[];
  /** Wall-clock date of the post (read with UTC getters). */
  date: Date;
  /** The file name without its YYYY-MM-DD- prefix and extension. */
  slug: string;
}

export function jekyllPermalink({ categories, date, slug }: PermalinkInput): string {
  const year = String(date.getUTCFullYear());
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  const segments = [...categories.map((category) => category.toLowerCase()), year, month, day];
  return `/${segments.join("/")}/${slug}.html`;
}

/** Jekyll merges `category` and `categories`; both may be a list or a space-separated string. */
export function postCategories(data: { categories?: unknown; category?: unknown }): string[] {
  const all = [data.categories, data.category].flatMap((value) =>
    Array.isArray(value) ? value : typeof value === "string" ? value.split(/\s+/) : [],
  );
  return [...new Set(all.filter((value): value is string => typeof value === "string" && value !== ""))];
}

/** Tags as a clean list, whatever form the front matter used (a post's are under `jekyllTags`: jekyllTags.ts). */
export function postTags(data: { tags?: unknown; jekyllTags?: unknown }): string[] {
  const tags = data.jekyllTags ?? data.tags;
  const list = Array.isArray(tags) ? tags : typeof tags === "string" ? tags.split(/\s+/) : [];
  return [...new Set(list.filter((tag): tag is string => typeof tag === "string" && tag !== ""))];
}
