// The Markdown renderer that Eleventy gives posts (markdown.ts sets it), for filters that convert Markdown
// themselves; read when first needed, since plugins run before Eleventy settles its libraries.
import type { UserConfig } from "@11ty/eleventy";
import { createMarkdown } from "../markdown.ts";

export interface MarkdownRenderer {
  render(source: string): string;
}

export function markdownOf(eleventyConfig: UserConfig): () => MarkdownRenderer {
  let fallback: MarkdownRenderer | undefined;
  return () => {
    const configured = (eleventyConfig.libraryOverrides as Record<string, unknown> | undefined)?.md as
      MarkdownRenderer | undefined;
    if (configured && typeof configured.render === "function") return configured;
    fallback ??= createMarkdown();
    return fallback;
  };
}
