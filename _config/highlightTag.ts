// Jekyll's `{% highlight lang [linenos] %}…{% endhighlight %}`, rendered like a fenced block (escaped, captioned
// with its language) and, with `linenos`, with line numbers. As in Jekyll, Liquid inside the block is rendered.
// https://jekyllrb.com/docs/liquid/tags/#code-snippet-highlighting
import type { UserConfig } from "@11ty/eleventy";
import { renderCodeBlock } from "./codeBlock.ts";

// Jekyll's own syntax check (Jekyll::Tags::HighlightBlock::SYNTAX): a language, then options, each `name` or `name=value`.
const SYNTAX = /^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$/;

export interface HighlightArguments {
  language: string;
  lineNumbers: boolean;
}

export function parseHighlightArguments(args: string): HighlightArguments {
  const match = SYNTAX.exec(args.trim());
  if (!match) {
    throw new Error(
      `{% highlight ${args.trim()} %}: the syntax is {% highlight <language> [linenos] %}, e.g. {% highlight ts linenos %}; ` +
        `a language is letters, digits and . + # _ -`,
    );
  }
  const options = match[2]!.trim().split(/\s+/).filter(Boolean);
  // Jekyll takes `linenos`, `linenos=table` and `linenos=inline` alike as "number the lines".
  return { language: match[1]!, lineNumbers: options.some((option) => /^linenos(=|$)/.test(option)) };
}

interface TagToken {
  args: string;
}

// The slice of liquidjs's engine this tag uses (Eleventy passes its own Liquid instance).
interface LiquidEngine {
  parser: { parseStream(tokens: unknown[]): ParseStream };
  renderer: { renderTemplates(templates: unknown[], context: unknown): unknown };
}
interface ParseStream {
  on(event: string, listener: (value: never) => unknown): ParseStream;
  start(): ParseStream;
  stop(): ParseStream;
}

export default function highlightTag(eleventyConfig: UserConfig): void {
  eleventyConfig.addLiquidTag("highlight", (liquidEngine: LiquidEngine) => ({
    parse(this: { block: HighlightArguments; templates: unknown[] }, tagToken: TagToken, remainTokens: unknown[]) {
      this.block = parseHighlightArguments(tagToken.args);
      this.templates = [];
      const stream: ParseStream = liquidEngine.parser
        .parseStream(remainTokens)
        .on("template", (template: unknown) => this.templates.push(template))
        .on("tag:endhighlight", () => stream.stop())
        .on("end", () => {
          throw new Error(`{% highlight ${tagToken.args.trim()} %} has no {% endhighlight %}`);
        });
      stream.start();
    },
    *render(
      this: { block: HighlightArguments; templates: unknown[] },
      context: unknown,
    ): Generator<unknown, string, string> {
      const code = yield liquidEngine.renderer.renderTemplates(this.templates, context);
      // Jekyll strips the line breaks around the code. Every line is wrapped, so the HTML has no blank line
      // that would end the HTML block when the page's Markdown is rendered next.
      return renderCodeBlock({
        code: code.replace(/^[\r\n]+|[\r\n]+$/g, ""),
        ...this.block,
        wrapAllLines: true,
      }).trimEnd();
    },
  }));
}
