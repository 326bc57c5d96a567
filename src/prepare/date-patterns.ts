/**
 * The date shapes the skeleton cuts out, with the checks that keep numbers and amounts from
 * passing as dates. Only shape and calendar plausibility are checked here; which of D/M and M/D
 * a date means is the locale's question, answered later.
 */

// en, de, fr, es, pt month names and their usual abbreviations (with and without accents).
// biome-ignore format: data laid out by hand as a table, to read down
const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'januar', 'jänner', 'februar', 'märz', 'maerz', 'marz', 'mai', 'juni', 'juli', 'oktober', 'dezember', 'mär', 'mrz', 'okt', 'dez',
  'janvier', 'février', 'fevrier', 'mars', 'avril', 'juin', 'juillet', 'août', 'aout', 'septembre', 'octobre', 'novembre',
  'décembre', 'decembre', 'janv', 'févr', 'fevr', 'avr', 'juil', 'déc',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre',
  'noviembre', 'diciembre', 'ene', 'abr', 'ago', 'dic',
  'janeiro', 'fevereiro', 'março', 'marco', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'novembro', 'dezembro',
  'fev', 'set', 'out',
];
// Month-first ("Nov 6, 2026") is an English habit; allowing "SET 12" or "OUT 20" would turn
// Portuguese abbreviations that are also English words into dates.
const ENGLISH_MONTHS = MONTHS.slice(0, 24);

const alternation = (names: string[]): string => [...new Set(names)].sort((a, b) => b.length - a.length).join('|');
const MONTH = `(?:${alternation(MONTHS)})`;
const ENGLISH_MONTH = `(?:${alternation(ENGLISH_MONTHS)})`;
const START = String.raw`(?<![\p{L}\p{N}]|\d[.,\/\-])`;
const END = String.raw`(?![\p{L}\p{N}]|[.,\/\-:]\d)`;

/**
 * 2026-11-05, 11/02/2026, 03.11.2026, 01-11-26, 03.11. (German, trailing dot), 10/2026, 11/02.
 * An ISO date may run into a time ("2026-11-05T14:32").
 */
export const DATE_NUMERIC = new RegExp(
  START +
    String.raw`(?:\d{4}([-\/.])\d{1,2}\1\d{1,2}|\d{1,2}([-\/.])\d{1,2}\2(?:\d{4}|\d{2})|\d{1,2}\.\d{1,2}\.(?![\p{L}\p{N}])|\d{1,2}\/(?:\d{4}|\d{1,2}))` +
    String.raw`(?!\p{N}|[.,\/\-:]\d|(?!T\d)\p{L})`,
  'gu',
);
/** 02NOV26, 02NOV2026, 06NOV, and with one separator throughout: 02-NOV-26, 02.Nov.2026. */
export const DATE_COMPACT = new RegExp(String.raw`(?<![\p{L}\p{N}])\d{1,2}([-.]?)${MONTH}(?:\1(?:\d{4}|\d{2}))?(?![\p{L}\p{N}])`, 'giu');
/** 6 NOV 2026, 06 NOV, 3. Nov. 2026, 5 de novembro de 2026, 15 janvier 2026. */
export const DATE_DAY_MONTH = new RegExp(START + String.raw`\d{1,2}\.? (?:de )?${MONTH}\.?(?:,? (?:de )?\d{4})?` + END, 'giu');
/** Nov 6, 2026 / NOV 06 / November 6th (English only), and month-year in any language: Nov 2026, novembro de 2026. */
export const DATE_MONTH_FIRST = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${ENGLISH_MONTH}\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|${MONTH}\.?,? (?:de )?\d{4})` + END,
  'giu',
);
/**
 * A month name standing as a word. Each spelled-month shape above prints one, never with a letter
 * right before or after it; most lines print none, and this one pass says so for all three.
 */
export const MONTH_WORD = new RegExp(String.raw`(?<!\p{L})${MONTH}(?!\p{L})`, 'iu');
/** A 6- or 8-digit date after a date label: VAL 261105, EFF DATE 110326, DATUM 20261105. */
export const DATE_LABELLED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(EFF(?:ECTIVE)?(?: ?DATE| ?DT)?|VAL(?:UE)?(?: ?DATE| ?DT)?|VALUTA|SETTLE(?:MENT)?(?: ?DATE)?|SETT|` +
    String.raw`POSTED|BOOKED|DATE|DATUM|FECHA|DATA|DT)\.? ?[:#]? ?(\d{8}|\d{6})` +
    END,
  'giu',
);

const DIGIT_GROUPS = /\d+/g;

/** Checks a DATE_NUMERIC match: a real month and day under some reading of its order. */
export function validNumericDate(token: string): boolean {
  const parts = token.match(DIGIT_GROUPS) ?? [];
  const [a = '', b = '', c] = parts;
  const x = Number(a);
  const y = Number(b);
  if (a.length === 4) return plausibleYear(x) && plausibleDay(Number(c), y);
  if (token.endsWith('.')) return plausibleDay(x, y);
  if (c !== undefined) return (c.length === 2 || plausibleYear(Number(c))) && (plausibleDay(x, y) || plausibleDay(y, x));
  if (b.length === 4) return x >= 1 && x <= 12 && plausibleYear(y);
  return plausibleDay(x, y) || plausibleDay(y, x);
}

/** Checks a spelled-month match (02NOV26, 6 NOV 2026, Nov 6, Nov 2026): its first number is a day or a year. */
export function validFirstNumber(token: string): boolean {
  const first = token.match(DIGIT_GROUPS)?.[0] ?? '';
  const n = Number(first);
  return first.length === 4 ? plausibleYear(n) : n >= 1 && n <= 31;
}

/** Checks a labelled digit run as YYMMDD, MMDDYY, DDMMYY, YYYYMMDD, DDMMYYYY or MMDDYYYY. */
export function validDigitsDate(digits: string): boolean {
  const n = (from: number, to: number): number => Number(digits.slice(from, to));
  if (digits.length === 8) {
    return (
      (plausibleYear(n(0, 4)) && plausibleDay(n(6, 8), n(4, 6))) ||
      (plausibleYear(n(4, 8)) && (plausibleDay(n(0, 2), n(2, 4)) || plausibleDay(n(2, 4), n(0, 2))))
    );
  }
  return plausibleDay(n(4, 6), n(2, 4)) || plausibleDay(n(2, 4), n(0, 2)) || plausibleDay(n(0, 2), n(2, 4));
}

/**
 * A day number and a month number a date could print, whatever the month's length: the skeleton's
 * cut must not move with the calendar (skeletons are the cache's keys; "30.02." stays a DATE slot,
 * which the rules then find is no day). The calendar itself is common/calendar.ts.
 */
function plausibleDay(day: number, month: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function plausibleYear(year: number): boolean {
  return year >= 1900 && year <= 2099;
}
