// The reference: a fixture site built by Jekyll 4.3 itself with jekyll-seo-tag, jekyll-feed and jekyll-redirect-from
// (Debian: apt-get install jekyll ruby-jekyll-feed ruby-jekyll-seo-tag ruby-jekyll-redirect-from). Tests that compare
// with it skip, saying so, where `jekyll` is not installed.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const jekyllInstalled = spawnSync("jekyll", ["--version"], { encoding: "utf8" }).status === 0;
export const JEKYLL_MISSING =
  "jekyll is not installed (apt-get install jekyll ruby-jekyll-feed ruby-jekyll-seo-tag ruby-jekyll-redirect-from)";

// Jekyll's layouts for the fixture: the page body and jekyll-seo-tag's `{% seo %}`, nothing else.
const LAYOUTS = {
  "default.html": "<!doctype html><html><head>{% seo %}</head><body>{{ content }}</body></html>\n",
  "post.html": "---\nlayout: default\n---\n{{ content }}\n",
  "page.html": "---\nlayout: default\n---\n{{ content }}\n",
};

/**
 * Builds a fixture folder laid out as ours (`_config.yml`, `_data/`, `posts/`, `pages/`) with Jekyll: posts go
 * to `_posts/`, pages to the root. Returns the built `_site` folder.
 */
export function buildWithJekyll(fixture: string): string {
  const source = mkdtempSync(path.join(tmpdir(), "jekyll-src-"));
  const output = path.join(source, "_site");
  cpSync(path.join(fixture, "_config.yml"), path.join(source, "_config.yml"));
  if (existsSync(path.join(fixture, "_data")))
    cpSync(path.join(fixture, "_data"), path.join(source, "_data"), { recursive: true });
  if (existsSync(path.join(fixture, "posts")))
    cpSync(path.join(fixture, "posts"), path.join(source, "_posts"), { recursive: true });
  for (const name of existsSync(path.join(fixture, "pages")) ? readdirSync(path.join(fixture, "pages")) : []) {
    cpSync(path.join(fixture, "pages", name), path.join(source, name));
  }
  mkdirSync(path.join(source, "_layouts"));
  for (const [name, text] of Object.entries(LAYOUTS)) writeFileSync(path.join(source, "_layouts", name), text);
  // Our home page lists posts; Jekyll's needs only to exist, for its <head>.
  writeFileSync(path.join(source, "index.html"), "---\nlayout: default\n---\n");
  const result = spawnSync("jekyll", ["build", "--quiet", "-s", source, "-d", output], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`jekyll build failed:\n${result.stdout}\n${result.stderr}`);
  return output;
}
