// A problem with the import's input or arguments: printed as its message alone, and the command exits 1.
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportError";
  }
}

/** Reads a file of the Jekyll site, or says which one cannot be read and what to do. */
export function unreadable(file: string, error: unknown): ImportError {
  return new ImportError(
    `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); fix its permissions and run the import again. Nothing was written.`,
  );
}
