// UTF-8 text that was once read as Windows-1252 and saved again ("â€™" for "’", "ðŸ’š" for "💚"):
// finding it (the build warns) and repairing it (`npm run fix-encoding`).
import { encode } from "windows-1252";

/** Runs of non-ASCII characters: the unit that is re-encoded, so ASCII around them is never touched. */
// eslint-disable-next-line no-control-regex -- \x00 is the start of the ASCII range, not a character sought.
const NON_ASCII_RUN = /[^\x00-\x7F]+/g;

export interface MojibakeRepair {
  /** 1-based line and column of the run in the original text. */
  line: number;
  column: number;
  from: string;
  to: string;
}

/** The text a run meant, if it is UTF-8 bytes read as Windows-1252; null when it is not. */
export function repairRun(run: string): string | null {
  let bytes: Uint8Array;
  try {
    // encode() returns a Uint16Array of byte values; TextDecoder needs real bytes.
    bytes = Uint8Array.from(encode(run, { mode: "fatal" }));
  } catch {
    return null; // a character Windows-1252 cannot hold (e.g. a real emoji): not mojibake
  }
  try {
    const repaired = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return repaired !== run ? repaired : null;
  } catch {
    return null; // genuine Latin-1 text such as "café" is not valid UTF-8 once re-encoded
  }
}

/** Every run that decodes cleanly, with where it is. */
export function findMojibake(text: string): MojibakeRepair[] {
  const repairs: MojibakeRepair[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const match of text.matchAll(NON_ASCII_RUN)) {
    const to = repairRun(match[0]);
    if (to === null) continue;
    for (let i = text.indexOf("\n", scanned); i !== -1 && i < match.index; i = text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = match.index;
    repairs.push({ line, column: match.index - lineStart + 1, from: match[0], to });
  }
  return repairs;
}

/** The text with every repairable run replaced. */
export function repairMojibake(text: string): { text: string; repairs: MojibakeRepair[] } {
  const repairs = findMojibake(text);
  return { text: repairs.length ? text.replace(NON_ASCII_RUN, (run) => repairRun(run) ?? run) : text, repairs };
}

export interface InvalidUtf8 {
  /** 1-based line and column (in characters) of the first bad byte. */
  line: number;
  column: number;
  /** The bytes that are not UTF-8, as `0xE9`. */
  bytes: string[];
}

/** Length of the valid UTF-8 sequence at `i`, or 0. https://encoding.spec.whatwg.org/#utf-8-decoder */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const [length, low, high] =
    b >= 0xc2 && b <= 0xdf
      ? [2, 0x80, 0xbf]
      : b === 0xe0
        ? [3, 0xa0, 0xbf]
        : b === 0xed
          ? [3, 0x80, 0x9f]
          : b >= 0xe1 && b <= 0xef
            ? [3, 0x80, 0xbf]
            : b === 0xf0
              ? [4, 0x90, 0xbf]
              : b === 0xf4
                ? [4, 0x80, 0x8f]
                : b >= 0xf1 && b <= 0xf3
                  ? [4, 0x80, 0xbf]
                  : [0, 0, 0];
  if (!length || i + length > bytes.length) return 0;
  if (bytes[i + 1]! < low || bytes[i + 1]! > high) return 0;
  for (let k = 2; k < length; k++) if (bytes[i + k]! < 0x80 || bytes[i + k]! > 0xbf) return 0;
  return length;
}

/** Every run of bytes that is not UTF-8 (a raw Latin-1 `é` is 0xE9), with where it is. */
export function invalidUtf8(bytes: Uint8Array): InvalidUtf8[] {
  const found: InvalidUtf8[] = [];
  let line = 1;
  let column = 1;
  let current: InvalidUtf8 | undefined;
  for (let i = 0; i < bytes.length;) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      const hex = `0x${bytes[i]!.toString(16).toUpperCase().padStart(2, "0")}`;
      if (current) current.bytes.push(hex);
      else found.push((current = { line, column, bytes: [hex] }));
      column++;
      i++;
      continue;
    }
    current = undefined;
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += length;
  }
  return found;
}
