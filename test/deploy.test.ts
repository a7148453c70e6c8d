// The GitHub Pages workflow: valid YAML, the official Pages actions wired in order, the build command, and a
// PATH_PREFIX expression that gives the right prefix for project sites, user sites and custom domains.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { makeFixtureSite, repoRoot } from "./helpers/site.ts";
import { siteSettings } from "../_config/siteSettings.ts";
import { BUILD_CACHE_DIR, CACHE_REPORT_FILE } from "../_config/buildCache.ts";

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  "runs-on": string;
  needs?: string | string[];
  environment?: { name: string; url?: string };
  steps: Step[];
}
interface Workflow {
  on: { push?: { branches?: string[] }; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

const workflowText = readFileSync(path.join(repoRoot, ".github/workflows/pages.yml"), "utf8");
const workflow = parse(workflowText) as Workflow;
const build = workflow.jobs.build!;
const deploy = workflow.jobs.deploy!;
const stepUsing = (job: Job, action: string) => job.steps.find((step) => step.uses?.split("@")[0] === action);

type Value = string | boolean;

/** Evaluates the subset of GitHub's expression syntax the workflow uses (https://docs.github.com/en/actions/reference/evaluate-expressions-in-workflows-and-actions). */
function evaluateExpression(source: string, context: Record<string, string>): Value {
  const tokens = source.match(/'(?:[^']|'')*'|&&|\|\||==|!=|[(),!]|[\w.-]+/g) ?? [];
  let index = 0;
  const peek = () => tokens[index];
  const take = (expected?: string) => {
    const token = tokens[index++];
    if (expected !== undefined && token !== expected)
      throw new Error(`expected ${expected}, got ${token} in ${source}`);
    return token!;
  };
  // GitHub compares strings case-insensitively; "" is falsy, like JavaScript.
  const truthy = (value: Value) => value !== "" && value !== false;
  const same = (a: Value, b: Value) => String(a).toLowerCase() === String(b).toLowerCase();
  const functions: Record<string, (...args: Value[]) => Value> = {
    endsWith: (text, suffix) => String(text).toLowerCase().endsWith(String(suffix).toLowerCase()),
    startsWith: (text, prefix) => String(text).toLowerCase().startsWith(String(prefix).toLowerCase()),
    format: (template, ...args) => String(template).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
  };
  const primary = (): Value => {
    const token = take();
    if (token === "(") {
      const value = or();
      take(")");
      return value;
    }
    if (token === "!") return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (peek() === "(") {
      take("(");
      const args: Value[] = [];
      while (peek() !== ")") {
        args.push(or());
        if (peek() === ",") take(",");
      }
      take(")");
      const fn = functions[token];
      if (!fn) throw new Error(`unknown function ${token}`);
      return fn(...args);
    }
    if (!(token in context)) throw new Error(`unknown context value ${token}`);
    return context[token]!;
  };
  const equality = (): Value => {
    let left = primary();
    while (peek() === "==" || peek() === "!=") {
      const operator = take();
      const right = primary();
      left = operator === "==" ? same(left, right) : !same(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let left = equality();
    while (peek() === "&&") {
      take();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (peek() === "||") {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const value = or();
  if (index !== tokens.length) throw new Error(`unparsed tail in ${source}`);
  return value;
}

const expressionOf = (text: string) => /^\$\{\{\s*([\s\S]*?)\s*\}\}$/.exec(text)?.[1] ?? "";

describe("the GitHub Pages workflow", () => {
  it("runs on pushes to main and by hand, with Pages' permissions and one deployment at a time", () => {
    expect(workflow.on.push?.branches).toEqual(["main"]);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
    expect(workflow.permissions).toEqual({ contents: "read", pages: "write", "id-token": "write" });
    expect(workflow.concurrency).toEqual({ group: "pages", "cancel-in-progress": false });
  });

  it("uses only GitHub's official actions, pinned to a major version", () => {
    const uses = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.flatMap((step) => (step.uses ? [step.uses] : [])),
    );
    expect(uses.map((action) => action.split("@")[0])).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "actions/cache",
      "actions/configure-pages",
      "actions/upload-pages-artifact",
      "actions/deploy-pages",
    ]);
    for (const action of uses) expect(action).toMatch(/^actions\/[\w-]+@v\d+$/);
  });

  it("builds with Node 20, npm's cache and `npm ci && npm run build`, then uploads _site", () => {
    expect(stepUsing(build, "actions/setup-node")?.with).toEqual({ "node-version": 20, cache: "npm" });
    const buildStep = build.steps.find((step) => step.run)!;
    expect(buildStep.run).toBe("npm ci && npm run build");
    const steps = build.steps.map((step) => step.uses?.split("@")[0] ?? step.run);
    expect(steps.indexOf("actions/configure-pages")).toBeLessThan(steps.indexOf("npm ci && npm run build"));
  });

  it("uploads the folder that the workflow's build command writes", () => {
    const root = makeFixtureSite({
      searchIsland: false,
      files: { "posts/2024-01-01-one.md": "---\nlayout: post\ntitle: One\n---\nA post.\n" },
    });
    // `npm ci` is left out: the fixture shares the repo's installed node_modules.
    const command = build.steps.find((step) => step.run)!.run!.replace(/^npm ci && /, "");
    const result = spawnSync(command, {
      cwd: root,
      shell: true,
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const uploaded = stepUsing(build, "actions/upload-pages-artifact")?.with?.path;
    expect(typeof uploaded).toBe("string");
    expect(existsSync(path.join(root, uploaded as string, "index.html"))).toBe(true);
    // What the build keeps for the next one lies in the folder the workflow carries from deploy to deploy.
    const carried = stepUsing(build, "actions/cache")?.with?.path as string;
    expect(path.relative(carried, BUILD_CACHE_DIR)).not.toMatch(/^\.\./);
    expect(existsSync(path.join(root, BUILD_CACHE_DIR, CACHE_REPORT_FILE))).toBe(true);
  });

  it("starts each build from the last deploy's cache, restored before the build, and saves its own under a new key", () => {
    const cache = stepUsing(build, "actions/cache")!;
    const key = String(cache.with?.key);
    const restoreKey = String(cache.with?.["restore-keys"]);
    // A key unique to the commit: a run saves its cache; any earlier run's matches the restore prefix.
    expect(key).toContain("${{ github.sha }}");
    expect(key.startsWith(restoreKey)).toBe(true);
    expect(key).not.toBe(restoreKey);
    const steps = build.steps.map((step) => step.uses?.split("@")[0] ?? step.run);
    expect(steps.indexOf("actions/cache")).toBeLessThan(steps.indexOf("npm ci && npm run build"));
  });

  it("passes SITE_URL and PATH_PREFIX, which the site settings read", () => {
    const env = build.steps.find((step) => step.run)!.env!;
    expect(Object.keys(env).sort()).toEqual(["PATH_PREFIX", "SITE_URL"]);
    const settings = siteSettings(repoRoot, { SITE_URL: "https://octocat.github.io/", PATH_PREFIX: "blog" });
    expect(settings.url).toBe("https://octocat.github.io");
    expect(settings.pathPrefix).toBe("/blog/");
    const pagesStepId = stepUsing(build, "actions/configure-pages")!.id;
    expect(env.SITE_URL).toBe(`\${{ steps.${pagesStepId}.outputs.origin }}`);
  });

  it("sets the prefix from the repository name: /<repo>/ for a project site, / for <user>.github.io or a custom domain", () => {
    const pathPrefix = expressionOf(build.steps.find((step) => step.run)!.env!.PATH_PREFIX!);
    const prefixFor = (repository: string, basePath: string) =>
      evaluateExpression(pathPrefix, {
        "github.event.repository.name": repository,
        "steps.pages.outputs.base_path": basePath,
      });
    expect(prefixFor("blog", "/blog")).toBe("/blog/");
    expect(prefixFor("gpu-notes", "/gpu-notes")).toBe("/gpu-notes/");
    expect(prefixFor("octocat.github.io", "")).toBe("/");
    expect(prefixFor("Octocat.GitHub.io", "")).toBe("/");
    expect(prefixFor("blog", "")).toBe("/");
  });

  it("deploys after the build, in the github-pages environment, showing the page URL", () => {
    expect(deploy.needs).toBe("build");
    const deployStep = stepUsing(deploy, "actions/deploy-pages")!;
    expect(deploy.environment).toEqual({
      name: "github-pages",
      url: `\${{ steps.${deployStep.id}.outputs.page_url }}`,
    });
  });
});
