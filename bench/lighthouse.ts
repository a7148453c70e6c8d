// `npm run bench:lighthouse`: a fresh build, served by `npm run preview`'s server (the host's headers
// included), audited by Lighthouse 12.2.3 (mobile profile) in Debian's Chromium. Prints the four category
// scores and every audit that did not pass, for the home page and the seed post.
import type { LaunchedChrome } from "chrome-launcher";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { median } from "../demos/_shared/median.ts";
import { buildSite } from "../cli/build.ts";
import { startPreview } from "../cli/preview.ts";
import { findChromium, chromiumMissingMessage } from "../tools/chromium.ts";
import { isMainModule } from "../cli/mainModule.ts";
import { commandArgsOrExit, positiveInteger } from "../cli/commandArgs.ts";

export const DEFAULT_PAGES = ["/", "/stories/2018/10/31/why-gpu-is-important-for-training-deeplearning-models.html"];
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
];

interface AuditResult {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
}
export interface PageReport {
  url: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  failing: AuditResult[];
}
interface LighthouseResult {
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<string, AuditResult>;
  runtimeError?: { code: string; message: string };
}

/** Audits that count against a category score and did not fully pass. */
export function failingAudits(lhr: LighthouseResult): AuditResult[] {
  const scored = new Set(
    CATEGORIES.flatMap((category) => lhr.categories[category]?.auditRefs.map((ref) => ref.id) ?? []),
  );
  return Object.values(lhr.audits).filter(
    (audit) =>
      scored.has(audit.id) &&
      audit.score !== null &&
      audit.score < 1 &&
      ["binary", "numeric", "metricSavings"].includes(audit.scoreDisplayMode),
  );
}

/** Audits each page `runs` times (Lighthouse's own advice for variable machines) and keeps the median run by performance score. */
export async function auditPages(
  siteUrl: string,
  pages: readonly string[],
  port: number,
  runs = 3,
): Promise<PageReport[]> {
  const { default: lighthouse } = await import("lighthouse");
  const reports: PageReport[] = [];
  for (const page of pages) {
    const url = new URL(page.replace(/^\//, ""), siteUrl).href;
    const runReports: PageReport[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(url, {
        port,
        output: "json",
        logLevel: "error",
        onlyCategories: [...CATEGORIES],
      });
      const lhr = result?.lhr as unknown as LighthouseResult | undefined;
      if (!lhr) throw new Error(`bench:lighthouse: no result for ${url}`);
      if (lhr.runtimeError)
        throw new Error(`bench:lighthouse: ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scores = Object.fromEntries(
        CATEGORIES.map((category) => [category, lhr.categories[category]?.score ?? null]),
      ) as PageReport["scores"];
      runReports.push({ url: page, scores, failing: failingAudits(lhr) });
    }
    const medianPerformance = median(runReports.map((report) => report.scores.performance ?? 0));
    reports.push(
      runReports.find((report) => (report.scores.performance ?? 0) === medianPerformance) ??
        (runReports[0] as PageReport),
    );
  }
  return reports;
}

function formatReport(report: PageReport): string {
  const scores = CATEGORIES.map(
    (category) => `${category} ${report.scores[category] === null ? "n/a" : Math.round(report.scores[category] * 100)}`,
  ).join(" · ");
  const failing = report.failing.map(
    (audit) =>
      `    ✗ ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ""} — score ${audit.score}`,
  );
  return [`${report.url}\n    ${scores}`, ...(failing.length ? failing : ["    every scored audit passes"])].join("\n");
}

async function main(): Promise<void> {
  const usage = "usage: npm run bench:lighthouse -- [--site <built folder>] [--runs <n>] [<page path>…]";
  const { values, positionals } = commandArgsOrExit(usage, {
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { site: { type: "string" }, runs: { type: "string", default: "3" } },
  });
  const runs = positiveInteger(usage, "runs", values.runs);
  const chromePath = process.env.CHROME_PATH ?? findChromium();
  if (!chromePath) throw new Error(chromiumMissingMessage);
  let output = values.site;
  let built: string | undefined;
  if (!output) {
    built = mkdtempSync(path.join(tmpdir(), "blog-lighthouse-"));
    output = path.join(built, "_site");
    console.error("Building the site…");
    await buildSite({ output, quiet: true });
  }
  const servers: Server[] = [];
  let chrome: LaunchedChrome | undefined;
  try {
    const preview = await startPreview({ root: output, port: 0, host: "127.0.0.1" });
    servers.push(preview.server);
    // Loaded here, not at the top: a mistyped option stops the command before Lighthouse's 3 CPU-s of imports.
    const chromeLauncher = await import("chrome-launcher");
    chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS });
    const reports = await auditPages(preview.url, positionals.length ? positionals : DEFAULT_PAGES, chrome.port, runs);
    console.log(
      `Lighthouse 12.2.3 (mobile, median of ${runs} runs) on npm run preview's server (which compresses as hosts do)\n${reports.map(formatReport).join("\n")}`,
    );
    if (reports.some((report) => Object.values(report.scores).some((score) => score !== null && score < 1)))
      process.exitCode = 1;
  } finally {
    chrome?.kill();
    for (const server of servers) server.close();
    if (built) rmSync(built, { recursive: true, force: true });
  }
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
