/**
 * Card lines: a card marker (POS, CB, CARD [CARD], VISA, KARTENZAHLUNG, COMPRA TARJETA, an
 * aggregator prefix such as "SQ *" or "PAYPAL *"), or the US card-feed shape
 * "<MERCHANT> <CITY> <ST> MM/DD <amount>".
 *
 * The merchant is what a person would name, which the printed descriptor often is not
 * ("SQ *BLUE BOTTLE COFFE" is Blue Bottle Coffee; "AMZN MKTP" is Amazon), so the rules only offer
 * the leading words as a hint and leave the counterparty and category to the cache or a model.
 */
import { gated } from '../../common/keyword-gate.ts';
import { titleCase } from '../names.ts';
import { type RailReading, railReading } from './rail-reading.ts';

const MARKER_RE = gated(
  /\[CARD\]|\bCARD\b|\bPOS\b|\bVISA\b|\bMASTERCARD\b|\bMAESTRO\b|\bCHECKCARD\b|\bCHECK CARD\b|\bDEBIT CARD\b|^CB\b|\bCB\s+\*|\bPAIEMENT\s+(?:PAR\s+)?CB\b|\bACHAT\s+CB\b|\bCARTE\b|\bTARJETA\b|\bKARTENZAHLUNG\b|\bGIROCARD\b|\bCONTACTLESS\b|\bAPPLE PAY\b|\bGOOGLE PAY\b|\bCOMPRA\s+(?:CON\s+)?(?:TARJETA|CART[ÃA]O|D[ÉE]BITO)\b|^(?:SQ|TST|SP|PAYPAL|PP|AMZN|GOOGLE)\s?\*/i,
);
const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI';
// A state code then a date ("CA 11/02") or an amount ("NH 24.99"); codes that are everyday words
// (IN, OR, ME, ...) count only before a date.
const WORDLIKE_STATES = new Set(['IN', 'OR', 'ME', 'HI', 'OK', 'ID', 'DE', 'LA', 'AL', 'CO', 'PA', 'MA']);
const AMOUNT_STATES = US_STATES.split('|')
  .filter((s) => !WORDLIKE_STATES.has(s))
  .join('|');
const US_SHAPE_RE = new RegExp(String.raw`\b(?:(?:${US_STATES})\s+\d{1,2}\/\d{1,2}|(?:${AMOUNT_STATES})\s+\$?\d[\d,]*\.\d{2})\b`);
const US_STATE_RE = new RegExp(`^(?:${US_STATES})$`);
const PREFIX_RE =
  /^(?:(?:REFUND|RETURN|CARD|POS|CB|VISA|DEBIT CARD PURCHASE|CHECKCARD\s+\d{4}|PURCHASE|ACHAT CB|PAIEMENT CB|KARTENZAHLUNG|COMPRA)\s+)?(?:(?:SQ|TST|SP|PAYPAL|PP)\s?\*\s?)?/i;
const LEAD_WORDS_RE = /^[\p{L}&'][\p{L}&'.-]*(?:\s+[\p{L}&'][\p{L}&'.-]*)*/u;

/** The words before the first number, location or masked token, aggregator prefix removed. */
function merchantHint(text: string): string | null {
  const rest = text.replace(PREFIX_RE, '');
  const lead = LEAD_WORDS_RE.exec(rest)?.[0];
  if (!lead) return null;
  const words = lead.split(/\s+/);
  // Drop a trailing US state code and city guess when the shape says they are there.
  if (words.length > 2 && US_STATE_RE.test(words.at(-1)!)) words.splice(-2);
  return titleCase(words.slice(0, 4).join(' ')) || null;
}

export function parseCard(text: string): RailReading | null {
  const marked = MARKER_RE.test(text);
  const shaped = US_SHAPE_RE.test(text);
  if (!marked && !shaped) return null;
  // The rule name says whether a merchant location is printed: the composer reads it.
  const rule = marked ? (shaped ? 'card:marker+us-shape' : 'card:marker') : 'card:us-shape';
  const reading = railReading('card', { value: 'CARD', confidence: marked ? 0.9 : 0.75, rule });
  const hint = merchantHint(text);
  if (hint) reading.counterparty = { value: hint, confidence: 0.3, rule: 'card:descriptor-lead' };
  return reading;
}
