// Jekyll's Liquid tags that posts use: {% post_url 2018-10-31-slug %} and {% link posts/file.md %}.
// ({% highlight lang %} comes from the syntax-highlight plugin.) Both resolve against the built
// pages, so a link always matches the URL the target really got, custom permalinks included.
import type { UserConfig } from "@11ty/eleventy";
import path from "node:path";

interface TagToken {
  args: string;
}
interface LiquidContext {
  environments: { collections?: { all?: Array<{ inputPath: string; url: string | false }> } };
}

function allPages(ctx: LiquidContext): Array<{ inputPath: string; url: string | false }> {
  return ctx.environments.collections?.all ?? [];
}

function normaliseInputPath(inputPath: string): string {
  return path.posix.normalize(inputPath.replace(/\\/g, "/")).replace(/^(\.\/)+/, "");
}

export function findPostUrl(
  pages: Array<{ inputPath: string; url: string | false }>,
  name: string,
): string | undefined {
  const wanted = name.trim().replace(/\.(md|markdown|html)$/, "");
  const match = pages.find(
    (page) => path.posix.basename(normaliseInputPath(page.inputPath)).replace(/\.[^.]+$/, "") === wanted,
  );
  return match && match.url !== false ? match.url : undefined;
}

export function findLinkUrl(
  pages: Array<{ inputPath: string; url: string | false }>,
  target: string,
): string | undefined {
  const wanted = normaliseInputPath(target.trim().replace(/^\//, ""));
  const match = pages.find((page) => normaliseInputPath(page.inputPath) === wanted);
  return match && match.url !== false ? match.url : undefined;
}

function jekyllTag(
  tagName: string,
  resolve: (pages: Array<{ inputPath: string; url: string | false }>, arg: string) => string | undefined,
  hint: string,
) {
  return () => ({
    parse(this: { arg: string }, token: TagToken) {
      this.arg = token.args.trim().replace(/^["']|["']$/g, "");
    },
    render(this: { arg: string }, ctx: LiquidContext) {
      const url = resolve(allPages(ctx), this.arg);
      if (url === undefined) {
        throw new Error(`{% ${tagName} ${this.arg} %}: no published page matches. ${hint}`);
      }
      return url;
    },
  });
}

export default function jekyllLiquid(eleventyConfig: UserConfig): void {
  eleventyConfig.addLiquidTag(
    "post_url",
    jekyllTag(
      "post_url",
      findPostUrl,
      "Write the post's file name without extension, e.g. {% post_url 2018-10-31-my-post %}.",
    ),
  );
  eleventyConfig.addLiquidTag(
    "link",
    jekyllTag(
      "link",
      findLinkUrl,
      "Write the path from the project root, e.g. {% link posts/2018-10-31-my-post.md %}.",
    ),
  );
}
