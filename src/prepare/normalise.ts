/**
 * The only character-level changes made to a narrative before masking: invisible characters
 * removed, Unicode NFKC, white space collapsed. Case, punctuation and digits are kept because the
 * rules tier and the grounding check read them.
 *
 * Each change closes a way for a secret to slip past the masker or for one template to get two
 * skeletons:
 * - invisible characters (zero-width spaces and joiners, bidi controls, the BOM, soft hyphens,
 *   variation selectors, tag characters: Unicode's default-ignorable code points) print as nothing,
 *   so "4111<ZWSP>1111…" looks like a card to a reader and a model but not to a pattern; they are
 *   removed before normalisation so what they separated can compose.
 * - NFKC folds compatibility forms to their plain letters and digits: full-width "４１１１" and
 *   "ＩＢＡＮ" become ASCII, "＠" becomes "@", and composed and decomposed accents ("é" as one code
 *   point or as "e" + U+0301) become one form.
 */

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
// JavaScript's \s covers tab, CR/LF, NBSP (U+00A0), U+2000..U+200A, the narrow NBSP (U+202F),
// U+205F and U+3000 — the spaces French and German feeds use as thousands separators (NFKC turns
// most of them into a plain space already).
const WHITE_RUN = /\s+/g;
// Anything but a lone ASCII space inside the text: the one case where the replace can be skipped.
const NEEDS_COLLAPSE = /[^\S ]|\s\s/;
// Printable ASCII: a tab or line break goes the slow way, which is rare and still right.
const ASCII_ONLY = /^[ -~]*$/;

/** Invisible characters removed, NFKC, white space runs (tabs, NBSP, line breaks) collapsed to one space, ends trimmed. */
export function normalise(text: string): string {
  // Printable ASCII has nothing invisible and is already NFKC: skipping ICU for it is most of
  // this function's cost on typical lines.
  const folded = ASCII_ONLY.test(text) ? text : text.replace(INVISIBLE, '').normalize('NFKC');
  const collapsed = NEEDS_COLLAPSE.test(folded) ? folded.replace(WHITE_RUN, ' ') : folded;
  return collapsed.trim();
}
