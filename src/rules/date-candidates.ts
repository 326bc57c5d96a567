/**
 * Every date printed in a narrative, with each calendar reading its digits allow: "03.11.2026"
 * (3 November or March 11), "2026-11-05", "11/02" (no year), "06 NOV 2026", "02NOV26",
 * "3. Dezember", "Nov 5, 2026", "20261105", "110326" (YYMMDD, MMDDYY or DDMMYY). Choosing among
 * readings (locale, statement date) is date.ts's job; this file only reads.
 *
 * Not dates: "10/2026" (a month), digits inside ids ("IMAD: 20261105MMQF..."), times, amounts.
 */
import { validDay } from '../common/calendar.ts';
import { ENGLISH_MONTH_SOURCE, MONTH_NAME_SOURCE, monthNumber } from './month-names.ts';

export type DateOrderTag = 'day-first' | 'month-first' | 'year-first' | 'fixed';
export type DateReading = { year: number | null; month: number; day: number; order: DateOrderTag };
export type DateForm = 'iso' | 'numeric' | 'partial' | 'named' | 'compact8' | 'compact6';

export type DateCandidate = {
  start: number;
  end: number;
  form: DateForm;
  /** Valid calendar readings; one unless the digits allow several orders. */
  readings: DateReading[];
  /** A date label right before it: VAL, VALUTA, DATE, DATUM, FECHA, EFF, EED, ON, ... */
  labelled: boolean;
};

const YEAR_END = String.raw`(?!\d|[.,]\d)`;
const ISO_RE = new RegExp(String.raw`(?<![\d.\/-])(\d{4})([-\/.])(\d{1,2})\2(\d{1,2})${YEAR_END}`, 'g');
const NUMERIC_RE = new RegExp(String.raw`(?<![\d.\/:,-])(\d{1,2})([-\/.])(\d{1,2})\2(\d{4}|\d{2})${YEAR_END}`, 'g');
const NAMED_DAY_FIRST_RE = new RegExp(
  String.raw`(?<![\p{L}\d.,*#/])(\d{1,2})(?:\.|º|er)?[ -]?(?:de )?(${MONTH_NAME_SOURCE})\.?(?!\p{L})(?:[ -]?,?(?:de )?(\d{4}|\d{2})${YEAR_END})?(?![\p{L}\d])`,
  'giu',
);
const NAMED_MONTH_FIRST_RE = new RegExp(
  String.raw`(?<![\p{L}\d])(${ENGLISH_MONTH_SOURCE})\.?[ -]?(\d{1,2})(?:st|nd|rd|th)?(?![\p{L}\d]|[.,]\d)(?:,?[ -](\d{4})${YEAR_END})?`,
  'giu',
);
const COMPACT8_RE = /(?<![\w.,/-])(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\w/]|[.,]\d)/g;
const PARTIAL_RE = /(?<![\d./:,-])(\d{1,2})\/(\d{1,2})(?![\d/]|[.,]\d)/g;
const DOTTED_PARTIAL_RE = /(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(?!\d)/g;
const COMPACT6_RE = /(?<![\w.,/+#-])(\d{6})(?![\w/]|[.,]\d)/g;
// ACH's DESC DATE is the originator's descriptive date; the effective date (EED) is the contract's.
const LABEL_RE =
  /(?:^|[^\p{L}])(?:VAL|VALUE|VALUE DATE|VALUTA|WERT|(?<!DESC\s)DATE|DATUM|DT|FECHA|F\. ?VALOR|DATA|EFF|EFF DATE|EFFECTIVE|EFFECTIVE DATE|EED|SETTLE|SETTLEMENT|BOOKED|POSTED|ON|LE|AM|EL|EM)\.?\s*[:=]?\s*$/iu;

function fullYear(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  return raw.length === 2 ? 2000 + Number(raw) : Number(raw);
}

function reading(year: number | null, month: number, day: number, order: DateOrderTag): DateReading[] {
  return validDay(year, month, day) ? [{ year, month, day, order }] : [];
}

function dayMonthReadings(a: number, b: number, year: number | null): DateReading[] {
  if (a === b) return reading(year, a, a, 'fixed');
  return [...reading(year, b, a, 'day-first'), ...reading(year, a, b, 'month-first')];
}

type Pattern = { re: RegExp; form: DateForm; read: (m: RegExpExecArray) => DateReading[] };

const PATTERNS: readonly Pattern[] = [
  { re: ISO_RE, form: 'iso', read: (m) => reading(Number(m[1]), Number(m[3]), Number(m[4]), 'fixed') },
  { re: NUMERIC_RE, form: 'numeric', read: (m) => dayMonthReadings(Number(m[1]), Number(m[3]), fullYear(m[4])) },
  { re: NAMED_DAY_FIRST_RE, form: 'named', read: (m) => reading(fullYear(m[3]), monthNumber(m[2]!) ?? 0, Number(m[1]), 'fixed') },
  { re: NAMED_MONTH_FIRST_RE, form: 'named', read: (m) => reading(fullYear(m[3]), monthNumber(m[1]!) ?? 0, Number(m[2]), 'fixed') },
  { re: COMPACT8_RE, form: 'compact8', read: (m) => reading(Number(m[1]), Number(m[2]), Number(m[3]), 'fixed') },
  { re: PARTIAL_RE, form: 'partial', read: (m) => dayMonthReadings(Number(m[1]), Number(m[2]), null) },
  { re: DOTTED_PARTIAL_RE, form: 'partial', read: (m) => reading(null, Number(m[2]), Number(m[1]), 'day-first') },
  { re: COMPACT6_RE, form: 'compact6', read: (m) => compact6Readings(m[1]!) },
];

function compact6Readings(digits: string): DateReading[] {
  const [p, q, r] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4)), Number(digits.slice(4, 6))];
  return [...reading(2000 + p, q, r, 'year-first'), ...reading(2000 + r, p, q, 'month-first'), ...reading(2000 + r, q, p, 'day-first')];
}

const overlaps = (taken: DateCandidate[], start: number, end: number) => taken.some((c) => start < c.end && end > c.start);

/** Every date-like token with its valid readings, left to right; overlapping later forms lose. */
export function findDates(text: string): DateCandidate[] {
  const found: DateCandidate[] = [];
  for (const { re, form, read } of PATTERNS) {
    // exec on the shared global regex: matchAll would clone it on every call.
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(found, start, end)) continue;
      const readings = read(m);
      if (readings.length === 0) continue;
      found.push({ start, end, form, readings, labelled: LABEL_RE.test(text.slice(Math.max(0, start - 16), start)) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
