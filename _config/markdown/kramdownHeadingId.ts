// Heading ids as Jekyll makes them (kramdown's GFM parser, Jekyll's default input), so a link to
// `post.html#c--cuda` that worked on the Jekyll blog still lands on its heading. The text is the heading's
// rendered text (smart quotes and dashes already made); markdown-it-anchor appends -1, -2 to repeats, as kramdown does.
// https://github.com/kramdown/parser-gfm/blob/master/lib/kramdown/parser/gfm.rb (generate_gfm_header_id)

// Ruby's \p{Word}: letters, marks, numbers and connector punctuation; hyphens and spaces are kept too.
const NOT_ID = /[^\p{L}\p{M}\p{N}\p{Pc}\- \t]/gu;

export function kramdownHeadingId(text: string): string {
  return text.toLowerCase().replace(NOT_ID, "").replace(/[ \t]/g, "-") || "section";
}
