// One map of every file a build writes, by output path, with what wrote it: templates (posts, pages, feeds),
// passthrough copies (public/, the hashed stylesheet, coi-serviceworker.js) and the build's own generators, which
// own a file (`_headers`) or a whole folder of content-hashed names. Two writers of one path fail the build,
// naming both: the later write would silently replace the earlier (a post at `/_headers` is lost, a page at the
// stylesheet's path turns every page's CSS into HTML).

export interface OutputClaim {
  /** Path in the output folder, posix, without a leading `/`. */
  output: string;
  /** Who writes it, as the author knows it: `posts/x.md`, `public/img/a.png (passthrough copy)`. */
  source: string;
}

export interface GeneratedOutput {
  /** A file, or a folder when it ends in `/`. */
  output: string;
  source: string;
}

/** What the build writes besides templates and passthrough copies. */
export const GENERATED_OUTPUTS: readonly GeneratedOutput[] = [
  { output: "_headers", source: "the host headers file (_config/hostHeadersFile.ts)" },
  { output: "assets/demos/", source: "the demo bundles (_config/demos/demoBundler.ts)" },
  { output: "assets/comments/", source: "the comments client (_config/comments.ts)" },
  { output: "assets/responsive/", source: "the responsive images (_config/images.ts)" },
];

/** One line per path written twice: `/x: written by A and by B; …`. Hosts compare paths case-sensitively, as we do. */
export function outputCollisions(
  claims: readonly OutputClaim[],
  generated: readonly GeneratedOutput[] = GENERATED_OUTPUTS,
): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const { output, source } of claims) {
    const owner = generated.find((entry) =>
      entry.output.endsWith("/") ? output.startsWith(entry.output) : output === entry.output,
    );
    const earlier = owner?.source ?? owners.get(output);
    if (earlier !== undefined && earlier !== source) {
      problems.push(
        `/${output}: written by ${earlier} and by ${source}; give one of them another permalink or file name`,
      );
      continue;
    }
    owners.set(output, source);
  }
  return problems;
}
