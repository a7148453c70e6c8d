// The render-time shortcuts of issue 16 give what the long way gave: related posts ranked in one pass, dates and
// word counts remembered, markdown-it-attrs skipped for a source without `{:`, and the CSP scan's tokenizer skipped
// for content that cannot hold a finding.
import MarkdownIt from "markdown-it";
import markdownItAttrs from "markdown-it-attrs";
import { describe, expect, it } from "vitest";
import { scanContent, scanEveryTag } from "../_config/contentPolicyCheck.ts";
import { readingMinutes } from "../_config/excerpt.ts";
import { isoDay, readableDate } from "../_config/jekyllDate.ts";
import kramdownAttributes from "../_config/markdown/kramdownAttributes.ts";
import { relatedPosts, type PostItem } from "../_config/readingAids.ts";

/** Seeded, so a failure repeats. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** The ranking as a stable sort of every post sharing a tag gives it: most shared tags, then newest, then first found. */
function rankedBySort(posts: readonly PostItem[], current: { url: string; tags: string[] }, limit: number): string[] {
  const shared = new Map<PostItem, number>();
  for (const tag of current.tags)
    for (const post of posts)
      if ((post.data.jekyllTags as string[]).includes(tag) && post.url !== current.url)
        shared.set(post, (shared.get(post) ?? 0) + 1);
  return [...shared]
    .sort(([a, countA], [b, countB]) => countB - countA || b.date.getTime() - a.date.getTime())
    .slice(0, limit)
    .map(([post]) => post.url);
}

describe("relatedPosts", () => {
  it("ranks as a stable sort would, ties on tags and date included, at every limit", () => {
    const next = random(16);
    for (let trial = 0; trial < 200; trial++) {
      const tags = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => `t${i}`);
      // Few distinct days, so equal counts and equal dates both occur.
      const posts: PostItem[] = Array.from({ length: Math.floor(next() * 40) }, (_, i) => ({
        url: `/p${i}`,
        date: new Date(Math.floor(next() * 5) * 86_400_000),
        data: { jekyllTags: tags.filter(() => next() < 0.4) },
      }));
      for (const post of posts.slice(0, 4)) {
        const current = { url: post.url, tags: post.data.jekyllTags as string[] };
        for (const limit of [0, 1, 3, 5]) {
          expect(relatedPosts(posts, current, limit).map((p) => p.url)).toEqual(rankedBySort(posts, current, limit));
        }
      }
    }
  });
});

describe("remembered dates and word counts", () => {
  it("give the same text for another Date of the same instant, and never keep an invalid date", () => {
    const first = readableDate(new Date("2018-10-31T00:00:00Z"));
    expect(readableDate(new Date("2018-10-31T00:00:00Z"))).toBe(first);
    expect(first).toBe("31 October 2018");
    expect(readableDate(new Date("2018-10-31T00:00:00Z"), "en-US")).toBe("October 31, 2018");
    expect(isoDay(new Date("2018-10-31T23:59:59Z"))).toBe("2018-10-31");
    expect(isoDay(new Date("2018-10-31T23:59:59Z"))).toBe("2018-10-31");
    expect(() => readableDate(new Date("not a date"))).toThrow(RangeError);
    expect(() => readableDate(new Date("not a date"))).toThrow(RangeError);
    expect(() => isoDay(new Date("not a date"))).toThrow(RangeError);
  });

  it("count a post's words the same the second time", () => {
    const html = `<p>${"word ".repeat(660)}</p>`;
    expect(readingMinutes(html)).toBe(3);
    expect(readingMinutes(html)).toBe(3);
    expect(readingMinutes("<p>one</p>")).toBe(1);
  });
});

describe("kramdown attributes without `{:`", () => {
  const options = {
    leftDelimiter: "{:",
    rightDelimiter: "}",
    allowedAttributes: [/^(?!on)[a-z][\w:.-]*$/i],
  };
  const ours = new MarkdownIt({ html: true }).use(kramdownAttributes);
  const always = new MarkdownIt({ html: true }).use(markdownItAttrs, options);
  const sources = [
    "# Title {.x}\n\nText with {braces} and {{ liquid }}.\n",
    "| a | b |\n| - | - |\n| 1 | 2 |\n| 3 {colspan=2} | 4 |\n",
    "```js {.numbers}\nconst a = { b: 1 };\n```\n",
    "- item {.x}\n- other\n\n---\n\n*em*{.y} `code`{#z}\n",
    "Paragraph\n{.lead}\n\n> quote { : no\n",
  ];

  it("renders what markdown-it-attrs always run would", () => {
    for (const source of sources) {
      expect(source.includes("{:")).toBe(false);
      expect(ours.render(source)).toBe(always.render(source));
    }
  });

  it("still applies an IAL when the source has one", () => {
    expect(ours.render("A paragraph.\n{: .lead}\n")).toBe('<p class="lead">A paragraph.</p>\n');
    expect(ours.render("## Heading\n{: #here}\n")).toContain('<h2 id="here">');
  });
});

describe("the content scan's shortcut", () => {
  const none = { remote: [], inline: [] };
  // The shortcut before issue 16's round: no tag that loads or runs, and no `on…=`, `style=` or `javascript:`.
  const before = (html: string) =>
    !/<(?:img|source|i?frame|script|video|audio|track|embed|object|link|style)\b/i.test(html) &&
    !/\son[a-z]+\s*=|\sstyle\s*=|javascript:/i.test(html)
      ? none
      : scanEveryTag(html);

  it("finds what the full scan found before, on random tags, attributes and text", () => {
    const next = random(1616);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const tags = ["img", "IMG", "source", "iframe", "script", "style", "link", "trac\u212a", "a", "form", "p", "div"];
    const names = ["src", "SRC", "srcset", "href", "formaction", "poster", "data", "rel", "type", "style", "onclick"];
    names.push("one", "title");
    const values = ["//x.example/a.png", "https://x.example", "data:image/png", "blob:x", "&#47;&#47;x.example"];
    values.push("java&#115;cript:1", " javascript:x", "/a.png", "a.png 720w, //b.png 960w", "", "a&amp;b", "x>y");
    values.push("it's one", 'say "one"');
    const texts = [" one thing ", "It's only", "once > twice", " style ", "a < b", '"q" one', " onclick=", "", "text"];
    let withFindings = 0;
    for (let trial = 0; trial < 20_000; trial++) {
      let html = pick(texts);
      for (let tag = 1 + Math.floor(next() * 3); tag > 0; tag--) {
        html += `<${pick(tags)}`;
        for (let attribute = Math.floor(next() * 4); attribute > 0; attribute--) {
          const quote = pick(['"', "'", ""]);
          html += `${pick([" ", "/", "\n", "", "\v"])}${pick(names)}`;
          if (next() < 0.8) html += `=${quote}${pick(values)}${quote}`;
        }
        html += next() < 0.9 ? ">" : "";
        html += pick(texts);
        if (next() < 0.2) html += "</script>";
      }
      const expected = before(html);
      if (expected.remote.length || expected.inline.length) withFindings++;
      expect(scanContent(html), html).toEqual(expected);
    }
    expect(withFindings).toBeGreaterThan(5_000);
  });

  it("reads a post's pictures, local links and prose without a finding, and still finds a handler or a remote image", () => {
    const post = `<figure class="figure"><picture><source type="image/webp" srcset="/assets/responsive/a-720.webp 720w">
      <img alt="A &amp; B" loading="lazy" src="/assets/responsive/a-720.png" width="720" height="405"></picture></figure>
      <p>See <a href="/archive/">the archive</a>; it’s one of <code>a &lt; b</code>.</p>`;
    expect(scanContent(post)).toEqual(none);
    expect(scanContent('<img src="/a.png"><a href="x"onclick="go()">x</a>').inline).toHaveLength(1);
    expect(scanContent('<img src="/a.png"><a title="x>y" onclick>x</a>').inline).toHaveLength(1);
    expect(scanContent('<img src="&#47;&#47;cdn.example/a.png">').remote).toHaveLength(1);
  });
});
