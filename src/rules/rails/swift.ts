/**
 * SWIFT MT103 customer transfers flattened onto one line:
 *   {121:0f6e...-...} :20:FT26309ABC12 :32A:261105USD15000,00 :33B:EUR13800,00
 *   :50K:/DE89[IBAN] ACME GMBH BERLIN :59:/[IBAN] GLOBEX LLC NEW YORK :70:INV 4471
 * Reference: the UETR (field 121 or a "UETR" label) first, else :20: (unless NONREF). :32A:
 * carries the value date, currency and settlement amount (amount.ts and the composer read it);
 * :33B: is the instructed original and never the posted amount. :50K: is the payer, :59: the
 * payee; a name field mixes name and address once flattened, so the party is only a hint.
 */
import { nameRunAfter } from '../names.ts';
import { type Claim, type RailReading, railReading } from './rail-reading.ts';

const SWIFT_RE = /:20:|:32A:|\bMT103\b|\bUETR\b|\{121:|:121:/i;
/** One of these matches every line parseSwift reads. */
export const SWIFT_MARKERS: readonly RegExp[] = [SWIFT_RE];
const UETR_RE = /(?:\bUETR|\{121|:121)\s*[:=/]?\s*([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})/i;
const FIELD_20_RE = /:20:\s?([A-Z0-9/?:().,'+ -]{1,16}?)(?=\s|$|:\d{2}[A-Z]?:)/i;
const SETTLEMENT_RE = /:32A:\s?(\d{2})(\d{2})(\d{2})([A-Z]{3})/;
const PAYER_RE = /:50[AFK]:\s?(?:\/\S+\s)?/;
const PAYEE_RE = /:59[AF]?:\s?(?:\/\S+\s)?/;
const MEMO_RE = /:70:\s?(.*?)(?=\s:\d{2}[A-Z]?:|$)/;
const NAME_STOP = new Set([':70:', ':71A:', 'STREET', 'STR', 'ST', 'ROAD', 'RD', 'AVENUE', 'AVE']);

export type SwiftSettlement = { date: string; currency: string };

/** The :32A: value date (YYMMDD, always year first) and currency. */
export function swiftSettlement(text: string): SwiftSettlement | null {
  const m = SETTLEMENT_RE.exec(text);
  if (!m) return null;
  const [, yy, mm, dd, currency] = m;
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { date: `20${yy}-${mm}-${dd}`, currency: currency! };
}

function party(text: string, re: RegExp, rule: string): Claim<string> | null {
  const m = re.exec(text);
  const name = m && nameRunAfter(text, m.index + m[0].length, { stop: NAME_STOP, maxSkipped: 1 });
  return name ? { value: name, confidence: 0.6, rule } : null;
}

export function parseSwift(text: string): RailReading | null {
  if (!SWIFT_RE.test(text)) return null;
  const reading = railReading('swift', { value: 'WIRE', confidence: 0.95, rule: 'swift:MT103' });
  const uetr = UETR_RE.exec(text);
  const f20 = FIELD_20_RE.exec(text);
  if (uetr) reading.reference = { value: uetr[1]!, confidence: 0.97, rule: 'swift:UETR' };
  else if (f20 && f20[1]!.toUpperCase() !== 'NONREF') reading.reference = { value: f20[1]!, confidence: 0.95, rule: 'swift:20' };
  // Which party is the counterparty depends on the direction, which MT103 itself does not state.
  const payer = party(text, PAYER_RE, 'swift:50K');
  const payee = party(text, PAYEE_RE, 'swift:59');
  reading.parties = { payer, payee };
  reading.memo = MEMO_RE.exec(text)?.[1] ?? null;
  reading.explainedIds = f20 ? [f20[1]!] : [];
  return reading;
}
