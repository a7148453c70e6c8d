// The test run's build service (tools/buildService.ts): a host that keeps Node, tsx and Eleventy loaded must build
// each site as a fresh `npm run build` process would, never with what an earlier build left in its memory.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBuild, startBuildService, type BuildService } from "../tools/buildService.ts";
import { DEMO_FIXTURE } from "./helpers/fixtures.ts";
import { attributeOf, selectAll } from "./helpers/html.ts";
import { expectBuilt, makeFixtureSite, readDocument, readOutput } from "./helpers/site.ts";

/** Two posts and no demo (a site with no posts has no home page, and its links to it would be broken). */
const PLAIN = { posts: "test/fixtures/markdown-site/posts" };

let service: BuildService;
beforeAll(async () => {
  // One host, so that every build below runs in the same process as the one before it.
  service = await startBuildService({ hosts: 1 });
});
afterAll(() => service.close());

describe("one build host, several sites", () => {
  it("builds a second site with its own templates and plugins, not the first site's compiled ones", async () => {
    // The same pages/search.njk in both; Eleventy 3.1.8 caches compiled templates per process by that path, and the
    // first site's copy would place the first site's demo bundles (file names the second site never wrote).
    const first = expectBuilt(
      await requestBuild(service.url, { root: makeFixtureSite({ ...PLAIN, keepRepoDemos: [] }) }),
    );
    const second = expectBuilt(await requestBuild(service.url, { root: makeFixtureSite(DEMO_FIXTURE) }));
    const scripts = (site: typeof first) =>
      selectAll("script[src]", readDocument(site, "/search/")).map((script) => attributeOf(script, "src"));
    expect(scripts(second)).not.toEqual(scripts(first));
  });

  it("never builds a site twice in one process: a setting read when its modules load takes its new value", async () => {
    const root = makeFixtureSite({ ...PLAIN, searchIsland: false });
    expectBuilt(await requestBuild(service.url, { root }));
    const config = path.join(root, "_config.yml");
    writeFileSync(config, readFileSync(config, "utf8").replace(/^title: .*$/m, "title: Renamed by the test"));
    const rebuilt = expectBuilt(await requestBuild(service.url, { root }));
    expect(readOutput(rebuilt, "/")).toContain("Renamed by the test");
  });

  it("reports a failed build as its process would: exit status 1 and the build's own message", async () => {
    const root = makeFixtureSite({
      ...PLAIN,
      searchIsland: false,
      files: { "posts/2024-01-01-broken.md": "---\ntitle: [unclosed\n---\nText.\n" },
    });
    const site = await requestBuild(service.url, { root });
    expect(site.status).toBe(1);
    expect(site.stderr).toContain("posts/2024-01-01-broken.md");
    expect(site.stderr).toContain("Build failed: the previous site was left unchanged.");
  });

  it("passes a usage mistake through as the command's exit status 2, and the host lives on", async () => {
    const root = makeFixtureSite({ ...PLAIN, searchIsland: false });
    const refused = await requestBuild(service.url, { root, args: ["--bogus"] });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("usage: npm run build");
    expectBuilt(await requestBuild(service.url, { root: makeFixtureSite({ ...PLAIN, searchIsland: false }) }));
  });

  it("starts a new site's cache with the demo bundles and type check of an earlier site with the same demos", async () => {
    const report = (root: string) =>
      JSON.parse(readFileSync(path.join(root, ".cache/build/report.json"), "utf8")) as Record<string, unknown>;
    const fixture = { ...PLAIN, keepRepoDemos: [] };
    expectBuilt(await requestBuild(service.url, { root: makeFixtureSite(fixture) }));
    const seeded = makeFixtureSite(fixture);
    expectBuilt(await requestBuild(service.url, { root: seeded }));
    expect(report(seeded)).toMatchObject({
      "demo-types": { hits: 1, misses: 0 },
      "demo-bundles": { hits: 1, misses: 0 },
    });
    const cold = makeFixtureSite(fixture);
    expectBuilt(await requestBuild(service.url, { root: cold, coldCache: true }));
    expect(report(cold)).toMatchObject({
      "demo-types": { hits: 0, misses: 1 },
      "demo-bundles": { hits: 0, misses: 1 },
    });
  });
});
