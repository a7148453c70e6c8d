// One slug rule for tags, categories and heading ids, so links and anchors always agree.
// Lower-case ASCII words joined by "-"; non-Latin text is kept (encoded by the browser) rather than dropped.

export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/&/g, " and ")
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "") || symbolSlug(text)
  );
}

/** A term of symbols only (`]]>`) still needs its own URL: its code points, e.g. `u5d-u5d-u3e`. */
function symbolSlug(text: string): string {
  return [...text.trim()].map((char) => `u${char.codePointAt(0)!.toString(16)}`).join("-");
}

/**
 * A tag's or category's slug. `#` and `+` after a letter are words (C → `c`, C# → `c-sharp`, C++ → `c-plus-plus`,
 * F# → `f-sharp`), so languages that differ by a symbol get pages of their own instead of all becoming `/tags/c/`.
 */
export function termSlug(name: string): string {
  return slugify(name.replace(/(?<=[\p{L}\p{N}])#/gu, " sharp ").replace(/(?<=[\p{L}\p{N}+])\+/gu, " plus "));
}

export function slugifyHeading(text: string): string {
  return slugify(text) || "section";
}
