// What of a Jekyll site's `_config.yml` and Gemfile this project does not act on: the file itself is carried as it
// is (it is this project's settings format), so this only explains which keys and plugins have no effect here.
// https://jekyllrb.com/docs/configuration/options/  https://jekyllrb.com/docs/plugins/installation/
import type { LeftBehind } from "./jekyllSiteFiles.ts";

/** Plugins whose behaviour this project builds in (README, "Coming from Jekyll"). */
export const BUILT_IN_PLUGINS = [
  "jekyll-feed",
  "jekyll-seo-tag",
  "jekyll-redirect-from",
  "jekyll-paginate",
  "jekyll-sitemap",
];

const MARKDOWN = "Markdown is rendered by markdown-it with kramdown's features built in; this setting is not read";
const BUILD = "a Jekyll build option with no counterpart here";
/** `_config.yml` keys with no effect on this build, and why. */
const KEYS_WITHOUT_EFFECT: Record<string, string> = {
  theme: "themes are not used: this project's layouts, partials and stylesheet make the site's look",
  remote_theme: "themes are not used: this project's layouts, partials and stylesheet make the site's look",
  sass: "Sass is not compiled here: the site's stylesheet is public/css/site.css",
  collections: "collections are not built here",
  collections_dir: "collections are not built here",
  markdown: MARKDOWN,
  kramdown: MARKDOWN,
  highlighter: "code is highlighted with Prism at build time; this setting is not read",
  markdown_ext: "posts and pages are read as Markdown by their extension (.md .markdown .mkdown .mkdn .mkd)",
  source: BUILD,
  destination: "the site is built into _site/ (npm run build -- --output DIR to change it)",
  layouts_dir: BUILD,
  data_dir: BUILD,
  includes_dir: BUILD,
  plugins_dir: BUILD,
  safe: BUILD,
  incremental: "npm start rebuilds incrementally",
  future: "future posts are left out of npm run build and shown by npm start",
  unpublished: "unpublished posts are left out of npm run build and shown by npm start",
  show_drafts: "drafts are shown by npm start only",
  limit_posts: BUILD,
  keep_files: BUILD,
  lsi: BUILD,
  liquid: BUILD,
  strict_front_matter: "front matter is always checked strictly: a problem fails the build with file:line",
  encoding: "files are read as UTF-8",
  host: "npm start serves at localhost:8080",
  port: "npm start serves at localhost:8080",
  livereload: "npm start always reloads",
  webrick: BUILD,
};

/** The gem names a Gemfile loads in its `:jekyll_plugins` group or that are named like Jekyll plugins. */
export function gemfilePlugins(gemfile: string): string[] {
  const plugins: string[] = [];
  let inPluginGroup = false;
  for (const line of gemfile.split(/\r?\n/)) {
    if (/^\s*group\b.*:jekyll_plugins\b.*\bdo\b/.test(line)) inPluginGroup = true;
    else if (/^\s*end\b/.test(line)) inPluginGroup = false;
    const gem = /^\s*gem\s+["']([^"']+)["']/.exec(line)?.[1];
    if (gem && gem !== "jekyll" && (inPluginGroup || /^jekyll-|^jemoji$/.test(gem))) plugins.push(gem);
  }
  return plugins;
}

/** Why each key, plugin and theme of a Jekyll site's configuration has no effect here. */
export function jekyllConfigReport(config: Record<string, unknown>, gemfile: string | null): LeftBehind[] {
  const notes: LeftBehind[] = [];
  for (const [key, reason] of Object.entries(KEYS_WITHOUT_EFFECT)) {
    if (key in config) notes.push({ what: `_config.yml: ${key}`, reason });
  }
  const paginatePath = config.paginate_path;
  if (typeof paginatePath === "string" && paginatePath.replace(/\/$/, "") !== "/page:num") {
    notes.push({
      what: "_config.yml: paginate_path",
      reason: "home pages are always at /page2/, /page3/, … (jekyll-paginate's default)",
    });
  }
  const listed = [config.plugins, config.gems].flatMap((value) =>
    Array.isArray(value) ? value.filter((name): name is string => typeof name === "string") : [],
  );
  const theme = [config.theme, config.remote_theme].filter((name): name is string => typeof name === "string");
  const plugins = [...new Set([...listed, ...(gemfile ? gemfilePlugins(gemfile) : [])])].filter(
    (name) => !theme.includes(name),
  );
  for (const plugin of plugins) {
    if (BUILT_IN_PLUGINS.includes(plugin)) continue;
    const reason =
      plugin === "github-pages"
        ? "GitHub Pages' bundle of gems: of its plugins, only those built in here work"
        : "a plugin this project does not build in: its tags and pages are not made";
    notes.push({ what: `plugin ${plugin}`, reason });
  }
  return notes;
}
