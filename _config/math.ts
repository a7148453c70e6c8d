// TeX to MathML at build time with KaTeX, so a page with math ships no script. MathML output, not KaTeX's
// HTML: the HTML form positions every glyph with inline `style` attributes, which the site's CSP
// (`style-src 'self'`) blocks; MathML is laid out by the browser itself (MathML Core, Chromium 109+).
// https://katex.org/docs/options.html
import katex from "katex";

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

export function renderMath(tex: string, display: boolean): string {
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
