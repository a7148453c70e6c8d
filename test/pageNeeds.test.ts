// One record per page (_config/pageNeeds.ts): each page's <head> tags, its CSP <meta> and its `_headers` rule come
// from it and agree, for a page with a demo, with comments, with both, with a video, and with nothing.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GISCUS_ORIGIN, SITE_POLICY } from "../_config/contentSecurityPolicy.ts";
import { headersForPath, parseHeadersFile } from "../server/headersFile.ts";
import { emptyNeeds, headTags, PageNeedsStore, policyOf } from "../_config/pageNeeds.ts";
import {
  COMMENTED_POST,
  commentsFixture,
  DEMO_AND_COMMENTS_POST,
  DEMO_POST,
  GISCUS,
  PLAIN_POST,
  VIDEO_POST,
} from "./helpers/commentsSite.ts";
import {
  attributeOf,
  getAttributeValue,
  outerHtml,
  selectAll,
  selectOne,
  textContent,
  type Document,
} from "./helpers/html.ts";
import { buildFixtureSite, expectBuilt, readDocument, readOutput, type BuiltSite } from "./helpers/site.ts";

interface Head {
  policy: string;
  scripts: string[];
  stylesheets: string[];
  headers: Record<string, string>;
}

let site: BuiltSite;
let rules: ReturnType<typeof parseHeadersFile>;

beforeAll(async () => {
  site = expectBuilt(await buildFixtureSite(commentsFixture()));
  rules = parseHeadersFile(readFileSync(path.join(site.output, "_headers"), "utf8"));
});

function headOf(url: string): Head & { page: Document } {
  const page = readDocument(site, url);
  const meta = selectOne('meta[http-equiv="Content-Security-Policy"]', page);
  return {
    page,
    policy: attributeOf(meta, "content") ?? "",
    scripts: selectAll("script", page)
      .filter((script) => getAttributeValue(script, "type") !== "application/ld+json")
      .map((script) => getAttributeValue(script, "src") ?? "(inline)"),
    stylesheets: selectAll('link[rel="stylesheet"]', page)
      .map((link) => getAttributeValue(link, "href") ?? "")
      .filter((href) => !/^\/assets\/css\/site-/.test(href)),
    headers: Object.fromEntries([...headersForPath(rules, url).values()].map(({ name, value }) => [name, value])),
  };
}

describe("each page's head, CSP meta and _headers agree", () => {
  it.each([DEMO_POST, COMMENTED_POST, DEMO_AND_COMMENTS_POST, VIDEO_POST, PLAIN_POST])("%s", (url) => {
    const head = headOf(url);
    expect(head.policy).not.toBe("");
    expect(head.headers["Content-Security-Policy"]).toBe(head.policy);
    // Isolation exactly where a placed demo asks for it.
    const isolated = selectAll("[data-demo]", head.page).length > 0;
    expect(head.headers["Cross-Origin-Embedder-Policy"]).toBe(isolated ? "require-corp" : undefined);
    // Scripts and stylesheets are files of our own, as the policy's 'self' allows.
    for (const src of [...head.scripts, ...head.stylesheets]) expect(src).toMatch(/^\/[^/]/);
  });

  it("a page with nothing ships zero JavaScript and gets the site policy", () => {
    const head = headOf(PLAIN_POST);
    expect(head.scripts).toEqual([]);
    expect(head.stylesheets).toEqual([]);
    expect(head.policy).toBe(SITE_POLICY);
    expect(head.headers).toEqual({ "Content-Security-Policy": SITE_POLICY, "X-Content-Type-Options": "nosniff" });
  });

  it("a page with a demo gets the loader, the demo policy and isolation", () => {
    const head = headOf(DEMO_POST);
    expect(head.scripts).toEqual([expect.stringMatching(/^\/assets\/demos\/loader-[A-Z0-9]{8}\.js$/)]);
    expect(head.policy).toContain("'unsafe-eval'");
    expect(head.policy).not.toContain(GISCUS_ORIGIN);
    expect(head.headers["Cross-Origin-Opener-Policy"]).toBe("same-origin");
  });

  it("a page with comments gets the comments client and giscus's frame, and no eval", () => {
    const head = headOf(COMMENTED_POST);
    expect(head.scripts).toEqual([expect.stringMatching(/^\/assets\/comments\/comments-[A-Z0-9]{8}\.js$/)]);
    expect(head.policy).toContain(`frame-src ${GISCUS_ORIGIN}`);
    expect(head.policy).toMatch(/script-src 'self';/);
    expect(head.policy).not.toContain("unsafe-eval");
    expect(head.policy).not.toContain("blob:");
    expect(head.headers["Cross-Origin-Embedder-Policy"]).toBeUndefined();
    expect(head.headers[`Cache-Control`]).toBeUndefined();
    expect(headOf(head.scripts[0]!).headers["Cache-Control"]).toContain("immutable");
  });

  it("a page with a demo and comments gets both, in one policy, isolated", () => {
    const head = headOf(DEMO_AND_COMMENTS_POST);
    // The post opts in to the isolation fallback for hosts without headers (coi_serviceworker: true).
    expect(head.scripts).toEqual([
      "/coi-serviceworker.js",
      expect.stringMatching(/^\/assets\/demos\/loader-/),
      expect.stringMatching(/^\/assets\/comments\/comments-/),
    ]);
    expect(head.stylesheets).toEqual([expect.stringMatching(/^\/assets\/demos\/counter-[A-Z0-9]{8}\.css$/)]);
    expect(head.policy).toContain("'unsafe-eval'");
    expect(head.policy).toContain(`frame-src ${GISCUS_ORIGIN}`);
    expect(head.headers["Cross-Origin-Embedder-Policy"]).toBe("require-corp");
  });

  it("a page with a video allows the poster, the player and the facade's style, and ships no script", () => {
    const head = headOf(VIDEO_POST);
    expect(head.scripts).toEqual([]);
    expect(head.policy).toContain("img-src 'self' https://i.ytimg.com");
    expect(head.policy).toContain("frame-src https://www.youtube-nocookie.com");
    expect(head.policy).toMatch(/style-src 'self' 'sha256-/);
  });
});

describe("the comments section", () => {
  it('says "Comments", never "demo", and links to the discussions for readers without JavaScript', () => {
    const section = selectOne("section.comments", readDocument(site, COMMENTED_POST))!;
    expect(textContent(selectOne("h2", section)!)).toBe("Comments");
    expect(outerHtml(section)).not.toMatch(/demo/i);
    expect(getAttributeValue(section, "data-repo")).toBe(GISCUS.repo);
    expect(getAttributeValue(section, "data-repo-id")).toBe(GISCUS.repoId);
    const noscript = selectOne("noscript", section)!;
    expect(textContent(noscript)).toContain("JavaScript");
    // htmlparser2 reads <noscript> as markup (as a browser with scripting off does): the link is in its HTML.
    expect(outerHtml(noscript)).toContain(
      `<a href="https://github.com/${GISCUS.repo}/discussions">GitHub Discussions</a>`,
    );
    // Nothing from giscus is in the page until the reader nears the section.
    expect(readOutput(site, COMMENTED_POST)).not.toMatch(/(src|href)="https:\/\/giscus\.app/);
  });

  it("is left out of posts that do not allow comments", () => {
    expect(selectOne("section.comments", readDocument(site, DEMO_POST))).toBeNull();
  });
});

describe("page records (pure)", () => {
  it("derive one policy and the tags in order: stylesheets, the isolation fallback, then modules", () => {
    const needs = emptyNeeds();
    expect(policyOf(needs)).toBe(SITE_POLICY);
    expect(headTags(needs)).toBe("");
    needs.stylesheets.add("/a.css");
    needs.scripts.add("/loader.js");
    needs.isolationFallback = "/coi.js";
    needs.useIsolationFallback = true;
    expect(
      headTags(needs)
        .split("\n")
        .map((line) => line.trim()),
    ).toEqual([
      '<link rel="stylesheet" href="/a.css">',
      '<script src="/coi.js"></script>',
      '<script type="module" src="/loader.js"></script>',
    ]);
  });

  it("start afresh for a page rendered again in a new build, and keep the pages not rendered again", () => {
    const store = new PageNeedsStore();
    store.startBuild();
    store.of("/a/").comments = true;
    store.of("/b/").demos.add("x");
    store.startBuild();
    expect(store.of("/a/").comments).toBe(false);
    expect(store.get("/b/")?.demos.has("x")).toBe(true);
  });
});
