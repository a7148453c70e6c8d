// Defaults for every post, as Jekyll's `_posts` gives them: the post layout and Jekyll's permalink (the site's
// `permalink:` style or template, or the post's own, moved to `jekyllPermalink` by postDataForEleventy.ts).
import { jekyllPermalink, permalinkTemplate, postCategories } from "../_config/jekyllPermalink.ts";
import { isPublished } from "../_config/publishing.ts";

interface PostData {
  categories?: unknown;
  category?: unknown;
  published?: unknown;
  slug?: unknown;
  jekyllPermalink?: unknown;
  dateOffset?: string | null;
  site: { permalink: string; timezone: string | null };
  page: { date: Date; fileSlug: string };
}

export default {
  layout: "post",
  isPost: true,
  permalink(data: PostData): string | false {
    if (!isPublished(data)) return false;
    const template = typeof data.jekyllPermalink === "string" ? data.jekyllPermalink : permalinkTemplate(data.site.permalink);
    const slug = typeof data.slug === "string" ? data.slug : data.page.fileSlug;
    return jekyllPermalink(template, { categories: postCategories(data), date: data.page.date, slug });
  },
};
