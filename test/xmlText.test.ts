// Valid XML always: characters XML 1.0 forbids (a NUL from a YAML "\0", terminal colour codes pasted into a code
// block, U+FFFE, a lone surrogate) are removed from feed.xml and sitemap.xml with a warning naming file:line, and
// every XML file the build writes parses with a strict XML parser (saxes).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeXml, escapeXmlAttribute, findNonXmlText, xmlSafeText } from "../_config/xmlText.ts";
import { buildFixtureSite, expectBuilt, readOutput, type BuiltSite } from "./helpers/site.ts";
import { childText, elements, parseXml } from "./helpers/xml.ts";

const POST = "posts/2018-10-31-control-characters.md";

let site: BuiltSite;
beforeAll(async () => {
  site = expectBuilt(await buildFixtureSite({ posts: "test/fixtures/xml" }));
});

describe("a build with characters XML forbids in its posts", () => {
  it("writes only XML files that a strict parser accepts", () => {
    const xmlFiles = readdirSync(site.output, { recursive: true, encoding: "utf8" }).filter((file) =>
      file.endsWith(".xml"),
    );
    expect(xmlFiles.sort()).toEqual(["feed.xml", "sitemap.xml"]);
    for (const file of xmlFiles)
      expect(() => parseXml(readFileSync(path.join(site.output, file), "utf8")), file).not.toThrow();
  });

  it("keeps the text around what it removed, whole escape sequences included", () => {
    const feed = parseXml(readOutput(site, "/feed.xml"));
    const entry = elements(feed, "entry").find((element) => childText(element, "title").startsWith("Null"))!;
    expect(childText(entry, "title")).toBe("Nullbyte and bold");
    expect(elements(entry, "category").map((category) => category.attributes.term)).toEqual(["tab\ttag", "bell"]);
    const content = childText(entry, "content");
    expect(content).toContain("all passed red");
    expect(content).not.toMatch(/\[\d+(;\d+)*m/);
    expect(content).toContain("💚");
    expect(content).toContain("noncharacter  here");
    // A URL reaches the sitemap %-encoded, U+FFFF included.
    const locs = elements(parseXml(readOutput(site, "/sitemap.xml")), "loc").map((loc) => loc.text);
    expect(locs).toContain("https://example.github.io/caf%EF%BF%BF/2018/11/01/odd-category.html");
  });

  it("warns with the file and line each one came from", () => {
    const output = site.stdout + site.stderr;
    expect(output).toContain(
      `warning: ${POST}:3: title: holds a character XML 1.0 does not allow; it was removed from feed.xml`,
    );
    expect(output).toContain(
      `warning: ${POST}:4: tags: holds a character XML 1.0 does not allow; it was removed from feed.xml`,
    );
    expect(output).toContain(`warning: ${POST}:6: U+FFFE: XML 1.0 does not allow it`);
    expect(output).toContain(`warning: ${POST}:10: a terminal colour code (ESC[32m): XML 1.0 does not allow it`);
    expect(output).toContain(`warning: ${POST}:13: U+000C: XML 1.0 does not allow it`);
    expect(output).toContain(
      "warning: posts/2018-11-01-odd-category.md:4: categories: holds a character XML 1.0 does not allow; it was removed from feed.xml",
    );
  });
});

describe("the character rules", () => {
  it("remove C0 controls but tab, LF and CR; U+FFFE and U+FFFF; lone surrogates; terminal control sequences", () => {
    expect(xmlSafeText("a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg")).toBe("abcdefg");
    expect(xmlSafeText("keep\ttab\nLF\r\nCRLF")).toBe("keep\ttab\nLF\r\nCRLF");
    expect(xmlSafeText("x\ufffey\uffffz\ufffd")).toBe("xyz\ufffd");
    expect(xmlSafeText("lone \ud800 high, lone \udc00 low, pair \ud83d\udc9a")).toBe("lone  high, lone  low, pair 💚");
    expect(xmlSafeText("\u001b[1;31merror\u001b[0m: \u001b[?25hcursor, bare \u001b escape")).toBe(
      "error: cursor, bare  escape",
    );
    expect(xmlSafeText("\u0080 and \u009f are allowed (discouraged only)")).toBe(
      "\u0080 and \u009f are allowed (discouraged only)",
    );
  });

  it("escape what remains for element text and attributes", () => {
    expect(escapeXml('<a href="x">&\u0000</a>')).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    const parsed = parseXml(`<a t="${escapeXmlAttribute("\u0000\"'<>&\u001b[0m\tx\ny")}">${escapeXml("]]>\ud800")}</a>`)
      .children[0]!;
    expect(parsed.attributes.t).toBe("\"'<>&\tx\ny");
    expect(parsed.text).toBe("]]>");
  });

  it("find each line that holds one, and what it is", () => {
    expect(findNonXmlText("ok\nnul \u0000\nok\n\u001b[31mred")).toEqual([
      { line: 2, what: "U+0000" },
      { line: 4, what: "a terminal colour code (ESC[31m)" },
    ]);
  });
});
