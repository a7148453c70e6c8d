// Every <img> gets width and height (no layout shift) and modern formats, via the official image plugin.
import type { UserConfig } from "@11ty/eleventy";
import { eleventyImageTransformPlugin } from "@11ty/eleventy-img";

export default function images(eleventyConfig: UserConfig): void {
  eleventyConfig.addPlugin(eleventyImageTransformPlugin, {
    formats: ["webp", "auto"],
    widths: [720, "auto"],
    urlPath: "/assets/img/",
    htmlOptions: {
      imgAttributes: { loading: "lazy", decoding: "async" },
      pictureAttributes: {},
    },
    sizes: "(min-width: 46rem) 42rem, 100vw",
  });
}
