// The site check over small hand-made output folders (every kind of reference, fragments, %-encoding,
// the path prefix), and over the repo's real build.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { srcsetUrls } from "../_config/htmlText.ts";
import { checkSite, formatBrokenReference, scanPage } from "../cli/build/siteCheck.ts";
import { repoSite } from "./helpers/sharedSites.ts";
import { expectBuilt } from "./helpers/site.ts";

function outputFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "site-check-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const page = (body: string, head = "") =>
  `<!doctype html><html><head>${head}</head><body id="top-of-page">${body}</body></html>`;

describe("checkSite", () => {
  const assets = {
    "public/css/site.css": "",
    "public/img/Killed .png": "",
    "assets/responsive/a-720.webp": "",
    "assets/responsive/a-960.webp": "",
    "feed.xml": "",
    "app.js": "",
    "about/index.html": page('<h2 id="team">Team</h2>'),
    "notes.html": page(""),
  };

  it("accepts every kind of reference that resolves", () => {
    const dir = outputFolder({
      ...assets,
      "index.html": page(
        `<main id="main"><a href="#main">skip</a> <a href="/about/">a</a> <a href="/about/#team">t</a> <a href="about/">relative</a>
         <a href="/about">no slash</a> <a href="/notes">extension-less</a> <a href="/feed.xml">feed</a> <a href="#top">top</a>
         <img src="/public/img/Killed%20.png" alt=""> <picture><source srcset="/assets/responsive/a-720.webp 720w, /assets/responsive/a-960.webp 960w"></picture>
         <a href="https://example.com/nowhere">external</a> <a href="mailto:x@example.com">mail</a> <img src="data:image/png;base64,AA==" alt="">
         <a href="/about/?utm=1&amp;x=2">query</a></main>`,
        '<link rel="stylesheet" href="/public/css/site.css"><link rel="preconnect" href="/nothing-here"><script type="module" src="/app.js"></script>',
      ),
    });
    expect(checkSite(dir)).toEqual([]);
  });

  it("lists each broken target as page → target, with why", () => {
    const dir = outputFolder({
      ...assets,
      "index.html": page(
        `<a href="/missing/">m</a> <a href="/about/#nobody">f</a> <a href="#nowhere">self</a> <img src="/public/img/Killed.png" alt="">
         <img srcset="/assets/responsive/a-720.webp 1x, /assets/responsive/gone.webp 2x" src="/assets/responsive/a-720.webp" alt=""> <a href="/bad%zz">enc</a>`,
        '<link rel="stylesheet" href="/public/css/gone.css"><script src="/gone.js"></script>',
      ),
      "posts/one.html": page('<a href="../about/">ok</a> <a href="../nope.html">relative</a>'),
    });
    expect(checkSite(dir).map(formatBrokenReference).sort()).toEqual(
      [
        "/ → /public/css/gone.css (no such file in the built site)",
        "/ → /gone.js (no such file in the built site)",
        "/ → /missing/ (no such file in the built site)",
        '/ → /about/#nobody (no id="nobody" on that page)',
        '/ → #nowhere (no id="nowhere" on that page)',
        "/ → /public/img/Killed.png (no such file in the built site)",
        "/ → /assets/responsive/gone.webp (no such file in the built site)",
        "/ → /bad%zz (malformed %-encoding)",
        "/posts/one.html → ../nope.html (no such file in the built site)",
      ].sort(),
    );
  });

  it("ignores links inside comments, scripts and escaped code", () => {
    const dir = outputFolder({
      "index.html": page(
        '<!-- <a href="/commented/">x</a> --><pre><code>&lt;a href="/escaped/"&gt;</code></pre><script type="application/ld+json">{"url":"<a href=\\"/in-script/\\">"}</script>',
      ),
    });
    expect(checkSite(dir)).toEqual([]);
  });

  it("scans pages given in memory instead of their files, and reads the rest from disk", () => {
    const dir = outputFolder({
      ...assets,
      "index.html": page('<a href="/on-disk-only/">stale file</a>'),
      "posts/one.html": page('<a href="/from-disk/">read</a>'),
    });
    const writtenPages = new Map([
      ["index.html", page('<a href="/about/#team">ok</a> <a href="/about/#gone">in memory</a>')],
    ]);
    expect(checkSite(dir, { writtenPages }).map(formatBrokenReference).sort()).toEqual([
      '/ → /about/#gone (no id="gone" on that page)',
      "/posts/one.html → /from-disk/ (no such file in the built site)",
    ]);
  });

  it("respects the site's path prefix", () => {
    const files = {
      ...assets,
      "index.html": page(
        '<a href="/blog/about/#team">in</a> <img src="/blog/public/img/Killed%20.png" alt=""> <a href="/about/">out</a>',
      ),
    };
    expect(checkSite(outputFolder(files), { pathPrefix: "/blog/" }).map(formatBrokenReference)).toEqual([
      "/blog/ → /about/ (outside the site's path prefix /blog/)",
    ]);
  });
});

describe("scanPage", () => {
  it("reads ids, quoted and bare attributes, and decodes entities", () => {
    const scan = scanPage(
      `<a id=one href=/a/?x=1&amp;y=2>x</a><a name="two" href='/b/'>y</a><img alt="a > b" src="/c.png">`,
    );
    expect([...scan.ids]).toEqual(["one", "two"]);
    expect(scan.references.map((reference) => reference.value)).toEqual(["/a/?x=1&y=2", "/b/", "/c.png"]);
  });

  it("skips the text of script, style and title in any case of their end tag", () => {
    const scan = scanPage(
      `<SCRIPT>var a = '<a href="/in-script/">';</Script><title><a href="/in-title/"></TITLE><a href="/after/">z</a>`,
    );
    expect(scan.references.map((reference) => reference.value)).toEqual(["/after/"]);
  });

  it("splits srcset candidates", () => {
    expect(srcsetUrls("/a.webp 720w, /b.webp 960w")).toEqual(["/a.webp", "/b.webp"]);
    expect(srcsetUrls("/only.png")).toEqual(["/only.png"]);
  });
});

describe("the repo's own site", () => {
  it("has no broken internal links (the build would have failed)", async () => {
    const site = expectBuilt(await repoSite());
    expect(checkSite(site.output)).toEqual([]);
  });
});
