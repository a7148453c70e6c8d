// test/fixtures/seo/: one small blog that exercises jekyll-seo-tag, jekyll-feed and jekyll-redirect-from, built
// by this project (a shared fixture: fixtures.ts) and, where installed, by Jekyll itself (jekyllSite.ts).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./site.ts";

export const SEO_FIXTURE = path.join(repoRoot, "test/fixtures/seo");

/** The fixture's site files (settings, data, pages) as `buildFixtureSite`'s `files`. */
export function seoFixtureFiles(): Record<string, string> {
  const files: Record<string, string> = { "_config.yml": readFileSync(path.join(SEO_FIXTURE, "_config.yml"), "utf8") };
  for (const folder of ["_data", "pages"]) {
    for (const name of readdirSync(path.join(SEO_FIXTURE, folder)))
      files[`${folder}/${name}`] = readFileSync(path.join(SEO_FIXTURE, folder, name), "utf8");
  }
  return files;
}
