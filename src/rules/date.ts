/**
 * The transaction date of a narrative, ISO YYYY-MM-DD, or null when the line prints none (never
 * filled in from the statement date).
 *
 * Choices and their confidence:
 * - day/month order: a reading the digits force (day > 12, ISO, month names) is sure; when both
 *   orders are valid the locale decides, and the statement date corroborates (the chosen reading
 *   falls within six weeks before it, the other does not) or casts doubt;
 * - a missing year comes from the statement date, the nearer year with the past preferred
 *   (a December line on a January statement is last year's); without a statement date the date
 *   cannot be completed and the reading is null with a low confidence;
 * - six digits ("110326") are a date only when labelled (EED, EFF: YYMMDD, the NACHA form) or when
 *   exactly one reading falls near the statement date;
 * - several different dates: a labelled one wins, else the first (the purchase date on card
 *   lines), with a low confidence;
 * - no date read is null, confidently only when nothing printed may be one: a date we could not
 *   complete, six or eight bare digits, or four that read as a month and day (1102, 0211) near the
 *   statement date — layouts the rules do not know print dates that way, and a confident null
 *   would overrule a model that reads them.
 */
import { validDay } from '../common/calendar.ts';
import { type DateCandidate, type DateReading, findDates } from './date-candidates.ts';
import { type DateOrder, dateOrder } from './locale-conventions.ts';
import type { FieldReading, RulesInput } from './rules-result.ts';

export type DateResult = {
  reading: FieldReading<'transaction_date'>;
  /** Offsets of the chosen date in the text, for the reference rules; null when none. */
  span: { start: number; end: number } | null;
};

type Scored = { iso: string; confidence: number; rule: string; candidate: DateCandidate };

const DAY_MS = 86_400_000;
// A line's date sits within about six weeks before its statement (a monthly statement plus
// posting lag) and barely after it.
const PLAUSIBLE_BEFORE_DAYS = 45;
const PLAUSIBLE_AFTER_DAYS = 7;
const ID_LABEL_RE = /(?:ID|NO|NR|#|REF|TRACE|ACCT|CUST|INV|ORDER|CHECK|CHK|CHQ|SERIAL)\.?\s*[:#]?\s*$/i;
const UNREAD_DATE_LIKE_RE = /(?<![\w])\d{6,8}(?![\w])/;
// Four digits standing alone: not part of an amount, a card mask (*4821, X4821), a phone number
// (555-0134), a time (14:32) or an id (#1102).
const FOUR_DIGITS_RE = /(?<![\w.,/+#*:-])(\d{2})(\d{2})(?![\w/:-]|[.,]\d)/g;

const pad = (n: number) => String(n).padStart(2, '0');
const toIso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const epochDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;

function parseStatement(statementDate: string | null): number | null {
  const m = statementDate ? /^(\d{4})-(\d{2})-(\d{2})/.exec(statementDate) : null;
  return m ? epochDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** The reading as a calendar date: its own year, else the year nearest the statement date. */
function complete(r: DateReading, statement: number | null): { iso: string; day: number } | null {
  if (r.year !== null) return { iso: toIso(r.year, r.month, r.day), day: epochDay(r.year, r.month, r.day) };
  if (statement === null) return null;
  const year = new Date(statement * DAY_MS).getUTCFullYear();
  let best: { iso: string; day: number; cost: number } | null = null;
  for (const y of [year - 1, year, year + 1]) {
    if (r.month === 2 && r.day === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) continue;
    const day = epochDay(y, r.month, r.day);
    const cost = day > statement ? (day - statement) * 4 : statement - day; // the past is likelier
    if (!best || cost < best.cost) best = { iso: toIso(y, r.month, r.day), day, cost };
  }
  return best && { iso: best.iso, day: best.day };
}

function plausible(day: number, statement: number | null): boolean {
  return statement !== null && day - statement <= PLAUSIBLE_AFTER_DAYS && statement - day <= PLAUSIBLE_BEFORE_DAYS;
}

function scoreSingle(c: DateCandidate, statement: number | null): Scored | null {
  const r = c.readings[0]!;
  const done = complete(r, statement);
  if (!done) return null;
  if (r.year === null)
    return { iso: done.iso, confidence: plausible(done.day, statement) ? 0.96 : 0.7, rule: `date:${c.form}+statement-year`, candidate: c };
  const far = statement !== null && Math.abs(done.day - statement) > 120;
  return { iso: done.iso, confidence: far ? 0.75 : 0.98, rule: `date:${c.form}`, candidate: c };
}

/** Both day-first and month-first are valid: the locale decides, the statement date corroborates. */
function scoreOrder(c: DateCandidate, statement: number | null, order: DateOrder | null): Scored | null {
  const options = c.readings.map((r) => ({ r, done: complete(r, statement) })).filter((o) => o.done !== null);
  if (options.length === 0) return null;
  const near = options.filter((o) => plausible(o.done!.day, statement));
  const byLocale = order ? options.find((o) => o.r.order === order) : undefined;
  if (byLocale) {
    const corroborated = near.length === 1 && near[0] === byLocale;
    const doubted = near.length === 1 && near[0] !== byLocale;
    const confidence = corroborated ? 0.97 : doubted ? 0.6 : 0.93;
    return { iso: byLocale.done!.iso, confidence, rule: `date:${c.form}+locale-order`, candidate: c };
  }
  if (near.length === 1) return { iso: near[0]!.done!.iso, confidence: 0.85, rule: `date:${c.form}+statement-proximity`, candidate: c };
  const dayFirst = options.find((o) => o.r.order === 'day-first') ?? options[0]!;
  return { iso: dayFirst.done!.iso, confidence: 0.5, rule: `date:${c.form}+default-day-first`, candidate: c };
}

/** Six or eight bare digits are a date only when labelled or when exactly one reading is near. */
function scoreCompact(c: DateCandidate, statement: number | null, text: string): Scored | null {
  if (!c.labelled && ID_LABEL_RE.test(text.slice(Math.max(0, c.start - 12), c.start))) return null;
  const options = c.readings.map((r) => ({ r, done: complete(r, statement)! }));
  const near = options.filter((o) => plausible(o.done.day, statement));
  if (c.labelled) {
    // Labelled six digits (EED:261103) are YYMMDD, the NACHA form, unless only another is near.
    const pick = near.length === 1 ? near[0]! : (options.find((o) => o.r.order === 'year-first' || o.r.order === 'fixed') ?? options[0]!);
    return {
      iso: pick.done.iso,
      confidence: statement === null || near.includes(pick) ? 0.95 : 0.7,
      rule: `date:${c.form}+label`,
      candidate: c,
    };
  }
  if (near.length === 1) return { iso: near[0]!.done.iso, confidence: 0.9, rule: `date:${c.form}+statement-proximity`, candidate: c };
  return near.length > 1 ? { iso: near[0]!.done.iso, confidence: 0.55, rule: `date:${c.form}+several-readings`, candidate: c } : null;
}

function score(c: DateCandidate, input: RulesInput, statement: number | null): Scored | null {
  if (c.form === 'compact6' || c.form === 'compact8') return scoreCompact(c, statement, input.text);
  if (c.readings.length === 1) return scoreSingle(c, statement);
  return scoreOrder(c, statement, dateOrder(input.locale));
}

function pick(scored: Scored[]): Scored {
  const labelled = scored.find((s) => s.candidate.labelled);
  if (labelled) return labelled;
  const first = scored[0]!;
  if (scored.every((s) => s.iso === first.iso)) return { ...first, confidence: Math.max(...scored.map((s) => s.confidence)) };
  return { ...first, confidence: Math.min(first.confidence, 0.6), rule: `${first.rule}+first-of-several` };
}

/**
 * Four bare digits that read as month and day (MMDD) or day and month (DDMM) falling near the
 * statement date — or, with no statement date to check, as any day of the year: a compact date
 * the patterns do not read, or a store number or time that happens to look like one; either way,
 * not evidence that the line prints no date.
 */
function mayPrintMonthDay(text: string, statement: number | null): boolean {
  // exec on the shared global regex: matchAll would clone it on every call.
  FOUR_DIGITS_RE.lastIndex = 0;
  for (let m = FOUR_DIGITS_RE.exec(text); m !== null; m = FOUR_DIGITS_RE.exec(text)) {
    if (ID_LABEL_RE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    const [a, b] = [Number(m[1]), Number(m[2])];
    const readings: DateReading[] = [
      ...(validDay(null, a, b) ? [{ year: null, month: a, day: b, order: 'month-first' as const }] : []),
      ...(validDay(null, b, a) ? [{ year: null, month: b, day: a, order: 'day-first' as const }] : []),
    ];
    for (const r of readings) {
      if (statement === null) return true;
      const done = complete(r, statement);
      if (done && plausible(done.day, statement)) return true;
    }
  }
  return false;
}

/** `candidates`: the dates printed in the text (found here when not given). */
export function readDate(input: RulesInput, candidates: DateCandidate[] = findDates(input.text)): DateResult {
  const statement = parseStatement(input.statementDate);
  const scored = candidates.map((c) => score(c, input, statement)).filter((s) => s !== null);
  if (scored.length === 0) {
    // A printed date we could not complete, or digits that might be one, leave room for doubt.
    const doubt = candidates.length > 0 || UNREAD_DATE_LIKE_RE.test(input.text) || mayPrintMonthDay(input.text, statement);
    return { reading: { value: null, confidence: doubt ? 0.3 : 0.95, rule: doubt ? 'date:unresolved' : 'date:none' }, span: null };
  }
  const best = pick(scored);
  return {
    reading: { value: best.iso, confidence: best.confidence, rule: best.rule },
    span: { start: best.candidate.start, end: best.candidate.end },
  };
}
