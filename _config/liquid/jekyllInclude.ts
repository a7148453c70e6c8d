// Jekyll's includes: `{% include note.html content="x" other=page.title %}` (an unquoted file of `_includes/`,
// parameters read as `include.key`, `{{ }}` allowed in the name) and `{% include_relative file.md %}`, found
// next to the including file. https://jekyllrb.com/docs/includes/
// liquidjs does the first with its `jekyllInclude` option once names are literal (`dynamicPartials: false`).
import type { UserConfig } from "@11ty/eleventy";
import {
  Hash,
  IncludeTag,
  Tag,
  type Context,
  type Emitter,
  type Liquid,
  type Parser,
  type TagToken,
  type Template,
  type TopLevelToken,
} from "liquidjs";
import path from "node:path";

/** A quoted name (liquidjs's own `{% include 'file' %}`) still works: the quotes are not part of the file name. */
class QuotedNameInclude extends IncludeTag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid, parser);
    const self = this as unknown as { file: unknown };
    if (typeof self.file === "string" && /^(["']).*\1$/.test(self.file)) self.file = self.file.slice(1, -1);
  }
}

/** Jekyll refuses `..` in include_relative names, so an include never reaches outside the site. */
export function checkRelativeName(name: string): string | undefined {
  if (!name) return "the file name is empty";
  if (/(^|\/)\.\.(\/|$)/.test(name))
    return `"${name}" goes up a folder ("..") and Jekyll does not allow that; move the file next to the post or into _includes/`;
  return undefined;
}

class IncludeRelativeTag extends Tag {
  private readonly fileName: Template[];
  private readonly hash: Hash;
  private readonly currentFile?: string;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    this.currentFile = token.file;
    const tokens = [...token.tokenizer.readFileNameTemplate(liquid.options)];
    this.fileName = parser.parseTokens(tokens);
    this.hash = new Hash(token.tokenizer, true);
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const name = String(yield this.liquid.renderer.renderTemplates(this.fileName, ctx)).trim();
    const problem = checkRelativeName(name);
    if (problem) throw new Error(`include_relative: ${problem}`);
    // Jekyll reads the name from the folder of the page being rendered, even inside an include.
    const page = ctx.getSync(["page"]) as { inputPath?: unknown } | undefined;
    const from = typeof page?.inputPath === "string" ? page.inputPath : this.currentFile;
    const file = `./${path.posix.normalize(name)}`;
    const params = (yield this.hash.render(ctx)) as Record<string, unknown>;
    const templates = (yield this.liquid._parsePartialFile(file, ctx.sync, from)) as Template[];
    ctx.push({ include: params });
    yield this.liquid.renderer.renderTemplates(templates, ctx, emitter);
    ctx.pop();
  }
}

export default function jekyllInclude(eleventyConfig: UserConfig): void {
  eleventyConfig.setLiquidOptions({ ...eleventyConfig.liquid?.options, jekyllInclude: true, dynamicPartials: false });
  eleventyConfig.addLiquidTag("include", () => QuotedNameInclude);
  eleventyConfig.addLiquidTag("include_relative", () => IncludeRelativeTag);
}
