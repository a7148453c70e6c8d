// `npm run preview`: the `_headers` parser on its own, then the real CLI serving a real prefixed build
// (headers from the build's own `_headers`), read with fetch and with Chromium.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { get } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersForPath, matchHeaderPattern, parseHeadersFile } from "../server/headersFile.ts";
import { contentTypeFor, parsePreviewArgs } from "../cli/preview.ts";
import { launchChromium } from "./helpers/chromium.ts";
import { buildFixtureSite, expectBuilt, repoRoot, type BuiltSite } from "./helpers/site.ts";

describe("the _headers parser", () => {
  const text = [
    "# comment",
    "/*",
    "  Content-Security-Policy: default-src 'self'",
    "  X-Content-Type-Options: nosniff",
    "",
    "/assets/*",
    "  Cache-Control: public, max-age=31536000, immutable",
    "/posts/:year/:slug.html",
    "  ! Content-Security-Policy",
    "  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
    "  X-Year: :year",
    "/files/*",
    "  Link: </files/:splat>; rel=canonical",
    "  X-Content-Type-Options: again",
  ].join("\n");
  const rules = parseHeadersFile(text);
  const headers = (urlPath: string) =>
    Object.fromEntries([...headersForPath(rules, urlPath)].map(([key, { value }]) => [key, value]));

  it("reads patterns, header lines and detaches in file order", () => {
    expect(rules.map((rule) => rule.pattern)).toEqual(["/*", "/assets/*", "/posts/:year/:slug.html", "/files/*"]);
    expect(rules[2]).toMatchObject({ detach: ["content-security-policy"], line: 8 });
  });

  it("matches splats greedily and placeholders within one segment", () => {
    expect(matchHeaderPattern("/assets/*", "/assets/demos/a-1.js")).toEqual({ splat: "demos/a-1.js" });
    expect(matchHeaderPattern("/posts/:year/:slug.html", "/posts/2024/hi.html")).toEqual({ year: "2024", slug: "hi" });
    expect(matchHeaderPattern("/posts/:year/:slug.html", "/posts/2024/x/hi.html")).toBeNull();
    expect(matchHeaderPattern("/a.html", "/aXhtml")).toBeNull();
    expect(matchHeaderPattern("https://example.com/*", "/x")).toBeNull();
  });

  it("applies every matching rule: joins repeats, detaches, fills placeholders", () => {
    expect(headers("/assets/x.js")).toEqual({
      "content-security-policy": "default-src 'self'",
      "x-content-type-options": "nosniff",
      "cache-control": "public, max-age=31536000, immutable",
    });
    expect(headers("/posts/2024/hi.html")["content-security-policy"]).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
    );
    expect(headers("/posts/2024/hi.html")["x-year"]).toBe("2024");
    expect(headers("/files/a/b.txt")).toMatchObject({
      link: "</files/a/b.txt>; rel=canonical",
      "x-content-type-options": "nosniff, again",
    });
  });

  it("rejects what a host would misread, naming the line", () => {
    expect(() => parseHeadersFile("  X-A: b\n")).toThrow(/_headers:1: header line before any path/);
    expect(() => parseHeadersFile("/a\n  no colon here\n")).toThrow(/_headers:2: expected "Header-Name: value"/);
    expect(() => parseHeadersFile("assets/*\n  X-A: b\n")).toThrow(/_headers:1: expected a path/);
  });
});

describe("preview options and types", () => {
  it("defaults to port 8081 and the build's PATH_PREFIX", () => {
    expect(parsePreviewArgs([], {})).toEqual({ port: 8081, host: "localhost", root: "_site", pathPrefix: "/" });
    expect(parsePreviewArgs(["--port", "9000"], { PATH_PREFIX: "/blog/" })).toMatchObject({
      port: 9000,
      pathPrefix: "/blog/",
    });
    expect(() => parsePreviewArgs(["--port", "http"], {})).toThrow(/--port/);
  });

  it("gives hosts' content types", () => {
    expect(contentTypeFor("a.wasm")).toBe("application/wasm");
    expect(contentTypeFor("a.js")).toBe("text/javascript; charset=utf-8");
    expect(contentTypeFor("feed.json")).toBe("application/json; charset=utf-8");
    expect(contentTypeFor("feed.xml")).toBe("application/xml; charset=utf-8");
    expect(contentTypeFor("a.webp")).toBe("image/webp");
  });
});

describe("npm run preview on a site built under /blog/", () => {
  let site: BuiltSite;
  let preview: ChildProcess;
  let base: string;

  beforeAll(async () => {
    site = expectBuilt(
      await buildFixtureSite(
        { posts: "test/fixtures/demo-site/posts", demos: "test/fixtures/demo-site/demos", keepRepoDemos: [] },
        { env: { PATH_PREFIX: "/blog/", SITE_URL: "https://user.github.io" } },
      ),
    );
    preview = spawn(
      process.execPath,
      [
        path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
        "cli/preview.ts",
        "--dir",
        site.output,
        "--port",
        "0",
        "--host",
        "127.0.0.1",
      ],
      { cwd: repoRoot, env: { ...process.env, PATH_PREFIX: "/blog/" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    base = await new Promise<string>((resolve, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /Serving .* at (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve(url);
      };
      preview.stdout!.on("data", onData);
      preview.stderr!.on("data", onData);
      preview.once("exit", (code) => reject(new Error(`preview exited (${code}):\n${output}`)));
    });
  });

  afterAll(() => {
    preview?.kill();
  });

  const hashedDemoBundle = () =>
    readdirSync(path.join(site.output, "assets/demos")).find((name) => /^loader-\w+\.js$/.test(name))!;

  it("serves the site under the prefix and says where", () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/blog\/$/);
  });

  it("sends the demo page the headers `_headers` gives it: COOP/COEP and the demo CSP", async () => {
    const response = await fetch(new URL("notes/2024/01/02/sparkline-demo.html", base));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    const headersFile = readFileSync(path.join(site.output, "_headers"), "utf8");
    const demoPolicy =
      /^\/notes\/2024\/01\/02\/sparkline-demo\.html\n(?: {2}.*\n)*? {2}Content-Security-Policy: (.*)$/m.exec(
        headersFile,
      )?.[1];
    expect(demoPolicy).toContain("'wasm-unsafe-eval'");
    expect(response.headers.get("content-security-policy")).toBe(demoPolicy);
  });

  it("sends a page without demos the site CSP and no isolation headers", async () => {
    const response = await fetch(new URL("notes/2024/01/03/plain.html", base));
    expect(response.status).toBe(200);
    expect(response.headers.get("cross-origin-opener-policy")).toBeNull();
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'self'/);
    expect(response.headers.get("content-security-policy")).not.toContain("wasm-unsafe-eval");
  });

  it("caches a content-hashed asset for a year, immutable, as JavaScript", async () => {
    const response = await fetch(new URL(`assets/demos/${hashedDemoBundle()}`, base));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await response.text()).toBe(
      readFileSync(path.join(site.output, "assets/demos", hashedDemoBundle()), "utf8"),
    );
  });

  it("serves /dir/ from index.html, redirects /dir, and decodes %20", async () => {
    const archive = await fetch(new URL("archive/", base));
    expect(archive.status).toBe(200);
    expect(await archive.text()).toContain("<h1");
    const bare = await fetch(new URL("archive", base), { redirect: "manual" });
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/blog/archive/");
    const image = await fetch(new URL("public/img/Killed%20.png", base));
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
  });

  it("answers misses with 404.html and status 404, outside the prefix too, and never serves _headers", async () => {
    const notFoundPage = readFileSync(path.join(site.output, "404.html"), "utf8");
    for (const url of ["no/such/page.html", "_headers", "../package.json", "/elsewhere/index.html"]) {
      const response = await fetch(new URL(url, base));
      expect(response.status, url).toBe(404);
      expect(await response.text()).toBe(notFoundPage);
    }
    const root = await fetch(new URL("/", base), { redirect: "manual" });
    expect(root.headers.get("location")).toBe("/blog/");
  });

  it("keeps an encoded ../ inside the site", async () => {
    // fetch would normalise the path; a raw request sends it as written.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(new URL("/blog/..%2f..%2f..%2fpackage.json", base), (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on("error", reject);
    });
    expect(status).toBe(404);
  });

  it("runs the demo in Chromium under /blog/: cross-origin isolated, every chunk found", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const failures: string[] = [];
      page.on("response", (response) => {
        if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
      });
      page.on("requestfailed", (request) => failures.push(`failed ${request.url()}`));
      await page.goto(new URL("notes/2024/01/02/sparkline-demo.html", base).href);
      await page.locator('[data-mounted="sparkline"]').waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(failures).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
