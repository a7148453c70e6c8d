// Markdown rendering, as markdown-it tests itself: each test/fixtures/markdown/<case>.md must render to
// <case>.html with createMarkdown() (no build). The expected HTML was checked against Jekyll 4.3 (kramdown
// 2.4) on the same input wherever kramdown has the feature; a real build of all of it is markdownBuild.test.ts.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getAttributeValue, hasClass, parseHtml, selectAll, selectOne, textContent } from "./helpers/html.ts";
import { BuildProblemsError } from "../_config/buildErrors.ts";
import { highlightCode, renderCodeBlock, wrapLines } from "../_config/codeBlock.ts";
import { parseHighlightArguments } from "../_config/highlightTag.ts";
import { createMarkdown } from "../_config/markdown.ts";
import { parseFenceInfo } from "../_config/markdown/codeFence.ts";
import { curlLeftoverQuotes, kramdownSymbols } from "../_config/markdown/kramdownTypography.ts";

const FIXTURES = path.join(import.meta.dirname, "fixtures/markdown");

/** Every `<case>.md` with its `<case>.html` beside it. */
function fixturePairs(folder: string): Array<{ name: string; markdown: string; html: string }> {
  return readdirSync(folder)
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => ({
      name: file.replace(/\.md$/, ""),
      markdown: readFileSync(path.join(folder, file), "utf8"),
      html: readFileSync(path.join(folder, file.replace(/\.md$/, ".html")), "utf8"),
    }));
}

describe("Markdown fixtures (test/fixtures/markdown)", () => {
  const md = createMarkdown();
  const pairs = fixturePairs(FIXTURES);

  it("has cases", () => expect(pairs.length).toBeGreaterThanOrEqual(15));

  for (const { name, markdown, html } of pairs) {
    it(name, () => expect(md.render(markdown)).toBe(html));
  }
});

describe("code blocks are escaped whatever their language", () => {
  const hostile = '<b>x</b> std::vector<int> v; <script>alert(1)</script> a & b "q"';
  const languages = [
    "",
    "text",
    "plaintext",
    "cuda",
    "c++",
    "nosuchlang",
    "ts",
    "js",
    "html",
    "markup",
    "bash",
    "python",
    "diff",
    "TS",
    "x\"onload='y",
  ];

  for (const language of languages) {
    it(`\`${language || "(none)"}\`: only Prism's token spans, the text intact`, () => {
      const html = highlightCode(hostile, language);
      const root = parseHtml(`<code>${html}</code>`);
      const tags = new Set(selectAll("*", root).map((element) => element.name));
      expect([...tags].filter((tag) => tag !== "code" && tag !== "span")).toEqual([]);
      expect(textContent(root)).toBe(hostile);
    });
  }

  it("a hostile language name stays inside its attribute", () => {
    const html = renderCodeBlock({ code: "x", language: '"><script>alert(1)</script>' });
    expect(selectAll("script", parseHtml(html))).toHaveLength(0);
  });

  it("fences of every kind render escaped, with a language-xxx class and a visible label", () => {
    const md = createMarkdown();
    for (const language of ["text", "cuda", "c++", "nosuchlang"]) {
      const root = parseHtml(
        md.render(`\`\`\`${language}\n<b>x</b> <script>alert(1)</script> std::vector<int>\n\`\`\`\n`),
      );
      expect(selectAll("b, script", root)).toHaveLength(0);
      const code = selectOne("code", root)!;
      expect(hasClass(code, `language-${language}`)).toBe(true);
      expect(textContent(code)).toBe("<b>x</b> <script>alert(1)</script> std::vector<int>\n");
      expect(getAttributeValue(selectOne("figure.code-block", root)!, "data-lang")).toBe(language);
      expect(textContent(selectOne(".code-block-lang", root)!)).toBe(language);
    }
  });
});

describe("code block parts", () => {
  it("reads a fence's info string", () => {
    expect(parseFenceInfo("ts")).toEqual({ language: "ts", title: "", lineNumbers: false });
    expect(parseFenceInfo('ts title="gpu kernel.ts" linenos')).toEqual({
      language: "ts",
      title: "gpu kernel.ts",
      lineNumbers: true,
    });
    expect(parseFenceInfo("py title='a.py'")).toEqual({ language: "py", title: "a.py", lineNumbers: false });
    expect(parseFenceInfo("c++ title=main.cpp")).toEqual({ language: "c++", title: "main.cpp", lineNumbers: false });
    expect(parseFenceInfo("")).toEqual({ language: "", title: "", lineNumbers: false });
  });

  it("reads {% highlight %} arguments as Jekyll does, and rejects what Jekyll rejects", () => {
    expect(parseHighlightArguments("ruby")).toEqual({ language: "ruby", lineNumbers: false });
    expect(parseHighlightArguments(" ts linenos ")).toEqual({ language: "ts", lineNumbers: true });
    expect(parseHighlightArguments("c++ linenos=table")).toEqual({ language: "c++", lineNumbers: true });
    expect(parseHighlightArguments('js mark_lines="1 2"')).toEqual({ language: "js", lineNumbers: false });
    expect(() => parseHighlightArguments("")).toThrow(/\{% highlight <language> \[linenos\] %\}/);
    expect(() => parseHighlightArguments("ruby <b>")).toThrow(/highlight ruby <b>/);
  });

  it("wraps lines, closing and reopening a token that crosses a line break", () => {
    expect(wrapLines('a\n<span class="c">/* x\ny */</span>\nb')).toBe(
      '<span class="line">a</span>\n<span class="line"><span class="c">/* x</span></span>\n' +
        '<span class="line"><span class="c">y */</span></span>\n<span class="line">b</span>',
    );
    expect(wrapLines("")).toBe('<span class="line"></span>');
  });

  it("numbers lines only on request, and leaves the numbers out of the text", () => {
    const numbered = parseHtml(renderCodeBlock({ code: "a\n\nb\n", language: "text", lineNumbers: true }));
    expect(hasClass(selectOne("pre", numbered), "line-numbers")).toBe(true);
    expect(selectAll(".line", numbered)).toHaveLength(3);
    expect(textContent(selectOne("code", numbered)!)).toBe("a\n\nb\n");
    expect(selectAll(".line", parseHtml(renderCodeBlock({ code: "a", language: "text" })))).toHaveLength(0);
  });
});

describe("kramdown typography", () => {
  it("makes kramdown's symbols and nothing more", () => {
    expect(kramdownSymbols("a -- b --- c... >> d >>")).toBe("a \u2013 b \u2014 c\u2026\u00a0\u00bb d\u00a0\u00bb");
    expect(kramdownSymbols("(c) (tm) (r) +- 1x2")).toBe("(c) (tm) (r) +- 1x2");
    expect(kramdownSymbols("the '80s")).toBe("the \u201980s");
  });

  it("curls the quotes markdown-it leaves straight, as kramdown's last rules do", () => {
    expect(curlLeftoverQuotes(`5'10" tall`)).toBe("5\u201910\u201d tall");
    expect(curlLeftoverQuotes("'s Last Stand")).toBe("\u2019s Last Stand");
    expect(curlLeftoverQuotes('"open', true)).toBe("\u201copen");
    expect(curlLeftoverQuotes('end "', true)).toBe("end \u201d");
  });
});

describe("math under the CSP", () => {
  it("carries no inline style, even from the macros whose MathML has one", () => {
    const html = createMarkdown().render("$$\\fcolorbox{red}{blue}{x} + \\pmb{y} + \\color{red}{z}$$\n");
    expect(html).toContain("<math");
    expect(html).not.toMatch(/\sstyle=/);
  });
});

describe("math errors", () => {
  it("name the file and the line in it (front matter counted), every one of them", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "md-math-"));
    const file = path.join(folder, "post.md");
    const body = "Fine $$x$$.\n\nBroken $$\\frac{a$$ here\nand $$\\nosuchmacro$$.\n\n$$\n\\sqrt{\n$$\n";
    writeFileSync(file, `---\ntitle: T\n---\n${body}`);
    let error: unknown;
    try {
      createMarkdown().render(body, { page: { inputPath: file } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BuildProblemsError);
    const { problems } = error as BuildProblemsError;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(new RegExp(`^${file}:6: \\$\\$\\\\frac\\{a\\$\\$: .*expected '\\}'`));
    expect(problems[1]).toMatch(new RegExp(`^${file}:7: \\$\\$\\\\nosuchmacro\\$\\$: Undefined control sequence`));
    expect(problems[2]).toMatch(new RegExp(`^${file}:9: `));
  });

  it("say where when the text has no file (a direct render)", () => {
    expect(() => createMarkdown().render("$$\\frac{$$")).toThrow(/\(markdown\):1: /);
  });
});

describe("footnotes", () => {
  it("keep a label as written in the ids (kramdown's), escaped in its attribute", () => {
    const root = parseHtml(createMarkdown().render('A[^über] B[^x"><b>y]\n\n[^über]: U.\n[^x"><b>y]: Q.\n'));
    expect(getAttributeValue(selectOne("sup a", root)!, "href")).toBe("#fn:über");
    expect(selectAll("b", root)).toHaveLength(0);
    expect(selectAll(".footnotes li", root).map((li) => getAttributeValue(li, "id"))).toEqual([
      "fn:über",
      'fn:x"><b>y',
    ]);
  });
});

describe("each render is its own", () => {
  it("footnotes and link references do not leak into the page data or into the next render", () => {
    const md = createMarkdown();
    const env = { page: { inputPath: "posts/x.md" } };
    const source = "A[^1] [b][ref]\n\n[^1]: Note.\n\n[ref]: /r\n";
    const first = md.render(source, env);
    expect(md.render(source, env)).toBe(first);
    expect(selectAll(".footnotes li", parseHtml(first))).toHaveLength(1);
    expect(Object.keys(env)).toEqual(["page"]);
  });
});
