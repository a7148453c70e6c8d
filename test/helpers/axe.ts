// axe-core in a page the test keeps open: put into each frame once, then run as often as the test changes the page
// (its colour scheme, a demo's state). AxeBuilder injects it again and finishes in a new page on every run, which
// cost 3–7 times as much a run here (https://github.com/dequelabs/axe-core/blob/develop/doc/API.md#api-name-axerun).
import axe from "axe-core";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";

/** The rules of a run: all of axe's, or only these. */
export type AxeRules = "all" | string[];

/** axe's results for the page as it is now; frames of other origins are checked in their own frame. */
export async function runAxe(page: Page, rules: AxeRules = "all"): Promise<AxeResults> {
  for (const frame of page.frames()) {
    if (!(await frame.evaluate(() => "axe" in window))) await frame.evaluate(axe.source);
  }
  return page.evaluate(
    (runOnly) => (window as unknown as { axe: typeof axe }).axe.run(document, runOnly === "all" ? {} : { runOnly }),
    rules,
  );
}

/**
 * Violations, one line each (rule, impact, the elements it found): of named rules all of them, of all rules the
 * serious and critical ones.
 */
export async function axeViolations(page: Page, rules: AxeRules = "all"): Promise<string[]> {
  const { violations } = await runAxe(page, rules);
  return violations
    .filter((violation) => rules !== "all" || violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
}
