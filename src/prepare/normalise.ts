/**
 * The only character-level changes made to a narrative before masking: Unicode NFC and white space.
 * Case, punctuation and digits are kept because the rules tier and the grounding check read them.
 *
 * NFC matters because feeds mix composed and decomposed accents ("é" as one code point or as
 * "e" + U+0301); without it two lines of one template would get different skeletons.
 */

// JavaScript's \s already covers tab, CR/LF, NBSP (U+00A0), U+2000..U+200A, the narrow NBSP
// (U+202F), U+205F, U+3000 and the BOM (U+FEFF) — the spaces French and German feeds use as
// thousands separators. Zero-width characters (U+200B..U+200D) are not white space and are kept.
const WHITE_RUN = /\s+/g;
// Anything but a lone ASCII space inside the text: the one case where the replace can be skipped.
const NEEDS_COLLAPSE = /[^\S ]|\s\s/;
// Printable ASCII: a tab or line break goes the slow way, which is rare and still right.
const ASCII_ONLY = /^[ -~]*$/;

/** NFC, white space runs (tabs, NBSP, line breaks) collapsed to one space, ends trimmed. */
export function normalise(text: string): string {
  // ASCII is already NFC; skipping ICU for it is most of this function's cost on typical lines.
  const composed = ASCII_ONLY.test(text) ? text : text.normalize('NFC');
  const collapsed = NEEDS_COLLAPSE.test(composed) ? composed.replace(WHITE_RUN, ' ') : composed;
  return collapsed.trim();
}
