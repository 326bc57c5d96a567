/**
 * ACH (US) entries as banks print them:
 *   ACH DEBIT PPD ID: 9876543210 CONED PAYMENT 110326 TRACE 021000021234567
 *   ORIG CO NAME:CONED ORIG ID:9876543210 DESC DATE:110326 CO ENTRY DESCR:PAYMENT SEC:PPD TRACE#:021000021234567 EED:261103
 *   CONED DES:PAYMENT ID:XXXX INDN:JANE DOE CO ID:9876543210 PPD
 * The trace number is the reference; PPD/company ids are party ids and never references. The
 * company name is as the originator abbreviated it ("CONED" for Con Edison), so it is a hint.
 */
import { nameRunAfter, titleCase, withoutLegalForm } from '../names.ts';
import { type Claim, type RailReading, railReading } from './rail-reading.ts';

const ACH_RE = /\bACH\b|\bORIG CO NAME\b|\bCO ENTRY DESCR\b/i;
// Pairs tested separately: one "A.*B" pattern would rescan the rest of the line for every A.
const DES_RE = /\bDES:/i;
const INDN_RE = /\bINDN:/i;
const SEC_CODE_RE = /\b(?:PPD|CCD|CTX|WEB|TEL)\b/i;
const TRACE_WORD_RE = /\bTRACE\b/i;

/** One of these matches every line parseAch reads. */
export const ACH_MARKERS: readonly RegExp[] = [ACH_RE, DES_RE, SEC_CODE_RE];

function isAch(text: string): boolean {
  return ACH_RE.test(text) || (DES_RE.test(text) && INDN_RE.test(text)) || (SEC_CODE_RE.test(text) && TRACE_WORD_RE.test(text));
}
const TRACE_RE = /\bTRACE\s*(?:#|NO\.?|NUMBER|NBR)?\s*[:#]?\s*(\d{7,15})\b/i;
const PARTY_ID_RE = /\b(?:PPD|CCD|CO|ORIG|COMPANY|IND)?\s*ID\s*[:#]?\s*([A-Z0-9]{4,15})\b/gi;
const ORIG_NAME_RE = /\b(?:ORIG CO NAME|CO NAME|COMPANY NAME|ORIGINATOR)\s*[:=]\s*/i;
const AFTER_PPD_ID_RE = /\b(?:PPD|CCD|CTX|WEB|TEL)\s+ID\s*[:#]?\s*[A-Z0-9]{4,15}\s+/i;
const BEFORE_DES_RE = /^(?:ACH\s+(?:DEBIT|CREDIT)\s+)?([A-Z][A-Z0-9&.' -]{1,40}?)\s+DES:/i;
const NAME_STOP = new Set([
  'ORIG',
  'ID',
  'DESC',
  'DES',
  'CO',
  'SEC',
  'TRACE',
  'EED',
  'IND',
  'INDN',
  'PAYMENT',
  'PMT',
  'PYMT',
  'BILL',
  'PAYROLL',
  'DIR',
  'DEP',
  'AUTOPAY',
  'WEB',
  'PPD',
  'CCD',
  'AMT',
]);

const cased = (name: string) => titleCase(withoutLegalForm(name));

function companyName(text: string): Claim<string> | null {
  const labelled = ORIG_NAME_RE.exec(text);
  const fromLabel = labelled && nameRunAfter(text, labelled.index + labelled[0].length, { stop: NAME_STOP, maxSkipped: 0 });
  if (fromLabel) return { value: cased(fromLabel), confidence: 0.6, rule: 'ach:company-name' };
  const beforeDes = BEFORE_DES_RE.exec(text);
  if (beforeDes) return { value: cased(beforeDes[1]!.trim()), confidence: 0.5, rule: 'ach:name-before-DES' };
  const afterId = AFTER_PPD_ID_RE.exec(text);
  const unlabelled = afterId && nameRunAfter(text, afterId.index + afterId[0].length, { stop: NAME_STOP, maxSkipped: 0 });
  return unlabelled ? { value: cased(unlabelled), confidence: 0.4, rule: 'ach:name-after-id' } : null;
}

function partyIds(text: string): string[] {
  const ids: string[] = [];
  // exec on the shared global regex: matchAll would clone it on every call.
  PARTY_ID_RE.lastIndex = 0;
  for (let m = PARTY_ID_RE.exec(text); m !== null; m = PARTY_ID_RE.exec(text)) ids.push(m[1]!);
  return ids;
}

export function parseAch(text: string): RailReading | null {
  if (!isAch(text)) return null;
  const reading = railReading('ach', { value: 'ACH', confidence: 0.97, rule: 'ach:marker' });
  const trace = TRACE_RE.exec(text);
  if (trace) reading.reference = { value: trace[1]!, confidence: 0.97, rule: 'ach:TRACE' };
  reading.counterparty = companyName(text);
  reading.explainedIds = partyIds(text);
  return reading;
}
