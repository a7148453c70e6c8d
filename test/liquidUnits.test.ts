// The pure parts of Jekyll's Liquid: expected values are what Jekyll 4.3.1 / Ruby print for the same input.
import { describe, expect, it } from "vitest";
import { groupBy, sort, where } from "../_config/liquid/arrayFilters.ts";
import { rfc822, stringifyDate } from "../_config/liquid/dateFilters.ts";
import { checkRelativeName } from "../_config/liquid/jekyllInclude.ts";
import { slugifyFilter, transliterate } from "../_config/liquid/jekyllSlugify.ts";
import { postTime, toJekyllTime } from "../_config/liquid/jekyllTime.ts";
import { formatLiquidError, linesBeforeBody, padToFileLines } from "../_config/liquid/liquidErrors.ts";
import {
  arrayToSentence,
  cgiEscape,
  normalizeComponent,
  normalizeWhitespace,
  numberOfWords,
  xmlEscape,
} from "../_config/liquid/textFilters.ts";
import { absoluteUrl, relativeUrl } from "../_config/liquid/urlFilters.ts";

describe("slugify", () => {
  it.each([
    [undefined, "hello-wörld-1-2"],
    ["raw", "hello,-wörld!-1.2"],
    ["pretty", "hello,-wörld!-1.2"],
    ["ascii", "hello-w-rld-1-2"],
    ["latin", "hello-world-1-2"],
    ["none", " hello, wörld! 1.2 "],
  ])("mode %s", (mode, slug) => {
    expect(slugifyFilter(" Hello, Wörld! 1.2 ", mode)).toBe(slug);
  });
  it("transliterates as I18n does: accents dropped, ligatures spelt out, the rest '?'", () => {
    expect(transliterate("Æsir Øre Straße Łódź 日本")).toBe("AEsir Ore Strasse Lodz ??");
  });
});

describe("times in the site's zone", () => {
  const wall = (text: string) => new Date(`${text}Z`);
  it("reads a date without offset in the site zone, across daylight saving", () => {
    expect(postTime(wall("2018-07-01T12:00:00"), null, "America/New_York").xmlschema()).toBe(
      "2018-07-01T12:00:00-04:00",
    );
    expect(rfc822(postTime(wall("2018-12-01T00:00:00"), null, "America/New_York"))).toBe(
      "Sat, 01 Dec 2018 00:00:00 -0500",
    );
    // 02:30 does not exist that night: Ruby moves it to 03:30 EDT.
    expect(postTime(wall("2018-03-11T02:30:00"), null, "America/New_York").xmlschema()).toBe(
      "2018-03-11T03:30:00-04:00",
    );
  });
  it("moves a date with an offset to the site zone, and keeps it without one", () => {
    expect(postTime(wall("2018-10-31T14:05:00"), "+05:30", "America/New_York").xmlschema()).toBe(
      "2018-10-31T04:35:00-04:00",
    );
    expect(String(postTime(wall("2018-10-31T14:05:00"), "+05:30", null))).toBe("2018-10-31 14:05:00 +0530");
  });
  it("keeps a string's own zone for Liquid's date filter", () => {
    expect(toJekyllTime("2018-10-31T23:30:00Z", "Asia/Kolkata", true)?.xmlschema()).toBe("2018-10-31T23:30:00+00:00");
    expect(toJekyllTime("2018-10-31T23:30:00Z", "Asia/Kolkata")?.xmlschema()).toBe("2018-11-01T05:00:00+05:30");
    expect(toJekyllTime("no date", null)).toBeUndefined();
  });
  it("writes Jekyll's date strings", () => {
    const time = postTime(wall("2018-03-22T10:00:00"), null, null);
    expect(stringifyDate(time, false)).toBe("22 Mar 2018");
    expect(stringifyDate(time, true, "ordinal")).toBe("22nd March 2018");
    expect(stringifyDate(time, true, "ordinal", "US")).toBe("March 22nd, 2018");
    expect(stringifyDate(postTime(wall("2018-03-12T10:00:00"), null, null), false, "ordinal")).toBe("12th Mar 2018");
  });
});

describe("string filters", () => {
  it("escape as Ruby does", () => {
    expect(xmlEscape(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;",
    );
    expect(cgiEscape("a b&c=d/é~")).toBe("a+b%26c%3Dd%2F%C3%A9~");
    expect(normalizeComponent("foo, bar \\baz?")).toBe("foo,%20bar%20%5Cbaz?");
    expect(normalizeComponent("a%20b%2Fc%zz")).toBe("a%20b/c%25zz");
  });
  it("count, join and squeeze as Jekyll does", () => {
    expect(numberOfWords("你好 world 日本", "cjk")).toBe(5);
    expect(numberOfWords(" two\u00a0words ")).toBe(1);
    expect(arrayToSentence(["a", "b"], "or")).toBe("a or b");
    expect(arrayToSentence([])).toBe("");
    expect(normalizeWhitespace("  a \n\t b\u00a0 ")).toBe("a b\u00a0");
  });
});

describe("URL filters", () => {
  it("relative_url leaves the prefix to the base-path step; absolute_url adds it", () => {
    expect(relativeUrl("about me/", "")).toBe("/about%20me/");
    expect(relativeUrl({ url: "/a/" }, "")).toBe("/a/");
    expect(relativeUrl("mailto:x@y.z", "")).toBe("mailto:x@y.z");
    expect(absoluteUrl("/a?b=c d", { siteUrl: "https://e.org", pathPrefix: "/blog/" })).toBe(
      "https://e.org/blog/a?b=c%20d",
    );
    expect(absoluteUrl("", { siteUrl: "https://e.org", pathPrefix: "/" })).toBe("https://e.org/");
  });
});

describe("list filters", () => {
  const people = [
    { name: "Ada", age: 36, tags: ["math"] },
    { name: "Bob", age: "25" },
    { name: "Cy", tags: [] },
  ];
  it("where compares as text and looks inside lists; nil matches missing values", () => {
    expect(where(people, "age", 25)).toEqual([people[1]]);
    expect(where(people, "tags", "math")).toEqual([people[0]]);
    expect(where(people, "age", null)).toEqual([people[2]]);
  });
  it("sort puts nils first or last and compares numbers as numbers", () => {
    const names = (list: unknown) => (list as typeof people).map((person) => person.name);
    expect(names(sort(people, "age"))).toEqual(["Cy", "Bob", "Ada"]);
    expect(names(sort(people, "age", "last"))).toEqual(["Bob", "Ada", "Cy"]);
    expect(() => sort(people, "age", "middle")).toThrow(/Invalid nils order/);
    expect(() => sort(null)).toThrow("Cannot sort a null object.");
  });
  it("group_by names groups by text and counts them", () => {
    expect(groupBy(people, "age")).toEqual([
      { name: "36", items: [people[0]], size: 1 },
      { name: "25", items: [people[1]], size: 1 },
      { name: "", items: [people[2]], size: 1 },
    ]);
  });
});

describe("Liquid error places", () => {
  it("counts the front matter's lines and pads the template without changing its output", () => {
    const file = "---\ntitle: x\n---\nbody\n";
    expect(linesBeforeBody(file, "body\n")).toBe(3);
    expect(linesBeforeBody("no front matter", "no front matter")).toBe(0);
    expect(padToFileLines("body", 2)).toBe("{% comment %}\n\n{% endcomment %}body");
    expect(formatLiquidError({ message: 'tag "x" not found, file:./posts/a.md, line:7, col:1' })).toBe(
      'posts/a.md:7:1: tag "x" not found',
    );
    expect(formatLiquidError({ message: "posts/a.md:7: unknown demo, file:./posts/a.md, line:7, col:1" })).toBe(
      "posts/a.md:7: unknown demo",
    );
  });
  it("include_relative refuses to go up a folder", () => {
    expect(checkRelativeName("parts/a.md")).toBeUndefined();
    expect(checkRelativeName("../secret")).toMatch(/goes up a folder/);
  });
});
