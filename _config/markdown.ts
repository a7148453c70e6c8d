// Our own markdown-it instance, so every extension is registered in one table.
// Raw HTML is allowed: Jekyll posts carry HTML blocks (captions, <strong>, <h2>).
// Jekyll renders posts with kramdown; the rules under markdown/ give kramdown's syntax and output where posts rely on it.
import type { UserConfig } from "@11ty/eleventy";
import MarkdownIt from "markdown-it";
import markdownItAbbr from "markdown-it-abbr";
import markdownItAnchor from "markdown-it-anchor";
import markdownItDeflist from "markdown-it-deflist";
import markdownItFootnote from "markdown-it-footnote";
import markdownItImageFigures from "markdown-it-image-figures";
import { readFileSync } from "node:fs";
import { BuildProblemsError } from "./buildErrors.ts";
import codeFence from "./markdown/codeFence.ts";
import imageCaptionFigure from "./markdown/imageCaptionFigure.ts";
import kramdownAttributes from "./markdown/kramdownAttributes.ts";
import kramdownFootnotes from "./markdown/kramdownFootnotes.ts";
import { kramdownHeadingId } from "./markdown/kramdownHeadingId.ts";
import kramdownMath, { type MathProblem } from "./markdown/kramdownMath.ts";
import kramdownToc from "./markdown/kramdownToc.ts";
import kramdownTypography from "./markdown/kramdownTypography.ts";
import rawHeadingAnchors from "./markdown/rawHeadingAnchors.ts";
import scrollableTables from "./markdown/scrollableTables.ts";
import taskLists from "./markdown/taskLists.ts";

interface PageEnv {
  page?: { inputPath?: string };
}

/** Lines before the Markdown body (front matter and its fences), so an error names the line in the file. */
function frontMatterLines(inputPath: string): number {
  let lines: string[];
  try {
    lines = readFileSync(inputPath, "utf8").split(/\r?\n/);
  } catch {
    return 0;
  }
  if (lines[0]?.trim() !== "---") return 0;
  const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  return close < 0 ? 0 : close + 1;
}

function reportMathProblems(problems: MathProblem[], env: unknown): never {
  const inputPath = (env as PageEnv | undefined)?.page?.inputPath?.replace(/^\.\//, "");
  const offset = inputPath ? frontMatterLines(inputPath) : 0;
  throw new BuildProblemsError(
    "Math that KaTeX cannot read; fix the TeX, or write \\$ for a dollar sign",
    problems.map(
      (problem) => `${inputPath ?? "(markdown)"}:${problem.line + offset}: $$${problem.tex}$$: ${problem.reason}`,
    ),
  );
}

// The heading text itself is the link: no empty "#" links for screen readers. A heading holding a link or a
// footnote mark keeps its id but is not made a link: a link inside a link is invalid HTML.
const headerLink = markdownItAnchor.permalink.headerLink({ safariReaderFix: true });
const headingSelfLink: typeof headerLink = (slug, options, state, index) => {
  const children = state.tokens[index + 1]?.children ?? [];
  if (!children.some((token) => token.type === "link_open" || token.type === "footnote_ref"))
    headerLink(slug, options, state, index);
};

export function createMarkdown(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: true, linkify: false });
  // Order matters where rules meet: heading ids (anchor) before the TOC that links to them.
  const extensions: Array<(md: InstanceType<typeof MarkdownIt>) => void> = [
    kramdownTypography,
    kramdownAttributes,
    (md) => md.use(markdownItFootnote).use(kramdownFootnotes),
    (md) => md.use(markdownItDeflist),
    (md) => md.use(markdownItAbbr),
    taskLists,
    (md) => md.use(kramdownMath, reportMathProblems),
    codeFence,
    (md) =>
      md.use(markdownItAnchor, {
        slugify: kramdownHeadingId,
        permalink: headingSelfLink,
        // kramdown gives every heading an id (and its TOC takes all six levels).
        level: [1, 2, 3, 4, 5, 6],
      }),
    kramdownToc,
    // `![alt](src "caption")` alone in a paragraph becomes <figure> + <figcaption>.
    (md) => md.use(markdownItImageFigures, { figcaption: "title", copyAttrs: "^class$" }),
    imageCaptionFigure,
    rawHeadingAnchors,
    scrollableTables,
  ];
  for (const extension of extensions) extension(md);
  // Footnotes and link references are kept in markdown-it's `env`, which Eleventy passes as the page's data:
  // give each render its own, so nothing leaks between renders of one page (content, excerpt).
  const render = md.render.bind(md);
  md.render = (src, env) => render(src, { page: (env as PageEnv | undefined)?.page });
  return md;
}

export default function markdown(eleventyConfig: UserConfig): void {
  eleventyConfig.setLibrary("md", createMarkdown());
}
