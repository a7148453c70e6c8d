// The render-time shortcuts of issue 16 give what the long way gave: related posts ranked in one pass, dates and
// word counts remembered, and markdown-it-attrs skipped for a source without `{:`.
import MarkdownIt from "markdown-it";
import markdownItAttrs from "markdown-it-attrs";
import { describe, expect, it } from "vitest";
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
