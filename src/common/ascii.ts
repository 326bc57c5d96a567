/** Whether every code unit is ASCII: such text has no accents or compatibility forms, so a fold can skip Unicode normalisation. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
