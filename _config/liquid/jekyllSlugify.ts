// Jekyll's `slugify` filter in all its modes (Jekyll::Utils.slugify, v4.3.1): the permalink's slugify for default,
// pretty, raw and ascii, plus `latin` and "any other mode only lowercases". https://jekyllrb.com/docs/liquid/filters/#slugify
import { jekyllSlugify } from "../jekyllPermalink.ts";

const MODES = ["default", "pretty", "raw", "ascii"] as const;

// I18n's default approximations (i18n gem, backend/transliterator.rb) that are more than "drop the accent".
const APPROXIMATIONS: Record<string, string> = {
  Æ: "AE",
  æ: "ae",
  Þ: "Th",
  þ: "th",
  ß: "ss",
  "×": "x",
  Ð: "D",
  ð: "d",
  Ø: "O",
  ø: "o",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  Ĳ: "IJ",
  ĳ: "ij",
  ĸ: "k",
  Ŀ: "L",
  ŀ: "l",
  Ł: "L",
  ł: "l",
  ŉ: "'n",
  Ŋ: "NG",
  ŋ: "ng",
  Œ: "OE",
  œ: "oe",
  Ŧ: "T",
  ŧ: "t",
};

/** I18n.transliterate: Latin-1 and Latin Extended-A letters lose their accents; anything else non-ASCII is "?". */
export function transliterate(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) out += char;
    else if (APPROXIMATIONS[char]) out += APPROXIMATIONS[char];
    else if (code >= 0xc0 && code <= 0x17f) {
      const bare = char.normalize("NFD").replace(/\p{M}/gu, "");
      out += /^[\x20-\x7e]+$/.test(bare) ? bare : "?";
    } else out += "?";
  }
  return out;
}

/** Jekyll::Utils.slugify(text, mode:) as the filter calls it; an unknown mode only lowercases. */
export function slugifyFilter(text: unknown, mode?: unknown): unknown {
  if (text === undefined || text === null) return text;
  const input = String(text);
  const name = mode === undefined || mode === null ? "default" : String(mode);
  if (name === "latin") return jekyllSlugify(transliterate(input));
  const known = MODES.find((candidate) => candidate === name);
  return known ? jekyllSlugify(input, known) : input.toLowerCase();
}
