/**
 * The transaction type by the contract's precedence, REFUND > PAYROLL > INTEREST > FEE > ATM >
 * CHECK > the rail, with one reading of the words that set it: on a rail line that names a party
 * (a SEPA transfer, an FPS payment, a SWIFT advice), "CONSULTING FEES" or "COTISATION" says what was
 * paid for, and "Remboursement resto" in a memo is a friend paying back, not a merchant's refund.
 * There the bank-entry types (interest, fee, ATM, check) are not read at all and a refund word
 * counts only outside the memo; payroll words count everywhere (a salary memo makes it PAYROLL).
 */
import type { RailReading } from './rails/rail-reading.ts';
import type { FieldReading } from './rules-result.ts';
import { findTypeMarker, type MarkerType, type TypeMarker } from './type-markers.ts';

const REFUND_ONLY: ReadonlySet<MarkerType> = new Set(['REFUND']);
const PAYROLL_ONLY: ReadonlySet<MarkerType> = new Set(['PAYROLL']);

export function namesAParty(rail: RailReading | null): rail is RailReading {
  if (!rail || rail.rail === 'card') return false;
  return (rail.counterparty?.confidence ?? 0) >= 0.6 || rail.parties?.payer != null || rail.parties?.payee != null;
}

/** The line without the payer's free-text memo, where the bank's own words are. */
export function outsideMemo(text: string, rail: RailReading | null): string {
  return rail?.memo ? text.replace(rail.memo, ' ') : text;
}

/** The type marker that applies to this line, given its rail. */
export function applicableMarker(text: string, rail: RailReading | null): TypeMarker | null {
  if (!namesAParty(rail)) return merchantDoubt(findTypeMarker(text), rail);
  return findTypeMarker(outsideMemo(text, rail), REFUND_ONLY) ?? findTypeMarker(text, PAYROLL_ONLY);
}

/**
 * On a card line a fee or interest word may be the merchant's ("PF CLUB FEES HAMPTON NH",
 * "POS PURCHASE ... FEES"), not the bank's. Such a marker still sets the type, but not
 * confidently, and the fields that follow from it inherit the doubt.
 */
function merchantDoubt(marker: TypeMarker | null, rail: RailReading | null): TypeMarker | null {
  if (!marker || rail?.rail !== 'card' || (marker.type !== 'FEE' && marker.type !== 'INTEREST')) return marker;
  return { ...marker, confidence: Math.min(marker.confidence, 0.7), rule: `${marker.rule}+merchant-location` };
}

export function readType(marker: TypeMarker | null, rail: RailReading | null, ownAccount: boolean): FieldReading<'transaction_type'> {
  if (marker) return { value: marker.type, confidence: marker.confidence, rule: marker.rule };
  if (ownAccount) return { value: 'TRANSFER', confidence: 0.95, rule: 'type:own-account' };
  if (rail) return { value: rail.type.value, confidence: rail.type.confidence, rule: rail.type.rule };
  return { value: null, confidence: 0.2, rule: 'type:unknown' };
}
