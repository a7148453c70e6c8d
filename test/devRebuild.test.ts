// `npm start` rebuilds after a post edit (incremental: only the post and the pages that list posts), and
// every page that lists the post shows its new title: its own page, home, archive, its tag and category
// pages and both feeds. A list left stale would fail here. (The neighbouring posts' previous/next links
// keep the old title until the next full build: Eleventy has no way to declare that dependency.)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { startDevServer, type DevServer } from "./helpers/devServer.ts";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForUrl, makeFixtureSite } from "./helpers/site.ts";
import { DEV_OUTPUT } from "../_config/publishing.ts";
import { YOUTUBE_FRAME_ORIGIN } from "../_config/youtube.ts";

const post = (title: string, category: string, tags: string) =>
  `---\nlayout: post\ntitle: "${title}"\ncategories: ${category}\ntags: [${tags}]\n---\nA first paragraph.\n\nMore text.\n`;

const POSTS = {
  // A video: its page's policy (in `_headers`, which the dev server sends) allows YouTube's player.
  "posts/2024-01-01-first.md": `${post("First post", "notes", "alpha")}\n{% youtube "dQw4w9WgXcQ" %}\n`,
  "posts/2024-01-02-middle.md": post("Middle post", "hardware", "beta, gamma"),
  "posts/2024-01-03-last.md": post("Last post", "notes", "alpha"),
};
const EDITED = "posts/2024-01-02-middle.md";
const EDITED_URL = "/hardware/2024/01/02/middle.html";
/** Every page that shows the middle post's title. */
const LISTS = ["/", "/archive/", "/tags/beta/", "/tags/gamma/", "/hardware/", "/feed.xml", "/feed.json"];

describe("npm start: rebuild after a post edit", () => {
  let root: string;
  let dev: DevServer;

  const page = (url: string) => readFileSync(fileForUrl(path.join(root, DEV_OUTPUT), url), "utf8");

  beforeAll(async () => {
    root = makeFixtureSite({ files: POSTS });
    dev = await startDevServer(root);
  }, 120_000);
  afterAll(() => {
    dev?.stop();
  });

  it("shows a retitled post on its page and on every list and feed that names it", async () => {
    for (const url of [EDITED_URL, ...LISTS]) expect(page(url)).toContain("Middle post");
    const from = dev.log().length;
    const source = path.join(root, EDITED);
    writeFileSync(source, readFileSync(source, "utf8").replace('title: "Middle post"', 'title: "Retitled middle"'));
    await dev.waitForLog(/Wrote \d+ files?/, from);
    const rebuild = dev.log().slice(from);
    for (const url of [EDITED_URL, ...LISTS]) {
      expect(page(url), url).toContain("Retitled middle");
      expect(page(url), url).not.toContain("Middle post");
    }
    // Incremental: the edited post was written again, the other posts were not.
    expect(rebuild).toMatch(/Writing .*middle\.html/);
    expect(rebuild).not.toMatch(/Writing .*first\.html/);
    expect(existsSync(fileForUrl(path.join(root, DEV_OUTPUT), "/notes/2024/01/01/first.html"))).toBe(true);
    // `_headers` still gives the page that was not rebuilt its own policy, not the site's (which blocks the video).
    const headers = readFileSync(path.join(root, DEV_OUTPUT, "_headers"), "utf8");
    const firstRule = headers.split(/\n(?=\S)/).find((rule) => rule.startsWith("/notes/2024/01/01/first.html"));
    expect(firstRule).toContain(YOUTUBE_FRAME_ORIGIN);
  }, 120_000);
});
