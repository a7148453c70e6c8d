// A fixture site with a comments provider: the demo fixture's posts (a demo, a plain post) plus one post per other
// kind of page need (comments, a cross-origin-isolated demo with comments, a video), from test/fixtures/comments-site.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { repoRoot, type makeFixtureSite } from "./site.ts";

export const COMMENTED_POST = "/notes/2024/03/01/commented.html";
export const DEMO_AND_COMMENTS_POST = "/notes/2024/03/02/demo-and-comments.html";
export const VIDEO_POST = "/notes/2024/03/03/video.html";
export const DEMO_POST = "/notes/2024/01/02/sparkline-demo.html";
export const PLAIN_POST = "/notes/2024/01/03/plain.html";
export const GISCUS = { repo: "owner/blog", repoId: "R_1", category: "Comments", categoryId: "DIC_1" };

export function commentsFixture(): Parameters<typeof makeFixtureSite>[0] {
  const posts = path.join(repoRoot, "test/fixtures/comments-site/posts");
  const files: Record<string, string> = {
    "_config.yml": `${readFileSync(path.join(repoRoot, "_config.yml"), "utf8")}
comments: { provider: giscus, repo: ${GISCUS.repo}, repoId: ${GISCUS.repoId}, category: ${GISCUS.category}, categoryId: ${GISCUS.categoryId} }
`,
  };
  for (const name of readdirSync(posts)) files[`posts/${name}`] = readFileSync(path.join(posts, name), "utf8");
  return {
    posts: "test/fixtures/demo-site/posts",
    demos: "test/fixtures/demo-site/demos",
    keepRepoDemos: [],
    files,
  };
}
