// Tags and categories that slug alike never merge silently: C, C# and C++ get pages of their own; names that
// differ only in case share one (as Jekyll's downcased URLs do); any other pair that would share a URL fails.
import path from "node:path";
import type { CollectionItem } from "@11ty/eleventy";
import { beforeAll, describe, expect, it } from "vitest";
import { BuildProblemsError } from "../_config/buildErrors.ts";
import { termSlug } from "../_config/slugs.ts";
import { groupByTerm } from "../_config/taxonomies.ts";
import { getAttributeValue, selectAll, selectOne, textContent } from "./helpers/html.ts";
import { expectBuilt, makeFixtureSite, readDocument, runBuild, type BuiltSite } from "./helpers/site.ts";

function item(inputPath: string, tags: string[]): CollectionItem {
  return { inputPath, date: new Date("2024-01-01"), data: { tags }, url: `/${inputPath}` } as unknown as CollectionItem;
}

describe("termSlug", () => {
  it.each([
    ["C", "c"],
    ["C#", "c-sharp"],
    ["C++", "c-plus-plus"],
    ["F#", "f-sharp"],
    ["Notepad++", "notepad-plus-plus"],
    ["#hashtag", "hashtag"],
    ["Deep Learning", "deep-learning"],
    ["]]>", "u5d-u5d-u3e"],
  ])("%s → %s", (name, slug) => expect(termSlug(name)).toBe(slug));
});

describe("groupByTerm", () => {
  it("lists a post once per tag, C and C# apart, and merges names that differ only in case", () => {
    const pages = groupByTerm(
      [item("posts/a.md", ["C", "C#", "C"]), item("posts/b.md", ["C++", "gpu"]), item("posts/c.md", ["GPU"])],
      (post) => post.data.tags as string[],
    );
    expect(pages.map((page) => [page.name, page.slug, page.posts.map((post) => post.inputPath)])).toEqual([
      ["C", "c", ["posts/a.md"]],
      ["C#", "c-sharp", ["posts/a.md"]],
      ["C++", "c-plus-plus", ["posts/b.md"]],
      ["GPU", "gpu", ["posts/c.md", "posts/b.md"]],
    ]);
  });

  it("fails two different names that would share a URL, naming both and their posts", () => {
    const group = () =>
      groupByTerm(
        [item("posts/a.md", ["Deep Learning"]), item("posts/b.md", ["deep-learning"])],
        (post) => post.data.tags as string[],
      );
    expect(group).toThrow(BuildProblemsError);
    expect(group).toThrow(
      `"deep-learning" (posts/b.md) and "Deep Learning" (posts/a.md) would share /tags/deep-learning/`,
    );
  });
});

describe("tag pages in a real build", () => {
  let site: BuiltSite;
  let clash: { status: number; output: string };
  const post = (slug: string, tags: string): [string, string] => [
    `posts/2024-01-0${slug.length % 9}-${slug}.md`,
    `---\nlayout: post\ntitle: About ${slug}\ntags: ${tags}\n---\nText.\n`,
  ];

  beforeAll(async () => {
    const root = makeFixtureSite({
      searchIsland: false,
      files: Object.fromEntries([
        post("c", '["C"]'),
        post("csharp", '["C#"]'),
        post("cpp", '["C++"]'),
        post("both", '["C", "C#"]'),
      ]),
    });
    const clashRoot = makeFixtureSite({
      searchIsland: false,
      files: Object.fromEntries([post("one", '["Deep Learning"]'), post("other", '["deep-learning"]')]),
    });
    const run = async (dir: string) => {
      const { status, stdout, stderr } = await runBuild(dir, { args: ["--quiet"] });
      return { status, output: `${stdout}${stderr}` };
    };
    const [built, failed] = await Promise.all([run(root), run(clashRoot)]);
    site = expectBuilt({
      root,
      output: path.join(root, "_site"),
      status: built.status,
      stdout: built.output,
      stderr: "",
    });
    clash = failed!;
  }, 200_000);

  it("gives C, C# and C++ a page each, and lists a post tagged C and C# once on each", () => {
    const titles = (url: string) =>
      selectAll("main li a", readDocument(site, url)).map((link) => textContent(link).trim());
    const heading = (url: string) => textContent(selectOne("h1", readDocument(site, url))!);
    expect(heading("/tags/c/")).toBe("Posts tagged “C”");
    expect(heading("/tags/c-sharp/")).toBe("Posts tagged “C#”");
    expect(heading("/tags/c-plus-plus/")).toBe("Posts tagged “C++”");
    expect(titles("/tags/c/").filter((title) => title === "About both")).toHaveLength(1);
    expect(titles("/tags/c-sharp/").filter((title) => title === "About both")).toHaveLength(1);
    expect(titles("/tags/c/")).not.toContain("About csharp");
    const tagLinks = selectAll("a[rel=tag]", readDocument(site, "/2024/01/04/both.html")).map((link) =>
      getAttributeValue(link, "href"),
    );
    expect(tagLinks).toEqual(["/tags/c/", "/tags/c-sharp/"]);
  });

  it("fails a build whose tags would share a page", () => {
    expect(clash.status, clash.output).toBe(1);
    expect(clash.output).toMatch(
      /"deep-learning" \(posts\/2024-01-0\d-other\.md\) and "Deep Learning" \(posts\/2024-01-0\d-one\.md\) would share \/tags\/deep-learning\//,
    );
  });
});
