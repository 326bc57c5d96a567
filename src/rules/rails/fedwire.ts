/**
 * Fedwire (US) wire advices:
 *   FEDWIRE CREDIT VIA: JPMORGAN CHASE IMAD: 20261105MMQFMP2L000123 B/O: GLOBEX LLC AMT 15,000.00
 *   WIRE TYPE:WIRE OUT ... BNF:ACME SUPPLY CO ID:... IMAD:20261105QMGFT015000456
 * The IMAD is the reference (the OMAD when no IMAD is printed); B/O (by order of, the payer) names
 * the counterparty of a credit, BNF (beneficiary) that of a debit. VIA names a bank, not a party.
 */
import { nameRunAfter } from '../names.ts';
import { type Claim, partyClaim, type RailReading, railReading } from './rail-reading.ts';

const FEDWIRE_RE =
  /\bFED\s?WIRE\b|\bIMAD\b|\bOMAD\b|\bWIRE\s+(?:TRANSFER|IN|OUT|CREDIT|DEBIT|TYPE)\b|\b(?:INCOMING|OUTGOING|DOMESTIC)\s+WIRE\b/i;
/** One of these matches every line parseFedwire reads. */
export const FEDWIRE_MARKERS: readonly RegExp[] = [FEDWIRE_RE];
const IMAD_RE = /\bIMAD\s*[:#=]?\s*(\d{8}[A-Z0-9]{8}\d{6})\b/i;
const OMAD_RE = /\bOMAD\s*[:#=]?\s*(\d{8}[A-Z0-9]{8}\d{6})\b/i;
const PAYER_RE = /\b(?:B\/O|BY ORDER OF|ORG|ORIG|ORIGINATOR)\s*[:=]\s*|\bB\/O\s+/i;
const PAYEE_RE = /\b(?:BNF|BENEFICIARY|BEN)\s*[:=]\s*/i;
const CREDIT_RE = /\b(?:FED\s?WIRE|WIRE)\s+(?:CREDIT|IN)\b|\bINCOMING\s+WIRE\b|\bWIRE TYPE\s*:\s*WIRE IN\b/i;
const DEBIT_RE = /\b(?:FED\s?WIRE|WIRE)\s+(?:DEBIT|OUT)\b|\bOUTGOING\s+WIRE\b|\bWIRE TYPE\s*:\s*WIRE OUT\b/i;
const NAME_STOP = new Set([
  'AMT',
  'AMOUNT',
  'VAL',
  'VALUE',
  'REF',
  'OBI',
  'BNF',
  'BBI',
  'ORG',
  'IMAD',
  'OMAD',
  'VIA',
  'SRF',
  'TRN',
  'ID',
  'DATE',
  'ON',
  'AC',
  'ACCT',
  'A/C',
  'BNF:',
  'B/O',
  'ADDR',
  'USD',
  'RFB',
  'BANK',
]);
const SKIP = new Set(['/', 'AC', 'ACCT']);

function party(text: string, re: RegExp, rule: string): Claim<string> | null {
  const m = re.exec(text);
  const name = m && nameRunAfter(text, m.index + m[0].length, { stop: NAME_STOP, skip: SKIP, maxSkipped: 2 });
  // Wire party fields print business names in full, legal form included; the contract folds legal
  // forms, so the name as printed is what a person would write, and a business scores as high.
  return name ? { ...partyClaim(name, rule), confidence: 0.95 } : null;
}

export function parseFedwire(text: string): RailReading | null {
  if (!FEDWIRE_RE.test(text)) return null;
  const reading = railReading('fedwire', { value: 'WIRE', confidence: 0.97, rule: 'fedwire:marker' });
  const imad = IMAD_RE.exec(text) ?? OMAD_RE.exec(text);
  if (imad)
    reading.reference = { value: imad[1]!, confidence: imad[0].toUpperCase().startsWith('IMAD') ? 0.97 : 0.85, rule: 'fedwire:IMAD' };
  const payer = party(text, PAYER_RE, 'fedwire:B/O');
  const payee = party(text, PAYEE_RE, 'fedwire:BNF');
  // The party fields are the rail's own direction evidence; "WIRE CREDIT" wording is left to
  // direction.ts so the same words are not counted twice.
  const byParty = payer && !payee ? 'CREDIT' : payee && !payer ? 'DEBIT' : null;
  if (byParty) reading.direction = { value: byParty, confidence: 0.85, rule: 'fedwire:party-field' };
  const stated = CREDIT_RE.test(text) ? 'CREDIT' : DEBIT_RE.test(text) ? 'DEBIT' : byParty;
  reading.counterparty = stated === 'CREDIT' ? payer : stated === 'DEBIT' ? payee : null;
  reading.parties = { payer, payee };
  return reading;
}
