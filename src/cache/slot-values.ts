/**
 * Reading one slot's value the way the rules tier reads the whole line: an amount with its
 * printed sign, a date resolved by locale and statement date, a reference as printed. Used both
 * to learn which slot holds a field and to re-read that slot in a new record.
 */
import type { PreparedRecord, Slot } from '../prepare/prepared-record.ts';
import { findAmounts } from '../rules/amount-candidates.ts';
import { minorUnits } from '../rules/currency-codes.ts';
import { readDate } from '../rules/date.ts';
import { decimalMark } from '../rules/locale-conventions.ts';
import { formatAmount } from '../rules/number-format.ts';
import type { AmountSign } from './template.ts';

export type SlotAmount = { amount: string; sign: AmountSign };

export function amountOfSlot(slot: Slot, prepared: PreparedRecord, currency: string | null): SlotAmount | null {
  const [candidate] = findAmounts(slot.text, decimalMark(prepared.record.locale));
  if (!candidate) return null;
  return { amount: formatAmount(candidate.parsed, minorUnits(currency ?? prepared.record.currency_hint)), sign: candidate.sign ?? 'none' };
}

export function dateOfSlot(slot: Slot, prepared: PreparedRecord): string | null {
  const { record } = prepared;
  const { reading } = readDate({ text: slot.text, locale: record.locale, statementDate: record.statement_date, currencyHint: record.currency_hint });
  return reading.value;
}

/** A reference as the contract compares it: white space and case aside. */
export function sameReference(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}

export function slotAt(prepared: PreparedRecord, kind: Slot['kind'], ordinal: number): Slot | undefined {
  return prepared.slots.find((s) => s.kind === kind && s.ordinal === ordinal);
}
