/**
 * Phone numbers, recognised only where they cannot be an amount, date or reference: "+" and a
 * country code (8–15 digits), a North American (866) 579-7172 / 866-579-7172 shape (area code and
 * exchange 2–9), or any grouped national number after a TEL / PHONE / PH / MOB label (7–15
 * digits). Bare digit runs (9876543210) are never phones: they are too often ids.
 */
import type { SecretSpan } from './policy.ts';

const PHONE_PLUS = /(?<![\p{L}\p{N}+])\+(?=[1-9])/gu;
const PHONE_NANP =
  /(?<![\p{L}\p{N}+\-/.])(?:1[ .-])?(?:\([2-9]\d\d\) ?[2-9]\d\d-\d{4}|[2-9]\d\d([.-])[2-9]\d\d\1\d{4})(?![\p{L}\p{N}]|[-.,/]\d)/gu;
const PHONE_LABEL =
  /(?<![\p{L}\p{N}])(?:TEL(?:EFONE?|EPHONE|[EÉ]FONO)?|TÉL(?:ÉPHONE)?|PHONE|PH|MOB(?:ILE)?|CEL(?:L|ULAR)?|FON|HANDY)\.?(?: ?(?:NO|NR|N°)\.?)? ?[:#]? ?(?=[+(]?\d)/giu;
// One group of a phone number: an optional separator, an optional (area code), then digits.
const PHONE_GROUP = /[ .\-/]?(?:\(\d{1,5}\) ?)?\d+/y;
// A phone number must not end inside a word or a number ("… 0958 25.00" ends before "25").
const PHONE_CUT = /[\p{L}\p{N}]|[-.,/]\d/uy;
// "+1234567.89" is a signed amount and "TEL 11/02/2026" a date, not phone numbers.
const NOT_A_PHONE = /^\+\d+(?:[.,]\d{3})*[.,]\d{2}$|^\d{1,4}([./-])\d{1,2}\1\d{2,4}$/;

/** Adds the phone numbers of `text` to `spans`. */
export function findPhones(text: string, spans: SecretSpan[]): void {
  PHONE_PLUS.lastIndex = 0;
  for (let m = PHONE_PLUS.exec(text); m !== null; m = PHONE_PLUS.exec(text)) {
    const end = phoneEnd(text, m.index + 1);
    if (end > 0 && !NOT_A_PHONE.test(text.slice(m.index, end))) {
      spans.push({ start: m.index, end, kind: 'PHONE' });
      PHONE_PLUS.lastIndex = end;
    }
  }
  PHONE_NANP.lastIndex = 0;
  for (let m = PHONE_NANP.exec(text); m !== null; m = PHONE_NANP.exec(text)) {
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'PHONE' });
  }
  PHONE_LABEL.lastIndex = 0;
  for (let m = PHONE_LABEL.exec(text); m !== null; m = PHONE_LABEL.exec(text)) {
    const start = m.index + m[0].length;
    const end = phoneEnd(text, text[start] === '+' ? start + 1 : start);
    if (end > 0 && !NOT_A_PHONE.test(text.slice(start, end))) spans.push({ start, end, kind: 'PHONE' });
  }
}

/**
 * The end of the longest run of phone digit groups from `from` that holds 8..15 digits after a "+"
 * (E.164 with country code), 7..15 otherwise (a labelled national number), and ends on a boundary;
 * -1 when there is none.
 */
function phoneEnd(text: string, from: number): number {
  const minDigits = text[from - 1] === '+' ? 8 : 7;
  let digits = 0;
  let best = -1;
  PHONE_GROUP.lastIndex = from;
  for (let m = PHONE_GROUP.exec(text); m !== null; m = PHONE_GROUP.exec(text)) {
    for (let i = 0; i < m[0].length; i++) {
      const c = m[0].charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
    }
    if (digits > 15) break;
    PHONE_CUT.lastIndex = PHONE_GROUP.lastIndex;
    if (digits >= minDigits && !PHONE_CUT.test(text)) best = PHONE_GROUP.lastIndex;
  }
  return best;
}
