// Jekyll's `_data/` formats besides JSON: YAML (`.yml`, `.yaml`, read as Jekyll's Psych reads it) and CSV (a list
// of rows keyed by the header line, as Jekyll's CSV.read(headers: true) gives). https://jekyllrb.com/docs/datafiles/
import type { UserConfig } from "@11ty/eleventy";
import { parse as parseCsv } from "csv-parse/sync";
import { parseJekyllYaml } from "./jekyllYaml.ts";

export function parseCsvRows(text: string): Array<Record<string, string>> {
  return parseCsv<Record<string, string>>(text, {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    relax_column_count: true,
  });
}

export default function dataFiles(eleventyConfig: UserConfig): void {
  // Eleventy hands the parser the file's text and, with `read: true`, its path: errors then name the file.
  eleventyConfig.addDataExtension("yml,yaml", {
    parser: (text: string, filePath?: string) => parseJekyllYaml(text, filePath ?? "a _data YAML file"),
  });
  eleventyConfig.addDataExtension("csv", { parser: (text: string) => parseCsvRows(text) });
}
