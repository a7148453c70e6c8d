// The home page: every published post, newest first, `site.postsPerPage` a page at jekyll-paginate's URLs (/page2/).
import site from "../_data/site.ts";

interface PageData {
  pagination: { pageNumber: number };
  site: { title: string };
}

export default {
  // The markup lives in the layout, compiled once a build rather than once per page of posts.
  layout: "layouts/home.njk",
  // `reverse` instead of a reversed copy as its own collection: Eleventy fills every collection's items with content, O(items × pages).
  pagination: { data: "collections.posts", reverse: true, size: site.postsPerPage, alias: "postList", addAllPagesToCollections: true },
  permalink: (data: PageData) => (data.pagination.pageNumber === 0 ? "/" : `/page${data.pagination.pageNumber + 1}/`),
  eleventyComputed: {
    title: (data: PageData) => (data.pagination.pageNumber === 0 ? data.site.title : `Posts, page ${data.pagination.pageNumber + 1}`),
  },
};
