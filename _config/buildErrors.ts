// Turns Eleventy's nested errors into the one message that tells the author what to fix.

interface ErrorWithCause {
  message?: string;
  originalError?: unknown;
  cause?: unknown;
}

/** The innermost error's message, prefixed by the outer ones that add context (file names). */
export function formatBuildError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    const { message, originalError, cause } = current as ErrorWithCause;
    if (message && !messages.some((seen) => seen.includes(message))) messages.push(message);
    current = originalError ?? cause;
  }
  return messages.length ? messages.join("\n  caused by: ") : String(error);
}
