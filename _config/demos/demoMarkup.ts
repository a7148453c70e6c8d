// The HTML the build writes for demos: the placeholder a post shows (its <head> tags come from _config/pageNeeds.ts).
import type { DemoInfo } from "./demoCatalog.ts";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** `repoId` → `data-repo-id`: how `el.dataset.repoId` reads it back in the demo. */
export function dataAttributeName(key: string): string {
  return `data-${key
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^a-zA-Z0-9-]/g, "-")
    .toLowerCase()}`;
}

/** Settings passed from a template (`{% demo "name", site.comments %}`) become data attributes; nested values are refused. */
export function settingsAttributes(demoName: string, settings: unknown): string {
  if (settings === undefined || settings === null) return "";
  if (typeof settings !== "object" || Array.isArray(settings)) {
    throw new Error(
      `{% demo "${demoName}" %}: the second argument must be an object of settings, got ${JSON.stringify(settings)}`,
    );
  }
  return Object.entries(settings)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => {
      if (!["string", "number", "boolean"].includes(typeof value)) {
        throw new Error(`{% demo "${demoName}" %}: setting "${key}" must be a string, number or boolean`);
      }
      return ` ${dataAttributeName(key)}="${escapeHtml(String(value))}"`;
    })
    .join("");
}

/**
 * The placeholder: without JavaScript it says what the demo does and that it needs JavaScript; the
 * loader reveals the Run button and mounts the demo (from `data-demo-module`) when it nears the viewport.
 */
export function demoPlaceholder(demo: DemoInfo, moduleFile: string, settings?: unknown): string {
  const titleId = `demo-${demo.name}-title`;
  return [
    `<div class="demo" data-demo="${escapeHtml(demo.name)}" data-demo-module="${escapeHtml(moduleFile)}"${settingsAttributes(demo.name, settings)} role="region" aria-labelledby="${titleId}">`,
    `<p class="demo-title" id="${titleId}"><strong>${escapeHtml(demo.title)}</strong></p>`,
    `<p class="demo-description">${escapeHtml(demo.description)}</p>`,
    `<noscript><p class="demo-noscript">This interactive demo needs JavaScript, which is turned off or unavailable in this browser.</p></noscript>`,
    `<button type="button" class="demo-run" data-demo-run hidden>Run demo</button>`,
    `</div>`,
  ].join("");
}

/** 1-based line of the first `{% demo "name" %}` in `source`, or undefined when the call is not in this file. */
export function lineOfDemoCall(source: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`\\{%-?\\s*demo\\s+["']${escaped}["']`).exec(source);
  return match ? source.slice(0, match.index).split("\n").length : undefined;
}
