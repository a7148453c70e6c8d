// Comments under posts (giscus: GitHub Discussions in a frame). `{% comments %}` in the comments partial writes the
// section and records the page's needs: its client script and the provider's frame in the page's CSP. The client
// (demos/_comments/index.ts) builds giscus's frame itself when the reader nears the section, so no third-party
// script runs in the page, and on a cross-origin-isolated page it makes the frame credentialless (README, "Comments").
import type { ShortcodeThis, UserConfig } from "@11ty/eleventy";
import * as esbuild from "esbuild";
import path from "node:path";
import { formatEsbuildMessages } from "./demos/demoBundler.ts";
import { escapeHtml } from "./demos/demoMarkup.ts";
import type { PageNeedsStore } from "./pageNeeds.ts";
import type { CommentsConfig } from "./siteSettings.ts";

export const COMMENTS_ASSETS_DIR = "assets/comments";
const CLIENT_ENTRY = "demos/_comments/index.ts";
const REQUIRED = ["repo", "repoId", "category", "categoryId"] as const;
const MAPPINGS = ["pathname", "url", "title", "og:title"];

export interface CommentsOptions {
  /** `_config.yml`'s `comments:`; null shows no comments and bundles nothing. */
  comments: CommentsConfig | null;
  pages: PageNeedsStore;
}

/** Refuses settings giscus could not use, naming the key in `_config.yml`. */
export function checkCommentsConfig(config: CommentsConfig): void {
  const problems: string[] = [];
  if (config.provider !== "giscus")
    problems.push(`provider: only "giscus" is supported, got ${JSON.stringify(config.provider)}`);
  for (const key of REQUIRED)
    if (typeof config[key] !== "string" || !config[key])
      problems.push(`${key}: required (giscus.app shows the value for your repository)`);
  if (typeof config.repo === "string" && !/^[\w.-]+\/[\w.-]+$/.test(config.repo))
    problems.push(`repo: expected owner/name, got "${config.repo}"`);
  if (config.mapping !== undefined && !MAPPINGS.includes(config.mapping))
    problems.push(`mapping: one of ${MAPPINGS.join(", ")}, got ${JSON.stringify(config.mapping)}`);
  if (problems.length) throw new Error(`_config.yml: comments: ${problems.join("; ")}`);
}

/** The section: a heading, the place the thread goes, and what a reader without JavaScript can do instead. */
export function commentsSection(config: CommentsConfig): string {
  const discussions = `https://github.com/${config.repo}/discussions`;
  const data = {
    "data-comments": "giscus",
    "data-repo": config.repo,
    "data-repo-id": config.repoId,
    "data-category": config.category,
    "data-category-id": config.categoryId,
    "data-mapping": config.mapping ?? "pathname",
    "data-discussions": discussions,
  };
  const attributes = Object.entries(data)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join("");
  return [
    `<section class="comments" id="comments" aria-labelledby="comments-title"${attributes}>`,
    `<h2 id="comments-title">Comments</h2>`,
    `<p class="comments-status" data-comments-status hidden></p>`,
    `<noscript><p class="comments-status">Comments are shown with JavaScript, which is off in this browser. ` +
      `Read them and join in on <a href="${escapeHtml(discussions)}">GitHub Discussions</a>.</p></noscript>`,
    `</section>`,
  ].join("\n");
}

export default function comments(eleventyConfig: UserConfig, options: CommentsOptions): void {
  const config = options.comments;
  if (config) checkCommentsConfig(config);
  let client: string | undefined;

  eleventyConfig.on(
    "eleventy.before",
    async ({ directories, runMode }: { directories: { output: string }; runMode: string }) => {
      if (!config) return;
      const outdir = path.join(path.resolve(directories.output), COMMENTS_ASSETS_DIR);
      const result = await esbuild
        .build({
          absWorkingDir: process.cwd(),
          entryPoints: { comments: CLIENT_ENTRY },
          outdir,
          entryNames: runMode === "build" ? "[name]-[hash]" : "[name]",
          bundle: true,
          format: "esm",
          platform: "browser",
          target: "es2022",
          minify: true,
          metafile: true,
          logLevel: "silent",
        })
        .catch((error: unknown) => {
          const messages = (error as Partial<esbuild.BuildFailure>).errors;
          if (!Array.isArray(messages)) throw error;
          throw new Error(`Comments client failed to bundle:\n${formatEsbuildMessages(messages)}`);
        });
      const file = Object.keys(result.metafile.outputs).find((output) => output.endsWith(".js"));
      client = file && `/${COMMENTS_ASSETS_DIR}/${path.basename(file)}`;
    },
  );

  eleventyConfig.addShortcode("comments", function (this: ShortcodeThis): string {
    if (!config || !client) return "";
    const needs = options.pages.of(this.page.url);
    needs.comments = true;
    needs.scripts.add(client);
    return commentsSection(config);
  });
}
