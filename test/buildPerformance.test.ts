// What the build leaves out to stay fast: a demo no page can place is neither bundled nor type-checked.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildFixtureSite, expectBuilt } from "./helpers/site.ts";

const POST = "---\nlayout: post\ntitle: A post\ncomments: true\n---\nNo demo here.\n";

describe("a site with no comments provider", () => {
  it("bundles and type-checks no comments demo, though the comments partial names it", () => {
    const site = expectBuilt(buildFixtureSite({ files: { "posts/2024-01-01-a-post.md": POST } }));
    const assets = path.join(site.output, "assets/demos");
    const bundled = existsSync(assets) ? readdirSync(assets) : [];
    expect(bundled.filter((file) => file.includes("giscus"))).toEqual([]);
    // The type check covers only the demos pages place: the search page's island, never the comments demo.
    const checked = readFileSync(path.join(site.root, ".cache/blog-demo-types/tsconfig.json"), "utf8");
    expect(checked).toContain("site-search");
    expect(checked).not.toContain("giscus");
  }, 120_000);
});
