// UTF-8 text that was once read as Windows-1252 and saved again ("â€™" for "’", "ðŸ’š" for "💚"):
// finding it (the build warns) and repairing it (`npm run fix-encoding`).
import { encode } from "windows-1252";

/** Runs of non-ASCII characters: the unit that is re-encoded, so ASCII around them is never touched. */
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
