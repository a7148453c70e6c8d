// The comments feature's build side (_config/comments.ts): settings giscus could not use are refused by key, and
// the section's markup; its behaviour in Chromium is in demos-browser.test.ts, its page needs in pageNeeds.test.ts.
import { describe, expect, it } from "vitest";
import { checkCommentsConfig, commentsSection } from "../_config/comments.ts";
import type { CommentsConfig } from "../_config/siteSettings.ts";

const GOOD: CommentsConfig = {
  provider: "giscus",
  repo: "owner/blog",
  repoId: "R_1",
  category: "C",
  categoryId: "DIC_1",
};

describe("comments settings", () => {
  it("accepts giscus's settings", () => {
    expect(() => checkCommentsConfig(GOOD)).not.toThrow();
    expect(() => checkCommentsConfig({ ...GOOD, mapping: "og:title" })).not.toThrow();
  });

  it.each([
    [{ ...GOOD, repoId: "" }, "repoId: required"],
    [{ ...GOOD, repo: "blog" }, 'repo: expected owner/name, got "blog"'],
    [{ ...GOOD, provider: "disqus" }, 'provider: only "giscus" is supported'],
    [{ ...GOOD, mapping: "number" }, "mapping: one of pathname, url, title, og:title"],
  ])("refuses %o, naming the key in _config.yml", (config, message) => {
    expect(() => checkCommentsConfig(config as CommentsConfig)).toThrow(`_config.yml: comments: ${message}`);
  });

  it("escapes the settings it writes into the section", () => {
    const html = commentsSection({ ...GOOD, category: 'A "quoted" <name>' });
    expect(html).toContain('data-category="A &quot;quoted&quot; &lt;name&gt;"');
  });
});
