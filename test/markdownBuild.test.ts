// A real build of a post that uses every kramdown feature and every kind of code block (fixture pairs in
// markdown.test.ts cover the rendering cases one by one): the page, the feeds, the math stylesheet only where
// math is, and in Chromium under the site's CSP: no violation, math laid out, line numbers never copied.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./helpers/axe.ts";
import { serveInChromium, type ServedSite } from "./helpers/servedSite.ts";
import { fixtureSite } from "./helpers/sharedSites.ts";
import { getAttributeValue, parseHtml, selectAll, selectOne, textContent, type Document } from "./helpers/html.ts";
import { expectBuilt, makeFixtureSite, readDocument, readOutput, runBuild, type BuiltSite } from "./helpers/site.ts";

const HOSTILE_FENCE = '<b>x</b> <script>alert("fence")</script>';
const HOSTILE_TAG = "const b = \"<script>alert('tag')</script>\";";

let site: BuiltSite;
let postUrl: string;
let plainUrl: string;
let post: Document;

function urlOf(output: string, name: string): string {
  const file = readdirSync(output, { recursive: true, encoding: "utf8" }).find((entry) =>
    entry.endsWith(`${name}.html`),
  );
  if (!file) throw new Error(`no page for ${name} in ${output}`);
  return `/${file}`;
}

/** The text of the first element `selector` finds under `root`, or undefined. */
function textOf(selector: string, root: Parameters<typeof selectOne>[1]): string | undefined {
  const element = selectOne(selector, root);
  return element ? textContent(element) : undefined;
}

let texError: Promise<BuiltSite>;
beforeAll(async () => {
  // The broken build shares nothing with the shared one: it runs meanwhile.
  texError = runBuild(makeFixtureSite({ posts: "test/fixtures/markdown-site/broken", searchIsland: false }));
  site = expectBuilt(await fixtureSite("markdown"));
  postUrl = urlOf(site.output, "kramdown-features");
  plainUrl = urlOf(site.output, "plain");
  post = readDocument(site, postUrl);
});

describe("a post with every kramdown feature, built", () => {
  it("has its table of contents, footnote, definition list, abbreviation, attributes and task list", () => {
    const toc = selectOne("ul#markdown-toc", post)!;
    expect(selectAll("a", toc).map((a) => getAttributeValue(a, "href"))).toEqual([
      "#notes-and-terms",
      "#math",
      "#code-section",
    ]);
    expect(getAttributeValue(selectOne("sup#fnref\\:source a.footnote", post)!, "href")).toBe("#fn:source");
    expect(textOf("div.footnotes li#fn\\:source", post)).toContain("Where it comes from.");
    expect(textOf("dl dt", post)).toBe("GPU");
    expect(textOf("abbr[title='Graphics Processing Unit']", post)).toBe("GPU");
    expect(textOf("p.note#attributed", post)).toBe("A paragraph with attributes.");
    expect(textOf("h3.no_toc", post)).toBe("Not in the contents");
    const tasks = selectAll("ul.task-list input.task-list-item-checkbox[disabled]", post);
    expect(tasks.map((box) => [getAttributeValue(box, "aria-label"), "checked" in box.attribs])).toEqual([
      ["footnotes", true],
      ["a task still to do", false],
    ]);
    expect(textContent(post)).toContain("the GPU \u2013 with \u201cquotes\u201d\u2026 and \u00abguillemets\u00bb.");
  });

  it("shows the excerpt on the home page without its footnote mark (the note is on the post's page)", () => {
    const excerpt = selectAll(".excerpt", readDocument(site, "/")).find((element) =>
      textContent(element).includes("uses every feature"),
    )!;
    expect(textContent(excerpt)).toContain("as a Jekyll blog would (the excerpt has a footnote mark).");
    expect(selectAll("sup, a.footnote", excerpt)).toHaveLength(0);
    expect(textOf("sup#fnref\\:first a", post)).toBe("1");
  });

  it("renders $$…$$ as MathML, inline in a sentence and on its own as a display, and leaves $5 alone", () => {
    const inline = selectAll("p math", post);
    expect(inline).toHaveLength(1);
    expect(selectOne(".math-display math[display='block'] mfrac", post)).not.toBeNull();
    expect(textContent(post)).toContain("A price of $5 is not math.");
  });

  it("escapes every code block, labels its language, names its file, numbers {% highlight linenos %} lines", () => {
    const blocks = selectAll("figure.code-block", post);
    expect(blocks.map((block) => getAttributeValue(block, "data-lang"))).toEqual(["text", "c++", "ts", "ts"]);
    expect(blocks.map((block) => textOf(".code-block-lang", block))).toEqual(["text", "c++", "ts", "ts"]);
    expect(textOf("code", blocks[0]!)).toBe(`${HOSTILE_FENCE}\n`);
    expect(textOf("code", blocks[1]!)).toBe("std::vector<int> v;\n");
    expect(textOf(".code-block-title", blocks[2]!)).toBe("kernel.ts");
    const numbered = selectOne("pre.line-numbers", blocks[3]!)!;
    expect(selectAll(".line", numbered)).toHaveLength(6);
    expect(textOf("code", numbered)?.split("\n")[4]).toBe(HOSTILE_TAG);
    expect(textOf("code", numbered)?.split("\n")[5]).toBe("// LIQUID RUNS INSIDE, AS IN JEKYLL");
    expect(selectAll(".post-content script, article script, main b", post)).toHaveLength(0);
  });

  it("links the math stylesheet from the page with math only, and ships the file", () => {
    const mathLinks = (html: Document) =>
      selectAll("link[rel=stylesheet]", html)
        .map((link) => getAttributeValue(link, "href") ?? "")
        .filter((href) => /math/.test(href));
    expect(mathLinks(post)).toEqual(["/public/css/math.css"]);
    expect(mathLinks(readDocument(site, plainUrl))).toEqual([]);
    expect(readOutput(site, plainUrl)).not.toMatch(/katex|<math/i);
    expect(existsSync(path.join(site.output, "public/css/math.css"))).toBe(true);
  });

  it("escapes the code in the JSON Feed too", () => {
    const feed = JSON.parse(readOutput(site, "/feed.json")) as { items: Array<{ url: string; content_html: string }> };
    const item = feed.items.find((entry) => entry.url.endsWith(postUrl))!;
    const body = parseHtml(item.content_html);
    expect(selectAll("script, b", body)).toHaveLength(0);
    expect(selectAll("code", body).map((code) => textContent(code))).toContain(`${HOSTILE_FENCE}\n`);
  });
});

describe("in Chromium, under the site's CSP", () => {
  let browser: Browser;
  let close: ServedSite["close"] | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    ({ baseUrl, browser, close } = await serveInChromium(site.output));
  });

  afterAll(async () => {
    await close?.();
  });

  async function open(url: string): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${baseUrl}${url}`, { waitUntil: "load" });
    return { page, violations };
  }

  it("shows the math post without a CSP violation, its formulas laid out as math with the math stylesheet", async () => {
    const { page, violations } = await open(postUrl);
    const layout = await page.evaluate(() => {
      const fraction = document.querySelector(".math-display mfrac")!.getBoundingClientRect();
      const inline = document.querySelector("p math")!.getBoundingClientRect();
      return {
        fractionHeight: fraction.height,
        inlineWidth: inline.width,
        lineHeight: parseFloat(getComputedStyle(document.querySelector("p")!).fontSize),
        font: getComputedStyle(document.querySelector("math")!).fontFamily,
      };
    });
    // A laid-out fraction stacks numerator over denominator: taller than a line of text.
    expect(layout.fractionHeight).toBeGreaterThan(1.5 * layout.lineHeight);
    expect(layout.inlineWidth).toBeGreaterThan(0);
    expect(layout.font).toContain("STIX Two Math");
    // \boxed and \cancel: <menclose>, which Chromium leaves undrawn without the math stylesheet.
    const enclosures = await page.$$eval("menclose", (nodes) =>
      nodes.map((node) => [
        node.getAttribute("notation"),
        getComputedStyle(node).borderTopWidth,
        getComputedStyle(node).backgroundImage,
      ]),
    );
    expect(enclosures).toEqual([
      ["box", expect.stringMatching(/^[1-9][\d.]*px$/), "none"],
      ["updiagonalstrike", "0px", expect.stringContaining("linear-gradient")],
    ]);
    expect(violations).toEqual([]);
    await page.close();
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`has no serious or critical axe violation (${colorScheme}): captions, line numbers, footnotes, math`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(`${baseUrl}${postUrl}`, { waitUntil: "load" });
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }

  it("the Atom feed carries the fenced code as escaped text", async () => {
    const page = await browser.newPage();
    const result = await page.evaluate(
      (xml) => {
        const doc = new DOMParser().parseFromString(xml, "application/xml");
        const entry = [...doc.getElementsByTagName("entry")].find(
          (e) => e.getElementsByTagName("title")[0]?.textContent === "Every kramdown feature",
        );
        const html = new DOMParser().parseFromString(
          entry?.getElementsByTagName("content")[0]?.textContent ?? "",
          "text/html",
        );
        return {
          error: doc.querySelector("parsererror")?.textContent ?? null,
          elements: html.querySelectorAll("script, b").length,
          codes: [...html.querySelectorAll("code")].map((code) => code.textContent),
        };
      },
      readOutput(site, "/feed.xml"),
    );
    expect(result.error).toBeNull();
    expect(result.elements).toBe(0);
    expect(result.codes).toContain(`${HOSTILE_FENCE}\n`);
    await page.close();
  });

  it("numbers {% highlight linenos %} lines on screen, but neither a copy nor a screen reader gets the numbers", async () => {
    const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    await page.goto(`${baseUrl}${postUrl}`, { waitUntil: "load" });
    const numbers = await page.$$eval("pre.line-numbers .line", (lines) =>
      lines.map((line) => getComputedStyle(line, "::before").content),
    );
    expect(numbers[0]).toMatch(/counter\(line\)/);
    expect(numbers).toHaveLength(6);
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector("pre.line-numbers code")!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await page.keyboard.press("Control+C");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.split("\n")[0]).toBe('const a = "first";');
    expect(copied).toContain(HOSTILE_TAG);
    expect(copied).not.toMatch(/^\s*\d/m);
    // Chromium's accessibility tree (of the block alone): with `content: counter(line)` only, each number is a
    // text node of its own.
    await page.evaluate(() => document.body.replaceChildren(document.querySelector("pre.line-numbers")!));
    const cdp = await context.newCDPSession(page);
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
      nodes: Array<{ role?: { value: string }; name?: { value: string } }>;
    };
    const texts = nodes.filter((node) => node.role?.value === "StaticText").map((node) => node.name?.value ?? "");
    expect(texts).toContain("const");
    expect(texts.filter((text) => /^\d+$/.test(text.trim()))).toEqual([]);
    await context.close();
  });
});

describe("a TeX error", () => {
  it("fails the build naming the file and line, and writes nothing", async () => {
    const broken = await texError;
    expect(broken.status).not.toBe(0);
    expect(broken.stderr + broken.stdout).toMatch(
      /posts\/2024-03-03-bad-math\.md:7: \$\$\\frac\{a\$\$: .*expected '\}'/,
    );
    expect(existsSync(path.join(broken.output, "index.html"))).toBe(false);
  });
});
