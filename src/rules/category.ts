/**
 * The category, only where the type or the structure fixes it: ATM → CASH, FEE → FEES, PAYROLL
 * and interest earned → INCOME, a person-to-person transfer → TRANSFER (RENT when the memo says
 * rent), an own-account move → TRANSFER. Everywhere else the category follows the counterparty,
 * which needs the cache or a model, so the rules say so with a low confidence.
 */
import type { Direction, TransactionType } from '../contract/records.ts';
import type { RailReading } from './rails/rail-reading.ts';
import type { FieldReading } from './rules-result.ts';

export type CategoryInput = {
  text: string;
  type: TransactionType | null;
  /** How sure the type is: a category that follows from the type is no surer. */
  typeConfidence: number;
  direction: Direction | null;
  rail: RailReading | null;
  ownAccount: boolean;
};

type Reading = FieldReading<'category'>;

const RENT_RE = /\b(?:RENT|RENTAL|HOUSE RENT|MIETE|KALTMIETE|WARMMIETE|LOYER|ALQUILER|ALUGUEL|ARRIENDO|AFFITTO|HUUR|KIRAYA)\b/i;
const BY_TYPE: Partial<Record<TransactionType, Reading>> = {
  ATM: { value: 'CASH', confidence: 0.97, rule: 'category:atm' },
  FEE: { value: 'FEES', confidence: 0.97, rule: 'category:fee' },
  PAYROLL: { value: 'INCOME', confidence: 0.97, rule: 'category:payroll' },
  // A check names no payee (the contract gives it no counterparty), so nothing says what it paid for.
  CHECK: { value: 'OTHER', confidence: 0.95, rule: 'category:check' },
};
const INCOMING_BUSINESS_TYPES = new Set<TransactionType>(['WIRE', 'SEPA', 'ACH', 'TRANSFER', 'FASTER_PAYMENT', 'PIX', 'UPI']);

export function readCategory(input: CategoryInput): Reading {
  const fixed = input.type ? BY_TYPE[input.type] : undefined;
  if (fixed) return { ...fixed, confidence: Math.min(fixed.confidence, input.typeConfidence) };
  if (input.type === 'INTEREST') {
    // Interest earned is income; interest charged has no category of its own in the contract.
    return input.direction === 'CREDIT'
      ? { value: 'INCOME', confidence: Math.min(0.95, input.typeConfidence), rule: 'category:interest-earned' }
      : { value: 'FEES', confidence: 0.5, rule: 'category:interest-charged' };
  }
  if (input.rail?.personToPerson && input.type !== 'REFUND') {
    const rent = RENT_RE.test(input.rail.memo ?? input.text);
    return { value: rent ? 'RENT' : 'TRANSFER', confidence: 0.95, rule: rent ? 'category:p2p-rent-memo' : 'category:p2p' };
  }
  if (input.ownAccount) return { value: 'TRANSFER', confidence: 0.95, rule: 'category:own-account' };
  // An incoming payment from a business is usually an invoice paid (INCOME), but not always.
  if (input.direction === 'CREDIT' && input.type !== null && INCOMING_BUSINESS_TYPES.has(input.type)) {
    return { value: 'INCOME', confidence: 0.5, rule: 'category:incoming-payment' };
  }
  return { value: null, confidence: 0.2, rule: 'category:follows-counterparty' };
}
