// Jekyll's `page` and `site` in Liquid. Eleventy owns `page` (its own page object) and `site` is our settings,
// so each Liquid render gets both replaced by Jekyll's views (jekyllDrops.ts), which still answer every key
// of Eleventy's `page` and of the settings. Only Liquid renders see them; Nunjucks layouts keep Eleventy's.
import type { CollectionItem, UserConfig } from "@11ty/eleventy";
import { existsSync, readdirSync } from "node:fs";
import { markdownOf } from "./markdownOf.ts";
import { BuildLists, JekyllDocument, JekyllSite, type DropSettings, type EleventyPage } from "./jekyllDrops.ts";

export interface JekyllVariablesOptions extends Omit<DropSettings, "markdown"> {
  /** The global data folder (`_data`): its YAML, JSON and CSV files are `site.data`. */
  dataDir: string;
}

/** The top-level names `_data` gives Jekyll's `site.data` (files by base name, folders by name). */
export function dataNames(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() || /\.(ya?ml|json|csv|tsv)$/i.test(entry.name))
    .map((entry) => (entry.isDirectory() ? entry.name : entry.name.replace(/\.[^.]+$/, "")));
}

interface LiquidLike {
  render(template: unknown, scope?: object, renderOptions?: object): Promise<unknown>;
}

export default function jekyllVariables(eleventyConfig: UserConfig, settings: JekyllVariablesOptions): void {
  const options: DropSettings & JekyllVariablesOptions = { ...settings, markdown: markdownOf(eleventyConfig) };
  let names = dataNames(options.dataDir);
  eleventyConfig.on("eleventy.before", () => {
    names = dataNames(options.dataDir);
  });
  // One BuildLists per build: Eleventy hands every template of a build the same collections object.
  const listsOfBuild = new WeakMap<object, BuildLists>();

  function jekyllScope(scope: Record<string, unknown>): Record<string, unknown> {
    if (scope.page instanceof JekyllDocument || !scope.page || typeof scope.page !== "object") return scope;
    const collections = scope.collections as { posts?: CollectionItem[]; all?: CollectionItem[] } | undefined;
    let lists: BuildLists | undefined;
    if (collections && typeof collections === "object") {
      lists = listsOfBuild.get(collections);
      if (!lists) listsOfBuild.set(collections, (lists = new BuildLists(collections, options)));
    }
    const config = (scope.site ?? {}) as Record<string, unknown>;
    const readData = () => Object.fromEntries(names.map((name) => [name, scope[name]]));
    const page = new JekyllDocument(scope, scope.page as EleventyPage, options, lists);
    return { ...scope, page, site: new JekyllSite(config, lists, readData, page) };
  }

  eleventyConfig.amendLibrary("liquid", (liquid: LiquidLike) => {
    const render = liquid.render.bind(liquid);
    liquid.render = (template, scope, renderOptions) =>
      render(
        template,
        scope && typeof scope === "object" ? jekyllScope(scope as Record<string, unknown>) : scope,
        renderOptions,
      );
  });
}
