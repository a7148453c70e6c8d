// TeX to MathML at build time with KaTeX, so a page with math ships no script. MathML output, not KaTeX's
// HTML: the HTML form positions every glyph with inline `style` attributes, which the site's CSP
// (`style-src 'self'`) blocks; MathML is laid out by the browser itself (MathML Core, Chromium 109+).
// https://katex.org/docs/options.html
import type Katex from "katex";
import { createRequire } from "node:module";

export class MathSyntaxError extends Error {
  constructor(
    readonly tex: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "MathSyntaxError";
  }
}

// The only inline styles KaTeX's MathML carries (\pmb's shadow, \fcolorbox's border): the CSP would block them.
const INLINE_STYLE = / style="[^"]*"/g;

let loadedKatex: typeof Katex | undefined;
/** KaTeX loads on the first formula: most posts have none. CommonJS, needed synchronously by a Markdown rule. */
function katexLibrary(): typeof Katex {
  return (loadedKatex ??= createRequire(import.meta.url)("katex") as typeof Katex);
}

export function renderMath(tex: string, display: boolean): string {
  const katex = katexLibrary();
  try {
    return katex
      .renderToString(tex, {
        displayMode: display,
        output: "mathml",
        throwOnError: true,
        // Posts are text from their author, but feeds carry them further: no \href, \htmlClass and the like.
        trust: false,
        strict: "ignore",
      })
      .replace(INLINE_STYLE, "");
  } catch (error) {
    if (error instanceof katex.ParseError)
      throw new MathSyntaxError(tex, error.message.replace(/^KaTeX parse error: /, ""));
    throw error;
  }
}

/** Pages whose HTML holds MathML need the math stylesheet; others must not load it. */
export function containsMath(html: string): boolean {
  return html.includes("<math");
}
