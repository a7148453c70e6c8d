// Social cards on a real build: each post's og:image/twitter:image is its own 1200×630 PNG under /assets/cards/,
// named by a hash of its text and kept in .cache/ between builds; a post's own `image:` wins.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cardHash } from "../_config/socialCards.ts";
import { attributeOf, selectOne } from "./helpers/html.ts";
import { expectBuilt, makeFixtureSite, readDocument, runBuild, type BuiltSite } from "./helpers/site.ts";

const ORIGIN = "https://example.org";
const CODE_POST = "/notes/2024/03/02/code-and-figures.html";
const OWN_IMAGE_POST = "/2024/04/01/with-its-own-image.html";
const OWN_IMAGE_FILE = "posts/2024-04-01-with-its-own-image.md";

let root: string;
let site: BuiltSite;

function shareMeta(url: string) {
  const page = readDocument(site, url);
  const content = (selector: string) => attributeOf(selectOne(selector, page), "content");
  return {
    og: content('meta[property="og:image"]'),
    twitter: content('meta[name="twitter:image"]'),
    card: content('meta[name="twitter:card"]'),
  };
}

/** Width and height from a PNG's IHDR chunk (https://www.w3.org/TR/png/#11IHDR). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

beforeAll(async () => {
  root = makeFixtureSite({
    socialCards: true,
    posts: "test/fixtures/visual/posts",
    demos: "test/fixtures/visual/demos",
    files: {
      [OWN_IMAGE_FILE]:
        "---\ntitle: With its own image\ndate: 2024-04-01\nimage: /public/favicon.svg\n---\nA post that chose its picture.\n",
    },
  });
  site = expectBuilt(await runBuild(root, { env: { SITE_URL: ORIGIN } }));
});

describe("social cards", () => {
  it("gives each post a 1200×630 PNG card as og:image and twitter:image, with a large-image Twitter card", () => {
    const meta = shareMeta(CODE_POST);
    expect(meta.og).toMatch(new RegExp(`^${ORIGIN}/assets/cards/[0-9a-f]{16}\\.png$`));
    expect(meta.twitter).toBe(meta.og);
    expect(meta.card).toBe("summary_large_image");
    const file = path.join(site.output, new URL(meta.og!).pathname);
    expect(pngSize(readFileSync(file))).toEqual({ width: 1200, height: 630 });
  });

  it("gives every post its own card, and pages that are not posts none", () => {
    const cards = ["/notes/2024/02/01/a-short-note.html", CODE_POST, "/2023/05/01/a-small-demo.html"].map(
      (url) => shareMeta(url).og,
    );
    expect(new Set(cards).size).toBe(3);
    expect(shareMeta("/").og).toBeUndefined();
    expect(shareMeta("/").card).toBe("summary");
  });

  it("uses a post's own image: instead of its card", () => {
    expect(shareMeta(OWN_IMAGE_POST).og).toBe(`${ORIGIN}/public/favicon.svg`);
    expect(shareMeta(OWN_IMAGE_POST).card).toBe("summary_large_image");
  });

  it("draws a card once: the next build takes it from .cache/ by its hash, and a new title gets a new card", async () => {
    const hash = cardHash({
      title: "A short note on memory bandwidth",
      date: "1 February 2024",
      siteTitle: "GPU Notes",
      tags: ["GPU", "Hardware"],
    });
    const cached = path.join(root, ".cache/social-cards", `${hash}.png`);
    expect(readdirSync(path.join(root, ".cache/social-cards"))).toContain(`${hash}.png`);
    // A marked copy in the cache: if the next build uses it, the card was not drawn again.
    const marked = Buffer.concat([readFileSync(cached), Buffer.from("cached")]);
    writeFileSync(cached, marked);
    const cardBefore = shareMeta(CODE_POST).og;
    const retitled = path.join(root, "posts/2024-03-02-code-and-figures.md");
    writeFileSync(
      retitled,
      readFileSync(retitled, "utf8").replace("Kernels, tables and a figure", "Kernels and tables"),
    );
    site = expectBuilt(await runBuild(root, { env: { SITE_URL: ORIGIN } }));
    expect(readFileSync(path.join(site.output, `assets/cards/${hash}.png`))).toEqual(marked);
    const retitledCard = shareMeta(CODE_POST).og!;
    expect(retitledCard).not.toBe(cardBefore);
    expect(readdirSync(path.join(site.output, "assets/cards"))).toContain(path.basename(retitledCard));
    expect(pngSize(readFileSync(path.join(site.output, new URL(retitledCard).pathname)))).toEqual({
      width: 1200,
      height: 630,
    });
  });
});
