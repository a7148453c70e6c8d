// One way to read a command's arguments: node:util's parseArgs in strict mode, so an unknown or mistyped option
// stops the command with its usage instead of being silently ignored (https://nodejs.org/api/util.html#utilparseargsconfig).
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake on the command line; its message names it and ends with the command's usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

type CommandArgsConfig = Omit<ParseArgsConfig, "strict" | "tokens"> & { args: string[] };

/** parseArgs with `strict: true`; throws a UsageError that names the bad option and gives `usage`. */
export function parseCommandArgs<const T extends CommandArgsConfig>(
  usage: string,
  config: T,
): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

/** For a command's entry point: parses, or prints the mistake and the usage and exits with status 2 before doing anything. */
export function commandArgsOrExit<const T extends CommandArgsConfig>(
  usage: string,
  config: T,
): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseCommandArgs(usage, config);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

/** An option's value as a whole number of at least 1 (a count of posts, runs, requests); else a UsageError. */
export function positiveInteger(usage: string, option: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`--${option} must be a positive integer, got "${value}"\n${usage}`);
  return number;
}
