// Turns Eleventy's nested errors into the one message that tells the author what to fix.

interface ErrorWithCause {
  message?: string;
  originalError?: unknown;
  cause?: unknown;
}

/** A check that found problems: each is one line the author can act on (`file:line: field: what`). */
export class BuildProblemsError extends Error {
  constructor(
    readonly title: string,
    readonly problems: readonly string[],
  ) {
    super(`${title} (${problems.length}):\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
    this.name = "BuildProblemsError";
  }
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current && chain.length < 10;) {
    chain.push(current);
    const { originalError, cause } = current as ErrorWithCause;
    current = originalError ?? cause;
  }
  return chain;
}

// Eleventy's own duplicate-permalink message lists the files after "1." and "2.": name them on one line.
function duplicatePermalinkMessage(message: string): string | null {
  const output = /multiple input files are writing to `([^`]+)`/.exec(message)?.[1];
  if (!output) return null;
  const files = [...message.matchAll(/^\s+\d+\.\s+(.+)$/gm)].map((match) => match[1]!.trim().replace(/^\.\//, ""));
  return `Two files at one URL:\n  ${files.join(" and ")} both write ${output}; change one's permalink, file name or categories`;
}

/** The innermost error's message, prefixed by the outer ones that add context (file names). */
export function formatBuildError(error: unknown): string {
  const chain = causes(error);
  const problems = chain.find((link): link is BuildProblemsError => link instanceof BuildProblemsError);
  if (problems) return problems.message;
  const messages: string[] = [];
  for (const link of chain) {
    const { message } = link as ErrorWithCause;
    if (message && !messages.some((seen) => seen.includes(message)))
      messages.push(duplicatePermalinkMessage(message) ?? message);
  }
  return messages.length ? messages.join("\n  caused by: ") : String(error);
}
