/**
 * Re-grounding a hit: the stable fields come from the template; amount, date and reference are
 * read from *this* record's slots by the template's slot roles, then checked against the text
 * like any model answer. A template whose roles do not fit the record is a miss, never a wrong
 * answer.
 */
import type { ExtractedFields } from '../contract/records.ts';
import type { PreparedRecord } from '../prepare/prepared-record.ts';
import type { RulesResult } from '../rules/rules-result.ts';
import { consistencyProblems } from '../validate/consistency.ts';
import { groundingProblems } from '../validate/grounding.ts';
import { rulesDisagreements } from '../validate/rules-agreement.ts';
import { amountOfSlot, dateOfSlot, digitsDate, slotFor } from './slot-values.ts';
import type { Template } from './template.ts';

export type Regrounded = { ok: true; fields: ExtractedFields } | { ok: false; reason: string };

export function reground(template: Template, prepared: PreparedRecord, rules: RulesResult): Regrounded {
  const { roles, stable } = template;
  let amount: string | null = null;
  if (roles.amount) {
    const slot = slotFor(prepared, roles.amount, template.skeleton);
    const read = slot ? amountOfSlot(slot, prepared, stable.currency) : null;
    if (!read) return { ok: false, reason: `no AMOUNT slot after ${roles.amount.anchor || 'the start'}` };
    if (read.sign !== roles.amount.sign)
      return { ok: false, reason: `amount printed with sign ${read.sign}, the template's with ${roles.amount.sign}` };
    amount = read.amount;
  }
  let date: string | null = null;
  if (roles.date) {
    const slot = slotFor(prepared, roles.date, template.skeleton);
    const { digits } = roles.date;
    date = !slot
      ? null
      : digits
        ? digitsDate(slot.text, digits, prepared.record.statement_date)
        : dateOfSlot(slot, prepared, roles.date.order);
    if (!date) return { ok: false, reason: `DATE slot ${roles.date.ordinal} is missing or unreadable` };
  }
  let reference: string | null = null;
  if (roles.reference) {
    const slot = slotFor(prepared, roles.reference, template.skeleton);
    if (!slot) return { ok: false, reason: `no ${roles.reference.kind} slot after ${roles.reference.anchor || 'the start'}` };
    // A placeholder such as EREF+NOTPROVIDED sits where the id would; the learnt id had digits.
    if (!/\d/.test(slot.text)) return { ok: false, reason: `the reference slot holds ${slot.text}, not an id` };
    reference = slot.text;
  }
  const fields: ExtractedFields = { ...stable, amount, transaction_date: date, reference };
  const problems = [
    ...groundingProblems(fields, { text: prepared.masked, currencyHint: prepared.record.currency_hint }),
    ...consistencyProblems(fields),
    ...rulesDisagreements(fields, rules),
  ];
  return problems.length > 0 ? { ok: false, reason: problems.join('; ') } : { ok: true, fields };
}
