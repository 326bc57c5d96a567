/**
 * NEFT, IMPS and RTGS (India):
 *   NEFT CR-SBIN0001234-ACME PVT LTD-HDFCN52026110512345     NEFT-UTIBN62026110500012345-GLOBEX
 *   IMPS/P2A/631245789012/PRIYA SHARMA/SBIN                   RTGS/UTIBR52026110500012345/GLOBEX LTD
 * The UTR (NEFT/RTGS) or the 12-digit RRN (IMPS) is the reference. NEFT and IMPS are TRANSFER,
 * RTGS is WIRE (contract). The counterparty is the first name-like field after the reference or
 * IFSC, printed as the remitter's bank keyed it, so only persons are confident.
 */
import { looksLikePerson } from '../names.ts';
import { partyClaim, type RailReading, railReading } from './rail-reading.ts';

const RAIL_RE = /\b(NEFT|IMPS|RTGS)\b/i;
/** One of these matches every line parseIndianTransfer reads. */
export const INDIAN_TRANSFER_MARKERS: readonly RegExp[] = [RAIL_RE];
const DIRECTION_RE = /\b(?:NEFT|IMPS|RTGS)[ /-]?(CR|DR)\b|\/(CR|DR)\//i;
const FIELD_SPLIT_RE = /[/-]/;
// A UTR is a bank prefix of letters (HDFCN, UTIBR, N) then digits: 12 to 22 characters in all.
const UTR_RE = /^(?=.{12,22}$)[A-Z]{1,6}\d{6,21}$/;
const IFSC_RE = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const RRN_RE = /^\d{12}$/;
const NAME_FIELD_RE = /^[A-Z][A-Z .&']{1,60}$/i;
const NOT_NAMES = new Set(['NEFT', 'IMPS', 'RTGS', 'CR', 'DR', 'P2A', 'P2P', 'P2M', 'MOB', 'NA', 'INB', 'NETBANK']);

export function parseIndianTransfer(text: string): RailReading | null {
  const rail = RAIL_RE.exec(text);
  if (!rail) return null;
  const kind = rail[1]!.toUpperCase();
  const type = kind === 'RTGS' ? ('WIRE' as const) : ('TRANSFER' as const);
  const reading = railReading(kind.toLowerCase(), { value: type, confidence: 0.95, rule: `${kind.toLowerCase()}:marker` });
  const dir = DIRECTION_RE.exec(text);
  if (dir)
    reading.direction = {
      value: (dir[1] ?? dir[2])!.toUpperCase() === 'CR' ? 'CREDIT' : 'DEBIT',
      confidence: 0.97,
      rule: `${kind.toLowerCase()}:CR/DR`,
    };
  // The first field is the rail keyword itself ("NEFT CR", "IMPS").
  const fields = text
    .slice(rail.index)
    .split(FIELD_SPLIT_RE)
    .slice(1)
    .map((f) => f.trim());
  const tokens = fields.flatMap((f) => f.split(' '));
  const ref = tokens.find((f) => (kind === 'IMPS' ? RRN_RE.test(f) : UTR_RE.test(f) && !IFSC_RE.test(f)));
  if (ref) reading.reference = { value: ref, confidence: 0.93, rule: `${kind.toLowerCase()}:${kind === 'IMPS' ? 'RRN' : 'UTR'}` };
  const name = fields.find((f) => NAME_FIELD_RE.test(f) && !NOT_NAMES.has(f.toUpperCase()) && !IFSC_RE.test(f) && !/^[A-Z]{4}$/.test(f));
  if (name) {
    reading.counterparty = partyClaim(name, `${kind.toLowerCase()}:name`);
    reading.personToPerson = looksLikePerson(name);
  }
  reading.explainedIds = fields.filter((f) => IFSC_RE.test(f));
  return reading;
}
