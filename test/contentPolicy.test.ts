// Post content against the page's Content-Security-Policy: what the policy would block fails the build with
// file:line and the fix; `csp:` in _config.yml allows named origins on the pages that use them (meta and
// `_headers` alike); `{% youtube %}` shows a poster and loads the player only when the reader presses play.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pagePolicy } from "../_config/pageHead.ts";
import { headersForPath, parseHeadersFile } from "../server/headersFile.ts";
import { createPreviewServer } from "../server/previewServer.ts";
import { decodeHTMLAttribute as decodeEntities } from "entities";
import { youtubeEmbed } from "../_config/youtube.ts";
import { launchChromium } from "./helpers/chromium.ts";
import { makeFixtureSite, readOutput, repoRoot, runBuild, type BuiltSite } from "./helpers/site.ts";

const VIDEO = "dQw4w9WgXcQ";
const VIDEO_POST = "/2024/01/02/video.html";

const build = (root: string) => runBuild(root, { args: ["--quiet"] });

const post = (title: string, body: string) => `---\nlayout: post\ntitle: ${title}\n---\n${body}\n`;

describe("pagePolicy", () => {
  it.each([
    ['<img src="https://i.imgur.com/a.png" alt="">', "img-src", "copy the image into public/img/"],
    ['<p><img srcset="/a.png 1x, //cdn.example/b.png 2x" alt=""></p>', "https://cdn.example", "img-src"],
    ['<iframe src="https://www.youtube.com/embed/x"></iframe>', "frame-src", '{% youtube "<video id>" %}'],
    ['<script src="https://gist.github.com/u/1.js"></script>', "script-src", "fenced code block"],
    [
      '<link rel="stylesheet" href="https://fonts.example/x.css">',
      "style-src",
      "csp: { style: [https://fonts.example] }",
    ],
    ['<img src="data:image/png;base64,AAAA" alt="">', "data: URLs", "public/"],
    ['<p style="color: red">x</p>', "inline styles", "public/css/site.css"],
    ["<style>p { color: red }</style>", "inline <style>", "public/css/site.css"],
    ["<script>alert(1)</script>", "inline scripts", "{% demo %}"],
    ['<img src="/a.png" onerror="alert(1)" alt="">', "event-handler", "demo"],
    ['<a href="javascript:alert(1)">x</a>', "javascript: URLs", "demo"],
  ])("blocks %s", (html, ...said) => {
    const { blocked } = pagePolicy(html);
    expect(blocked).toHaveLength(1);
    for (const text of said) expect(`${blocked[0]!.what}: ${blocked[0]!.fix}`).toContain(text);
  });

  it("lets through same-origin URLs, data blocks, escaped code and allowed origins, which the policy then lists", () => {
    const html =
      '<img src="/public/img/a.png" alt=""><a href="https://example.com/">x</a><script type="application/ld+json">{}</script><pre><code>&lt;script&gt;alert(1)&lt;/script&gt; style="x"</code></pre>';
    expect(pagePolicy(html).blocked).toEqual([]);
    const imgur = pagePolicy('<img src="https://i.imgur.com/a.png" alt="">', {
      img: ["https://i.imgur.com/"],
      frame: ["https://player.example"],
    });
    expect(imgur.blocked).toEqual([]);
    expect(imgur.policy).toContain("img-src 'self' https://i.imgur.com;");
    expect(imgur.policy).toContain("frame-src 'none';");
  });

  it("allows a {% youtube %} embed's poster, player and facade style, and nothing else", () => {
    const { policy, blocked } = pagePolicy(youtubeEmbed(VIDEO, "A talk"));
    expect(blocked).toEqual([]);
    expect(policy).toContain("frame-src https://www.youtube-nocookie.com;");
    expect(policy).toContain("img-src 'self' https://i.ytimg.com;");
    expect(policy).toMatch(/style-src 'self' 'sha256-[\w+/=]+';/);
    expect(policy).toContain("script-src 'self';");
    expect(() => youtubeEmbed("javascript:alert(1)")).toThrow(/not a YouTube video id/);
  });
});

let blocked: BuiltSite;
/** Also the site the facade is tried in, in Chromium. */
let allowed: BuiltSite;

beforeAll(async () => {
  const blockedRoot = makeFixtureSite({
    files: {
      "posts/2024-01-01-remote.md": post(
        "Remote things",
        [
          "Intro.",
          "",
          "![Cat](https://i.imgur.com/cat.png)",
          "",
          '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
          "",
          '<script src="https://gist.github.com/someone/1234.js"></script>',
        ].join("\n"),
      ),
      "posts/2024-01-02-inline.md": post(
        "Inline things",
        ["Fine.", "", '<p style="color: red">Red.</p>', "", '<button onclick="go()">Go</button>'].join("\n"),
      ),
    },
  });
  const config = readFileSync(path.join(repoRoot, "_config.yml"), "utf8");
  const allowedRoot = makeFixtureSite({
    files: {
      "_config.yml": `${config}\ncsp:\n  img: [https://i.imgur.com]\n`,
      "posts/2024-01-01-imgur.md": post("An imgur picture", "![Cat](https://i.imgur.com/cat.png)"),
      "posts/2024-01-02-video.md": post(
        "A video",
        `Watch this.\n\n{% youtube "${VIDEO}", "Never gonna give you up" %}\n\nAfter the video.`,
      ),
      "posts/2024-01-03-plain.md": post("Plain", "Nothing remote."),
    },
  });
  [blocked, allowed] = await Promise.all([build(blockedRoot), build(allowedRoot)]);
}, 300_000);

describe("builds", () => {
  it("fails content the CSP would block, one line each with file:line and the fix", () => {
    expect(blocked.status, blocked.stdout + blocked.stderr).toBe(1);
    const lines = blocked.stderr.split("\n").map((line) => line.trim());
    const line = (prefix: string) => lines.find((text) => text.startsWith(prefix));
    expect(
      line(
        "posts/2024-01-01-remote.md:7: <img> from https://i.imgur.com/cat.png: the page's CSP (img-src) blocks https://i.imgur.com;",
      ),
    ).toContain("csp: { img: [https://i.imgur.com] }");
    expect(line("posts/2024-01-01-remote.md:9: <iframe> from https://www.youtube.com/embed/dQw4w9WgXcQ:")).toContain(
      '{% youtube "<video id>" %}',
    );
    expect(line("posts/2024-01-01-remote.md:11: <script> from https://gist.github.com/someone/1234.js:")).toContain(
      "fenced code block",
    );
    expect(line('posts/2024-01-02-inline.md:7: style="color: red":')).toContain("public/css/site.css");
    expect(line('posts/2024-01-02-inline.md:9: onclick="…":')).toContain("demo");
  });

  it("allows an origin from _config.yml on the page that uses it only, in its <meta> and in _headers alike", () => {
    expect(allowed.status, allowed.stdout + allowed.stderr).toBe(0);
    const rules = parseHeadersFile(readFileSync(path.join(allowed.output, "_headers"), "utf8"));
    const policies = (url: string) => ({
      meta: decodeEntities(
        /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(readOutput(allowed, url))![1]!,
      ),
      header: headersForPath(rules, url).get("content-security-policy")?.value,
    });
    const imgur = policies("/2024/01/01/imgur.html");
    expect(imgur.meta).toContain("img-src 'self' https://i.imgur.com;");
    expect(imgur.header).toBe(imgur.meta);
    const video = policies(VIDEO_POST);
    expect(video.meta).toContain("frame-src https://www.youtube-nocookie.com;");
    expect(video.header).toBe(video.meta);
    const plain = policies("/2024/01/03/plain.html");
    expect(plain.meta).not.toContain("imgur");
    expect(plain.header).toBe(plain.meta);
  });

  it("ships the video page without any script", () => {
    expect(readOutput(allowed, VIDEO_POST)).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
  });
});

describe("the {% youtube %} facade in Chromium", () => {
  let browser: Browser;
  let server: ReturnType<typeof createPreviewServer>;
  let base: string;
  const poster = readFileSync(path.join(repoRoot, "public/img/Killed .png"));

  beforeAll(async () => {
    expect(allowed.status, allowed.stdout + allowed.stderr).toBe(0);
    server = createPreviewServer({ root: allowed.output });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A page whose requests to YouTube are answered locally (the machine is offline), recording them and CSP violations. */
  async function open(options: {
    width: number;
    scheme: "light" | "dark";
    javaScript?: boolean;
  }): Promise<{ page: Page; youtube: string[]; violations: string[] }> {
    const context = await browser.newContext({
      viewport: { width: options.width, height: 900 },
      colorScheme: options.scheme,
      javaScriptEnabled: options.javaScript ?? true,
    });
    const page = await context.newPage();
    const youtube: string[] = [];
    const violations: string[] = [];
    page.on(
      "console",
      (message) => /Content Security Policy|Refused to/i.test(message.text()) && violations.push(message.text()),
    );
    await context.route(
      "https://i.ytimg.com/**",
      (route) => (youtube.push(route.request().url()), route.fulfill({ body: poster, contentType: "image/png" })),
    );
    await context.route(
      "https://www.youtube-nocookie.com/**",
      (route) => (
        youtube.push(route.request().url()),
        route.fulfill({
          body: "<!doctype html><title>player</title><p id=player>the player</p>",
          contentType: "text/html",
        })
      ),
    );
    await page.goto(`${base}${VIDEO_POST}`);
    await page.waitForLoadState("load");
    return { page, youtube, violations };
  }

  it("shows the poster with no player and no script, and loads the player when the reader presses play", async () => {
    const { page, youtube, violations } = await open({ width: 1280, scheme: "light" });
    const frame = page.frameLocator(".video-frame");
    await frame.locator("img").waitFor();
    expect(await frame.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(youtube.every((url) => url.startsWith("https://i.ytimg.com/"))).toBe(true);
    expect(
      await page.evaluate(() => [...document.scripts].filter((script) => script.type !== "application/ld+json").length),
    ).toBe(0);
    await frame.getByRole("link", { name: "Play: Never gonna give you up" }).click();
    await frame.locator("#player").waitFor();
    expect(youtube).toContain(`https://www.youtube-nocookie.com/embed/${VIDEO}?autoplay=1`);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it("works without JavaScript, and looks right at 390 and 1280 px, light and dark", async () => {
    mkdirSync(path.join(repoRoot, "test-results"), { recursive: true });
    for (const width of [390, 1280]) {
      const { page, violations } = await open({ width, scheme: "light", javaScript: false });
      const figure = page.locator("figure.video");
      await page.frameLocator(".video-frame").locator("img").waitFor();
      const box = (await figure.locator("iframe").boundingBox())!;
      expect(Math.abs(box.width / box.height - 16 / 9)).toBeLessThan(0.02);
      // One load a width: the scheme is live CSS, in the facade's frame too.
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await figure.screenshot({ path: path.join(repoRoot, `test-results/youtube-${width}-${scheme}.png`) });
        await page.screenshot({ path: path.join(repoRoot, `test-results/youtube-page-${width}-${scheme}.png`) });
      }
      expect(violations).toEqual([]);
      if (width === 390) {
        await page.frameLocator(".video-frame").getByRole("link").click();
        await page.frameLocator(".video-frame").locator("#player").waitFor();
      }
      await page.context().close();
    }
  });
});
