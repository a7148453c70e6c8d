// Wiring only: each concern is a plugin in _config/. Run under tsx (see package.json scripts).
import type { UserConfig } from "@11ty/eleventy";
import site from "./_data/site.ts";
import { POST_EXTENSIONS } from "./_config/postValidation.ts";
import basePath from "./_config/basePath.ts";
import comments, { COMMENTS_ASSETS_DIR } from "./_config/comments.ts";
import dataFiles from "./_config/dataFiles.ts";
import demos from "./_config/demos.ts";
import { DEMO_ASSETS_DIR } from "./_config/demos/demoBundler.ts";
import devErrorOverlay from "./_config/devErrorOverlay.ts";
import devServer from "./_config/devServer.ts";
import feeds from "./_config/feeds.ts";
import filters from "./_config/filters.ts";
import highlightTag from "./_config/highlightTag.ts";
import hostHeadersFile from "./_config/hostHeadersFile.ts";
import images, { IMAGE_URL_PATH } from "./_config/images.ts";
import jekyllFrontMatter from "./_config/jekyllFrontMatter.ts";
import jekyllLiquid from "./_config/jekyllLiquid.ts";
import arrayFilters from "./_config/liquid/arrayFilters.ts";
import dateFilters from "./_config/liquid/dateFilters.ts";
import jekyllInclude from "./_config/liquid/jekyllInclude.ts";
import jekyllVariables from "./_config/liquid/jekyllVariables.ts";
import liquidErrors from "./_config/liquid/liquidErrors.ts";
import textFilters from "./_config/liquid/textFilters.ts";
import urlFilters from "./_config/liquid/urlFilters.ts";
import layouts from "./_config/layouts.ts";
import markdown from "./_config/markdown.ts";
import pageHead from "./_config/pageHead.ts";
import { PageNeedsStore } from "./_config/pageNeeds.ts";
import pageUrls from "./_config/pageUrls.ts";
import postValidation from "./_config/postValidation.ts";
import readingAids from "./_config/readingAids.ts";
import redirects from "./_config/redirects.ts";
import seo from "./_config/seo.ts";
import siteFiles from "./_config/siteFiles.ts";
import siteStylesheet from "./_config/siteStylesheet.ts";
import socialCards, { socialCardFallback } from "./_config/socialCards.ts";
import taxonomies from "./_config/taxonomies.ts";
import xmlText from "./_config/xmlText.ts";
import youtube from "./_config/youtube.ts";

export default function (eleventyConfig: UserConfig) {
  // What each page needs (demos, scripts, CSP, isolation): filled by the plugins below, read by pageHead and _headers.
  const pages = new PageNeedsStore();
  eleventyConfig.addPlugin(siteFiles);
  eleventyConfig.addPlugin(dataFiles);
  eleventyConfig.addPlugin(siteStylesheet);
  eleventyConfig.addPlugin(jekyllFrontMatter, { timezone: site.timezone });
  eleventyConfig.addPlugin(postValidation, { timezone: site.timezone, defaults: site.defaults });
  eleventyConfig.addPlugin(pageUrls);
  eleventyConfig.addPlugin(markdown);
  // Jekyll's other Markdown extensions are Markdown too (its `markdown_ext`).
  eleventyConfig.addExtension(["markdown", "mkdn", "mkd"], { key: "md" });
  eleventyConfig.addPlugin(highlightTag);
  eleventyConfig.addPlugin(jekyllLiquid);
  eleventyConfig.addPlugin(jekyllInclude);
  eleventyConfig.addPlugin(jekyllVariables, {
    timezone: site.timezone,
    excerptSeparator: site.excerptSeparator,
    dataDir: "_data",
  });
  eleventyConfig.addPlugin(dateFilters, { timezone: site.timezone });
  eleventyConfig.addPlugin(textFilters);
  eleventyConfig.addPlugin(arrayFilters);
  eleventyConfig.addPlugin(urlFilters, { siteUrl: site.url, pathPrefix: site.pathPrefix });
  eleventyConfig.addPlugin(liquidErrors);
  eleventyConfig.addPlugin(layouts);
  eleventyConfig.addPlugin(filters, { excerptSeparator: site.excerptSeparator });
  eleventyConfig.addPlugin(readingAids);
  eleventyConfig.addPlugin(taxonomies);
  eleventyConfig.addPlugin(basePath, { siteUrl: site.url });
  eleventyConfig.addPlugin(seo, { fallbackImage: socialCardFallback });
  eleventyConfig.addPlugin(feeds);
  eleventyConfig.addPlugin(redirects);
  eleventyConfig.addPlugin(xmlText);
  eleventyConfig.addPlugin(images);
  eleventyConfig.addPlugin(socialCards, { siteTitle: site.title, enabled: site.config.social_cards === true });
  eleventyConfig.addPlugin(demos, { pages });
  eleventyConfig.addPlugin(comments, { pages, comments: site.comments });
  eleventyConfig.addPlugin(youtube);
  eleventyConfig.addPlugin(pageHead, { pages, csp: site.csp });
  eleventyConfig.addPlugin(hostHeadersFile, {
    pages,
    immutableAssets: [`/${DEMO_ASSETS_DIR}/`, `/${COMMENTS_ASSETS_DIR}/`, IMAGE_URL_PATH, "/assets/css/site-*"],
    demoAssets: `/${DEMO_ASSETS_DIR}/`,
  });
  eleventyConfig.addPlugin(devServer, { pathPrefix: site.pathPrefix });
  eleventyConfig.addPlugin(devErrorOverlay);

  return {
    dir: { input: ".", includes: "_includes", data: "_data" },
    markdownTemplateEngine: "liquid",
    // Jekyll runs Liquid on .html posts and pages; our own templates are .njk.
    htmlTemplateEngine: "liquid",
    templateFormats: [...POST_EXTENSIONS],
    pathPrefix: site.pathPrefix,
  };
}
