// Wiring only: each concern is a plugin in _config/. Run under tsx (see package.json scripts).
import type { UserConfig } from "@11ty/eleventy";
import syntaxHighlight from "@11ty/eleventy-plugin-syntaxhighlight";
import site from "./_data/site.ts";
import basePath from "./_config/basePath.ts";
import contentSecurityPolicyMeta from "./_config/contentSecurityPolicyMeta.ts";
import dataFiles from "./_config/dataFiles.ts";
import demos from "./_config/demos.ts";
import devErrorOverlay from "./_config/devErrorOverlay.ts";
import devServer from "./_config/devServer.ts";
import feeds from "./_config/feeds.ts";
import filters from "./_config/filters.ts";
import images from "./_config/images.ts";
import jekyllFrontMatter from "./_config/jekyllFrontMatter.ts";
import jekyllLiquid from "./_config/jekyllLiquid.ts";
import layouts from "./_config/layouts.ts";
import markdown from "./_config/markdown.ts";
import pageUrls from "./_config/pageUrls.ts";
import postValidation from "./_config/postValidation.ts";
import readingAids from "./_config/readingAids.ts";
import siteFiles from "./_config/siteFiles.ts";
import siteStylesheet from "./_config/siteStylesheet.ts";
import socialCards from "./_config/socialCards.ts";
import taxonomies from "./_config/taxonomies.ts";

export default function (eleventyConfig: UserConfig) {
  eleventyConfig.addPlugin(siteFiles);
  eleventyConfig.addPlugin(dataFiles);
  eleventyConfig.addPlugin(siteStylesheet);
  eleventyConfig.addPlugin(jekyllFrontMatter);
  eleventyConfig.addPlugin(postValidation);
  eleventyConfig.addPlugin(pageUrls);
  eleventyConfig.addPlugin(markdown);
  eleventyConfig.addPlugin(syntaxHighlight);
  eleventyConfig.addPlugin(jekyllLiquid);
  eleventyConfig.addPlugin(layouts);
  eleventyConfig.addPlugin(filters);
  eleventyConfig.addPlugin(readingAids);
  eleventyConfig.addPlugin(taxonomies);
  eleventyConfig.addPlugin(basePath, { siteUrl: site.url });
  eleventyConfig.addPlugin(feeds);
  eleventyConfig.addPlugin(images);
  eleventyConfig.addPlugin(socialCards, { siteTitle: site.title });
  eleventyConfig.addPlugin(demos);
  eleventyConfig.addPlugin(contentSecurityPolicyMeta);
  eleventyConfig.addPlugin(devServer, { pathPrefix: site.pathPrefix });
  eleventyConfig.addPlugin(devErrorOverlay);

  return {
    dir: { input: ".", includes: "_includes", data: "_data" },
    markdownTemplateEngine: "liquid",
    htmlTemplateEngine: "njk",
    templateFormats: ["md", "njk", "html"],
    pathPrefix: site.pathPrefix,
  };
}
