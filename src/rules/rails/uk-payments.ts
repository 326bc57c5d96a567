/**
 * UK domestic payments:
 *   FPS PAYMENT TO J SMITH REF FLAT 3 RENT          FASTER PAYMENT FROM ACME LTD REF INV 4471
 *   DIRECT DEBIT BRITISH GAS 123456789              DD THAMES WATER          BACS ACME PAYROLL
 * Faster Payments are FASTER_PAYMENT; mandate debits (DD, DDR, DIRECT DEBIT) are DIRECT_DEBIT.
 * The text after REF is the payer's own note (a memo), not a bank reference, so a UK line
 * carries no reference unless a scheme id is printed.
 */
import { looksLikePerson, nameRunAfter } from '../names.ts';
import { partyClaim, type RailReading, railReading } from './rail-reading.ts';

const FPS_RE = /\bFPS\b|\bFASTER\s+(?:PAYMENTS?|PYMTS?|PMT)\b|\bFP\s+(?:IN|OUT)\b/i;
const DIRECT_DEBIT_RE = /\bDIRECT\s+DEBIT\b|\bDDR?\b/i;
const BACS_RE = /\bBACS\b/i;
/** One of these matches every line parseUkPayment reads. */
export const UK_PAYMENT_MARKERS: readonly RegExp[] = [FPS_RE, DIRECT_DEBIT_RE, BACS_RE];
// The name follows TO/FROM when printed, else the rail word and its direction word.
const TO_FROM_RE = /\b(?:TO|FROM)\s+/i;
const RAIL_WORDS_RE =
  /\b(?:FPS|FASTER\s+(?:PAYMENTS?|PYMTS?|PMT)|DIRECT\s+DEBIT|DDR?|BACS)(?:\s+(?:PAYMENT|PYMT|CREDIT|DEBIT|RECEIVED|SENT|IN|OUT))*\s+/i;
const MEMO_RE = /\bREF(?:ERENCE)?\s*[:.]?\s+(.*?)(?=\s+-?\d[\d,]*\.\d{2}\b|$)/i;
const NAME_STOP = new Set(['REF', 'REFERENCE', 'VIA', 'ON', 'MOBILE', 'ONLINE', 'BANKING', 'APP', 'GBP', 'FPS', 'BACS']);
const SKIP = new Set(['TO', 'FROM']);

function nameStart(text: string): number | null {
  const m = TO_FROM_RE.exec(text) ?? RAIL_WORDS_RE.exec(text);
  return m ? m.index + m[0].length : null;
}

export function parseUkPayment(text: string): RailReading | null {
  const fps = FPS_RE.test(text);
  const dd = !fps && DIRECT_DEBIT_RE.test(text);
  if (!fps && !dd && !BACS_RE.test(text)) return null;
  const type = fps
    ? { value: 'FASTER_PAYMENT' as const, confidence: 0.97, rule: 'uk:FPS' }
    : dd
      ? { value: 'DIRECT_DEBIT' as const, confidence: 0.95, rule: 'uk:direct-debit' }
      : { value: 'OTHER' as const, confidence: 0.4, rule: 'uk:BACS' };
  const reading = railReading(fps ? 'fps' : dd ? 'uk-direct-debit' : 'bacs', type);
  const from = nameStart(text);
  const name = from === null ? null : nameRunAfter(text, from, { stop: NAME_STOP, skip: SKIP, maxSkipped: 1 });
  if (name) {
    const person = fps && looksLikePerson(name);
    reading.counterparty = person ? partyClaim(name, 'uk:name') : { ...partyClaim(name, 'uk:name'), confidence: 0.6 };
    reading.personToPerson = person;
  }
  reading.memo = MEMO_RE.exec(text)?.[1] ?? null;
  return reading;
}
