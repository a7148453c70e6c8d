// Facts several test files share, each defined once: the seed post's URL, the byte budgets, and the fixture sites
// that more than one test file reads (built once per run: sharedSites.ts).
import type { makeFixtureSite } from "../../tools/siteBuilds.ts";
import { commentsFixture } from "./commentsSite.ts";
import { seoFixtureFiles } from "./seoFixture.ts";

export type Fixture = Parameters<typeof makeFixtureSite>[0];

/** The repo's first post (posts/2018-10-31-…), at its Jekyll URL. */
export const SEED_POST_URL = "/stories/2018/10/31/why-gpu-is-important-for-training-deeplearning-models.html";

const KB = 1024;
/** A demo page's bytes before the demo is near view, gzipped (issue 6). */
export const DEMO_PAGE_INITIAL_BUDGET = 10 * KB;

/** test/fixtures/demo-site: small demos (counter, sparkline, a failing one, a worker) and the posts that place them. */
export const DEMO_FIXTURE: Fixture = {
  posts: "test/fixtures/demo-site/posts",
  demos: "test/fixtures/demo-site/demos",
  keepRepoDemos: [],
};

/** Fixture sites read by more than one test file, by name. */
export const SHARED_FIXTURES = {
  demo: DEMO_FIXTURE,
  /** The demo fixture with giscus comments on, and a post per other page need (commentsSite.ts). */
  comments: commentsFixture(),
  /** Posts whose front matter tries to inject markup and script (test/fixtures/hostile). */
  hostile: { posts: "test/fixtures/hostile" },
  /** A post with every kramdown feature, and a plain one (test/fixtures/markdown-site). */
  markdown: { posts: "test/fixtures/markdown-site/posts" },
  /** The jekyll-seo-tag / jekyll-feed / jekyll-redirect-from blog (test/fixtures/seo). */
  seo: { posts: "test/fixtures/seo/posts", files: seoFixtureFiles() },
  /** Jekyll-style posts and drafts (test/fixtures/jekyll), and a page listing Eleventy's collections. */
  jekyll: {
    // blogEngine checks the card a post gets when it names no image.
    socialCards: true,
    posts: "test/fixtures/jekyll/posts",
    drafts: "test/fixtures/jekyll/drafts",
    files: {
      "pages/collection-names.njk":
        "---\npermalink: /collection-names.txt\neleventyExcludeFromCollections: true\n---\n{% for name, items in collections %}{{ name }}\n{% endfor %}",
    },
  },
} satisfies Record<string, Fixture>;

export type SharedFixtureName = keyof typeof SHARED_FIXTURES;
