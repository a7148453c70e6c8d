// The math stylesheet is linked only from pages whose HTML holds math: a page without math loads nothing for it.
import type { UserConfig } from "@11ty/eleventy";
import { containsMath } from "./math.ts";

export interface MathStylesheetOptions {
  /** Site URL of the stylesheet (a file under public/, copied as it is). */
  href?: string;
}

export default function mathStylesheet(
  eleventyConfig: UserConfig,
  { href = "/public/css/math.css" }: MathStylesheetOptions = {},
): void {
  // Read by the base layout: `{% set mathCss = content | mathStylesheet %}`; empty for a page without math.
  eleventyConfig.addFilter("mathStylesheet", (content: unknown) =>
    typeof content === "string" && containsMath(content) ? href : "",
  );
}
