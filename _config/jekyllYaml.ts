// YAML as Jekyll reads it. Jekyll parses with Ruby's Psych, a YAML 1.1 reader: `yes`/`no`/`on`/`off` (any case)
// are booleans there, so `comments: yes` means true. Dates stay strings here: jekyllDate.ts reads them.
// https://github.com/ruby/psych/blob/master/lib/psych/scalar_scanner.rb (tokenize: /^(yes|true|on)$/i)
import { CORE_SCHEMA, Type, load as loadYaml } from "js-yaml";
import { LineCounter, parseDocument, type ScalarTag } from "yaml";

const TRUE = /^(?:yes|true|on)$/i;
const FALSE = /^(?:no|false|off)$/i;

/** js-yaml's core schema with Psych's booleans (a type with the same tag replaces the core one). */
export const JEKYLL_SCHEMA = CORE_SCHEMA.extend({
  implicit: [
    new Type("tag:yaml.org,2002:bool", {
      kind: "scalar",
      resolve: (data: string | null) => data !== null && (TRUE.test(data) || FALSE.test(data)),
      construct: (data: string) => TRUE.test(data),
      predicate: (value: unknown) => typeof value === "boolean",
      represent: (value: unknown) => String(value),
    }),
  ],
});

/** The same booleans for the yaml package, which parses again only to locate errors. */
const psychBoolean: ScalarTag = {
  tag: "tag:yaml.org,2002:bool",
  default: true,
  test: /^(?:[Yy][Ee][Ss]|[Tt][Rr][Uu][Ee]|[Oo][Nn]|[Nn][Oo]|[Ff][Aa][Ll][Ss][Ee]|[Oo][Ff][Ff])$/,
  resolve: (source: string) => TRUE.test(source),
  stringify: ({ value }) => String(value),
};

/** A YAML problem at a 1-based line of the text given. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    /** The yaml package's error code, e.g. "DUPLICATE_KEY". */
    readonly code?: string,
  ) {
    super(`${reason} (line ${line})`);
    this.name = "YamlSyntaxError";
  }
}

/** Fast path: js-yaml (about ten times faster than the yaml package). Throws js-yaml's own error. */
export function loadJekyllYaml(text: string): unknown {
  return loadYaml(text, { schema: JEKYLL_SCHEMA });
}

/**
 * The yaml package's reading, with every top-level key's 1-based line; throws YamlSyntaxError with the exact
 * line and kind (duplicate keys included, which js-yaml also rejects but locates less precisely).
 */
export function parseYamlStrictly(text: string): { data: unknown; lines: Record<string, number> } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    customTags: (tags) => [
      psychBoolean,
      ...tags.filter((tag) => typeof tag === "string" || tag.tag !== "tag:yaml.org,2002:bool"),
    ],
  });
  const [error] = doc.errors;
  if (error) {
    const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
    throw new YamlSyntaxError(error.message.split("\n")[0] ?? error.message, line, error.code);
  }
  const lines: Record<string, number> = {};
  const contents = doc.contents as { items?: Array<{ key?: { value?: unknown; range?: number[] } }> } | null;
  for (const pair of contents?.items ?? []) {
    if (pair.key?.range && pair.key.value !== undefined)
      lines[String(pair.key.value)] = lineCounter.linePos(pair.key.range[0]!).line;
  }
  return { data: doc.toJS(), lines };
}

/** Parses a whole YAML file (e.g. `_config.yml`); an error names the file and line. */
export function parseJekyllYaml(text: string, fileName: string): unknown {
  try {
    return loadJekyllYaml(text);
  } catch {
    try {
      return parseYamlStrictly(text).data;
    } catch (error) {
      if (error instanceof YamlSyntaxError)
        // eslint-disable-next-line preserve-caught-error -- this restates the YAML error for the author; formatBuildError prints causes, so a cause would print it twice.
        throw new Error(`${fileName}:${error.line}: YAML syntax error: ${error.reason}`);
      throw error;
    }
  }
}
