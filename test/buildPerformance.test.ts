// What the build leaves out to stay fast: a demo no page can place is neither bundled nor type-checked, and a site
// without a comments provider bundles no comments client.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { selectOne } from "./helpers/html.ts";
import { buildFixtureSite, expectBuilt, readDocument } from "./helpers/site.ts";

const POST = "---\nlayout: post\ntitle: A post\ncomments: true\n---\nNo demo here.\n";

describe("a site with no comments provider, whose post places no demo", () => {
  it("bundles no comments client and bundles and type-checks only the demos pages place", async () => {
    // A cold cache: the type check runs, and its tsconfig shows what it covered.
    const site = expectBuilt(
      await buildFixtureSite({ files: { "posts/2024-01-01-a-post.md": POST } }, { coldCache: true }),
    );
    expect(existsSync(path.join(site.output, "assets/comments"))).toBe(false);
    expect(selectOne(".comments", readDocument(site, "/2024/01/01/a-post.html"))).toBeNull();
    const bundled = readdirSync(path.join(site.output, "assets/demos"));
    expect(bundled.filter((file) => file.startsWith("gpu-vs-cpu-matmul"))).toEqual([]);
    // The type check covers only the demos pages place: the search page's island, not the matmul demo.
    const checked = readFileSync(path.join(site.root, ".cache/blog-demo-types/tsconfig.json"), "utf8");
    expect(checked).toContain("site-search");
    expect(checked).not.toContain("gpu-vs-cpu-matmul");
  }, 120_000);
});
