/**
 * The reference: a check number for checks, else what the rail's structure carries (by the
 * contract's precedence, see rails/), else a labelled bank id (TRANSACTION#, REF#, CONF NO), else
 * null. A null is confident only when nothing in the line could be an id the rules did not place
 * (a letters-and-digits token such as an order id "2K4LD93", or six or more digits, other than the
 * posted amount, the date and the rail's party ids), and never on a rail that prints an id on
 * almost every line. Card acquirer references and order ids are left to the model.
 */
import { gated } from '../common/keyword-gate.ts';
import type { Span } from './amount-candidates.ts';
import type { RailReading } from './rails/rail-reading.ts';
import type { FieldReading } from './rules-result.ts';
import type { TypeMarker } from './type-markers.ts';

export type ReferenceInput = {
  text: string;
  rail: RailReading | null;
  marker: TypeMarker | null;
  /** Spans already read as the amount and the date. */
  read: Span[];
};

const ID_LIKE_RE = /[\p{L}\d]+(?:-[\p{L}\d]+)*/gu;

/**
 * Six or more digits, or a letters-and-digits token of six or more ("2MBYXML", "INV-2026-10-4471").
 * Hyphenated words with a lone number ("7-ELEVEN") and phone-like digit groups are not ids.
 */
function isIdLike(token: string): boolean {
  if (token.length < 4) return false;
  let digits = 0;
  let hyphens = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 45) hyphens++;
  }
  // A token is letters, digits and hyphens (ID_LIKE_RE): whatever is neither of the last two is a letter.
  const letters = digits + hyphens < token.length;
  if (!letters) return hyphens === 0 && digits >= 6;
  if (hyphens > 0) return digits >= 4;
  return token.length >= 6 && digits >= 1;
}

/** Id-like tokens the rules have not placed. */
export function unexplainedIds(input: ReferenceInput): string[] {
  return findUnexplainedIds(input, Number.POSITIVE_INFINITY);
}

/** The first `limit` of them, left to right. */
function findUnexplainedIds(input: ReferenceInput, limit: number): string[] {
  const explained = input.rail?.explainedIds ?? [];
  const found: string[] = [];
  ID_LIKE_RE.lastIndex = 0;
  for (let m = ID_LIKE_RE.exec(input.text); m && found.length < limit; m = ID_LIKE_RE.exec(input.text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!isIdLike(m[0]) || input.read.some((s) => start < s.end && end > s.start)) continue;
    if (explained.some((id) => id.includes(m[0]) || m[0].includes(id))) continue;
    found.push(m[0]);
  }
  return found;
}

// "REF# CALNVVW6CAQY", "TRANSACTION#: 4057813960", "CONF NO 8XK2P1": a labelled bank id. A bare
// "REF" is left alone: UK and Spanish lines print the payer's own note after it.
const LABELLED_ID_RE = gated(
  /\b(?:TRANSACTION|TXN|TRANS|CONF(?:IRMATION)?|REF(?:ERENCE)?)\s*(?:#|NO\.?|NUMBER|ID)\s*[:.]?\s*([A-Z0-9]{6,24})\b/i,
);

const RAILS_WITH_IDS = new Set(['zelle', 'interac', 'ach', 'fedwire', 'swift', 'upi', 'neft', 'imps', 'rtgs']);

function labelledId(text: string): string | null {
  const id = LABELLED_ID_RE.exec(text)?.[1];
  return id && (/\d/.test(id) || id.length >= 10) ? id : null;
}

export function readReference(input: ReferenceInput): FieldReading<'reference'> {
  if (input.marker?.type === 'CHECK' && input.marker.checkNumber) {
    return { value: input.marker.checkNumber, confidence: 0.95, rule: 'reference:check-number' };
  }
  if (input.rail?.reference) return { ...input.rail.reference };
  const labelled = labelledId(input.text);
  if (labelled) return { value: labelled, confidence: 0.9, rule: 'reference:labelled-id' };
  // These rails print an id on almost every line; a line where none was read is more likely one
  // whose id the rules missed than one without.
  if (input.rail && RAILS_WITH_IDS.has(input.rail.rail)) return { value: null, confidence: 0.5, rule: 'reference:rail-id-not-found' };
  // One unplaced id is enough to doubt that the line prints none.
  const loose = findUnexplainedIds(input, 1);
  return loose.length === 0
    ? { value: null, confidence: 0.95, rule: 'reference:none-printed' }
    : { value: null, confidence: 0.4, rule: 'reference:unplaced-ids' };
}
