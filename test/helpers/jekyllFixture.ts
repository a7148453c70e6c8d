// A Jekyll site folder (`_config.yml`, `_posts/`, `_data/`, `_includes/`…) as the files of a fixture site of this
// project: `_posts/` becomes `posts/`, the rest keeps its place. Also reads the cases a test page marks.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "node-html-parser";

export function jekyllSiteFiles(folder: string, skip: (file: string) => boolean = () => false): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const relative = path.relative(folder, full).split(path.sep).join("/");
      if (relative === "_site" || relative === "expected.json" || skip(relative)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else files[relative.replace(/^_posts\//, "posts/")] = readFileSync(full, "utf8");
    }
  };
  walk(folder);
  return files;
}

/** `<pre data-case="name">…</pre>` → { name: its text, entities decoded }. */
export function readCases(html: string): Record<string, string> {
  const cases: Record<string, string> = {};
  for (const element of parse(html).querySelectorAll("pre[data-case]"))
    cases[element.getAttribute("data-case")!] = element.text.trim();
  return cases;
}
