// A Jekyll site folder (`_config.yml`, `_posts/`, `_data/`, `_includes/`…) as the files of a fixture site of this
// project: `_posts/` becomes `posts/`, the rest keeps its place. Also reads the cases a test page marks.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue } from "domutils";
import { decodeHTML } from "entities";
import { parseDocument } from "htmlparser2";

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

/** `<pre data-case="name">…</pre>` → { name: its source text, entities decoded (markup inside kept as written). */
export function readCases(html: string): Record<string, string> {
  const cases: Record<string, string> = {};
  const document = parseDocument(html, { withStartIndices: true, withEndIndices: true });
  for (const element of selectAll<AnyNode, Element>("pre[data-case]", document)) {
    const [first, last] = [element.firstChild, element.lastChild];
    const source = first && last ? html.slice(first.startIndex!, last.endIndex! + 1) : "";
    cases[getAttributeValue(element, "data-case")!] = decodeHTML(source).trim();
  }
  return cases;
}
