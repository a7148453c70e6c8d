// `_headers` (pure function) and the pages it lists, from their records; the built file is checked against each
// page's meta in pageNeeds.test.ts and csp.test.ts, and what each policy allows and refuses in Chromium in
// csp.test.ts (strict pages refuse eval, blob: workers and frames; the demo post runs gpu.js) and
// demos-browser.test.ts (giscus's frame loads where comments are on, isolated pages included).
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, DEMO_POLICY, SITE_POLICY } from "../_config/contentSecurityPolicy.ts";
import { headersForPath, parseHeadersFile } from "../server/headersFile.ts";
import { hostHeaders } from "../_config/hostHeaders.ts";
import { pageHeaders } from "../_config/hostHeadersFile.ts";
import { PageNeedsStore } from "../_config/pageNeeds.ts";

const input = {
  sitePolicy: SITE_POLICY,
  immutableAssets: ["/assets/demos/", "/assets/responsive/", "/assets/css/site-*"],
  demoAssets: "/assets/demos/",
  demoAssetPolicy: DEMO_POLICY,
  pages: [
    { url: "/b/2024/01/01/demo.html", crossOriginIsolated: true, policy: DEMO_POLICY },
    { url: "/comments/", crossOriginIsolated: false, policy: contentSecurityPolicy({ demos: false, comments: true }) },
  ],
};

function served(urlPath: string): Record<string, string> {
  const headers = headersForPath(parseHeadersFile(hostHeaders(input)), urlPath);
  return Object.fromEntries([...headers.values()].map(({ name, value }) => [name, value]));
}

describe("_headers", () => {
  it("gives every page the site's policy and hashed assets a year of immutable caching", () => {
    expect(served("/about/")).toEqual({ "Content-Security-Policy": SITE_POLICY, "X-Content-Type-Options": "nosniff" });
    expect(served("/assets/responsive/x-1a2b.webp")["Cache-Control"]).toBe("public, max-age=31536000, immutable");
    expect(served("/assets/css/site-0123456789.css")["Cache-Control"]).toBe("public, max-age=31536000, immutable");
    // A blog's own static file keeps its name when it changes: never cached as immutable.
    expect(served("/assets/css/style.css")["Cache-Control"]).toBeUndefined();
    expect(served("/about/")["Cache-Control"]).toBeUndefined();
  });

  it("replaces (not adds to) the site's policy on demo pages and isolates those that want it", () => {
    const demo = served("/b/2024/01/01/demo.html");
    expect(demo["Content-Security-Policy"]).toBe(DEMO_POLICY);
    expect(demo["Cross-Origin-Opener-Policy"]).toBe("same-origin");
    expect(demo["Cross-Origin-Embedder-Policy"]).toBe("require-corp");
    const comments = served("/comments/index.html");
    expect(comments["Content-Security-Policy"]).toContain("https://giscus.app");
    expect(comments["Cross-Origin-Embedder-Policy"]).toBeUndefined();
  });

  it("serves demo bundles with the demo policy and COEP, which module workers take from their own response", () => {
    const bundle = served("/assets/demos/counter.worker-ABCDEFGH.js");
    expect(bundle["Content-Security-Policy"]).toBe(DEMO_POLICY);
    expect(bundle["Cross-Origin-Embedder-Policy"]).toBe("require-corp");
    expect(bundle["Cache-Control"]).toContain("immutable");
  });

  it("writes the demo pages in a stable order, whatever order the build found them in", () => {
    const reversed = hostHeaders({ ...input, pages: [...input.pages].reverse() });
    expect(reversed).toBe(hostHeaders(input));
  });

  it("keeps the rules of a page whose URL has a space: written %-encoded, matched against the decoded path", () => {
    const rules = parseHeadersFile(
      hostHeaders({ ...input, pages: [{ url: "/demo%20page/", crossOriginIsolated: true, policy: DEMO_POLICY }] }),
    );
    for (const path of ["/demo page/", "/demo page/index.html"]) {
      const headers = Object.fromEntries(
        [...headersForPath(rules, path).values()].map(({ name, value }) => [name, value]),
      );
      expect(headers["Cross-Origin-Embedder-Policy"], path).toBe("require-corp");
      expect(headers["Content-Security-Policy"], path).toBe(DEMO_POLICY);
    }
  });

  it("lists each page whose record needs more than the site's headers, and no other", () => {
    const pages = new PageNeedsStore();
    pages.startBuild();
    pages.of("/plain/");
    pages.of("/comments/").comments = true;
    const demo = pages.of("/demo/");
    demo.demos.add("counter");
    demo.crossOriginIsolated = true;
    pages.of("/video/").youtube = true;
    const listed = pageHeaders(pages);
    expect(listed.map((page) => page.url).sort()).toEqual(["/comments/", "/demo/", "/video/"]);
    expect(listed.find((page) => page.url === "/demo/")).toMatchObject({
      crossOriginIsolated: true,
      policy: DEMO_POLICY,
    });
    expect(listed.find((page) => page.url === "/comments/")!.policy).not.toContain("unsafe-eval");
  });
});
