/**
 * UPI (India) in the two layouts banks print:
 *   UPI/CR|DR/<RRN>/<NAME>/<BANK>/<VPA>/<NOTE>        (SBI, ICICI and most others)
 *   UPI-<NAME>-<VPA>-<IFSC>-<RRN>-<NOTE>               (HDFC)
 * The RRN (12 digits) is the reference; the name field is the counterparty; CR/DR is the
 * direction. Person-to-person unless the name or the VPA is a business's.
 */
import { looksLikePerson } from '../names.ts';
import { partyClaim, type RailReading, railReading } from './rail-reading.ts';

const SLASH_RE = /\bUPI\/(CR|DR)\/(\d{12})\/([^/]{1,80})\/([^/]{0,40})\/([^/]{0,80})(?:\/([^/]*))?/i;
const DASH_RE = /\bUPI-([^-]{1,80})-([^-]{1,80})-([A-Z]{4}0[A-Z0-9]{6}|[A-Z]{4})-(\d{12})(?:-(.*))?/i;
const UPI_RE = /\bUPI\b/i;
/** One of these matches every line parseUpi reads: both layouts print the keyword. */
export const UPI_MARKERS: readonly RegExp[] = [UPI_RE];
// Merchant VPAs and names: QR codes, payment gateways, "pay", "store" and the like.
const MERCHANT_VPA_RE = /paytmqr|bharatpe|razorpay|@ybl\.merchant|^q\d|merchant|\.rzp@|@hdfcbank\.mer|pay@|store|shop/i;

function personToPerson(name: string, vpa: string): boolean {
  return looksLikePerson(name) && !MERCHANT_VPA_RE.test(vpa);
}

export function parseUpi(text: string): RailReading | null {
  const slash = SLASH_RE.exec(text);
  if (slash) {
    const [, dir, rrn, name, , vpa, note] = slash;
    const reading = railReading('upi', { value: 'UPI', confidence: 0.98, rule: 'upi:slash' });
    reading.direction = { value: dir!.toUpperCase() === 'CR' ? 'CREDIT' : 'DEBIT', confidence: 0.98, rule: 'upi:CR/DR' };
    reading.reference = { value: rrn!, confidence: 0.97, rule: 'upi:RRN' };
    reading.counterparty = partyClaim(name!.trim(), 'upi:name');
    reading.memo = note?.trim() || null;
    reading.personToPerson = personToPerson(name!.trim(), vpa ?? '');
    return reading;
  }
  const dash = DASH_RE.exec(text);
  if (!dash) return UPI_RE.test(text) ? railReading('upi', { value: 'UPI', confidence: 0.9, rule: 'upi:keyword' }) : null;
  const [, name, vpa, ifsc, rrn, note] = dash;
  const reading = railReading('upi', { value: 'UPI', confidence: 0.97, rule: 'upi:dash' });
  reading.reference = { value: rrn!, confidence: 0.95, rule: 'upi:RRN' };
  reading.counterparty = partyClaim(name!.trim(), 'upi:name');
  reading.memo = note?.trim() || null;
  reading.personToPerson = personToPerson(name!.trim(), vpa ?? '');
  reading.explainedIds = [ifsc!];
  return reading;
}
