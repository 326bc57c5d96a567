/**
 * Cross-field checks: combinations the data contract rules out, whatever the text says.
 */
import { isIsoDate } from '../common/calendar.ts';
import type { ExtractedFields } from '../contract/records.ts';

const AMOUNT = /^\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;
const NO_COUNTERPARTY = new Set(['ATM', 'FEE', 'INTEREST', 'CHECK']);

export function consistencyProblems(fields: ExtractedFields): string[] {
  const problems: string[] = [];
  if (fields.amount !== null && !AMOUNT.test(fields.amount)) problems.push(`amount ${fields.amount} is not in contract form`);
  if (fields.transaction_date !== null && !isIsoDate(fields.transaction_date))
    problems.push(`date ${fields.transaction_date} is not a real ISO date`);
  if (fields.currency !== null && !CURRENCY.test(fields.currency)) problems.push(`currency ${fields.currency} is not ISO 4217`);
  const type = fields.transaction_type;
  if (type && NO_COUNTERPARTY.has(type) && fields.counterparty !== null) problems.push(`${type} lines have no counterparty`);
  if (type === 'ATM' && fields.category !== null && fields.category !== 'CASH') problems.push('ATM lines are CASH');
  if (type === 'FEE' && fields.category !== null && fields.category !== 'FEES') problems.push('FEE lines are FEES');
  if ((type === 'INTEREST' || type === 'PAYROLL') && fields.category !== null && fields.category !== 'INCOME')
    problems.push(`${type} lines are INCOME`);
  if ((type === 'REFUND' || type === 'PAYROLL' || type === 'INTEREST') && fields.direction === 'DEBIT')
    problems.push(`${type} lines are credits`);
  return problems;
}
