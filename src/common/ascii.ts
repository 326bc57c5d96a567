/** Whether every code unit is ASCII: such text has no accents or compatibility forms, so a fold can skip Unicode normalisation. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The text with its accents taken off and compatibility forms replaced ("É" → "E", "ﬁ" → "fi"),
 * as the matchers compare words; ASCII text, most of it, is returned as it is.
 */
export function withoutAccents(text: string): string {
  return isAscii(text) ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}
