/**
 * Admission: turning a confident, validated answer into a template. The answer's volatile values
 * are located in the record's slots (which AMOUNT, which DATE, which REF); an answer whose values
 * cannot all be located cannot be re-grounded later and is not admitted, nor is anything whose
 * skeleton could still hold a secret.
 */
import type { ExtractedFields } from '../contract/records.ts';
import { maskSecrets } from '../prepare/mask-secrets.ts';
import type { PreparedRecord, Slot } from '../prepare/prepared-record.ts';
import { gateWords } from './gate.ts';
import { amountOfSlot, anchorOf, dateOfSlot, dateOrderOf, digitLayoutOf, sameReference } from './slot-values.ts';
import { type DigitLayout, type Template, templateId } from './template.ts';

export type Admission = { ok: true; template: Template } | { ok: false; reason: string };

// Any script's digits: a run NFKC leaves as Arabic-Indic digits is still a long number.
const LONG_DIGITS = /\p{Nd}{7,}/u;

export function learnTemplate(options: {
  prepared: PreparedRecord;
  fields: ExtractedFields;
  producedBy: { tier: string; model: string | null };
  /** The stable fields were confirmed with the answer (the rules' confident readings, or two tiers agreeing). */
  confirmed: boolean;
  embedding: number[] | null;
  now: number;
}): Admission {
  const { prepared, fields } = options;
  if (maskSecrets(prepared.skeleton).secrets.length > 0 || LONG_DIGITS.test(prepared.skeleton)) {
    return { ok: false, reason: 'the skeleton could still hold a secret' };
  }
  const amount =
    fields.amount === null
      ? null
      : locate(prepared.slots, 'AMOUNT', (s) => amountOfSlot(s, prepared, fields.currency)?.amount === fields.amount);
  if (fields.amount !== null && !amount) return { ok: false, reason: `no AMOUNT slot holds ${fields.amount}` };
  // A compact date ("EED:110226") is cut as a NUMBER when no date label announces it.
  const readsAsDate = (s: Slot) =>
    dateOfSlot(s, prepared) === fields.transaction_date ||
    dateOrderOf(s, prepared, fields.transaction_date!) !== null ||
    digitLayoutOf(s, prepared, fields.transaction_date!) !== null;
  const date =
    fields.transaction_date === null
      ? null
      : (locate(prepared.slots, 'DATE', readsAsDate) ?? locate(prepared.slots, 'NUMBER', readsAsDate));
  if (fields.transaction_date !== null && !date) return { ok: false, reason: `no DATE slot reads as ${fields.transaction_date}` };
  const reference =
    fields.reference === null
      ? null
      : (locate(prepared.slots, 'REF', (s) => sameReference(s.text, fields.reference!)) ??
        locate(prepared.slots, 'NUMBER', (s) => sameReference(s.text, fields.reference!)));
  if (fields.reference !== null && !reference) return { ok: false, reason: `no slot holds the reference ${fields.reference}` };

  const { record } = prepared;
  const scope = {
    source_id: record.source_id,
    document_type: record.document_type,
    template_version: record.template_version,
    locale: record.locale,
  };
  return {
    ok: true,
    template: {
      id: templateId(scope, prepared.skeleton),
      skeleton: prepared.skeleton,
      scope,
      stable: {
        counterparty: fields.counterparty,
        transaction_type: fields.transaction_type,
        category: fields.category,
        direction: fields.direction,
        currency: fields.currency,
      },
      roles: {
        amount: amount
          ? {
              kind: 'AMOUNT',
              ordinal: amount.ordinal,
              anchor: anchorOf(amount, prepared),
              sign: amountOfSlot(amount, prepared, fields.currency)!.sign,
            }
          : null,
        date: date
          ? {
              kind: date.kind,
              ordinal: date.ordinal,
              anchor: anchorOf(date, prepared),
              order: dateOrderOf(date, prepared, fields.transaction_date!),
              ...digitsRole(date, prepared, fields.transaction_date!),
            }
          : null,
        reference: reference ? { kind: reference.kind, ordinal: reference.ordinal, anchor: anchorOf(reference, prepared) } : null,
      },
      gate: gateWords(prepared.skeleton, fields.counterparty),
      createdAt: options.now,
      lastHitAt: null,
      hitCount: 0,
      feedback: { correct: options.confirmed ? 1 : 0, incorrect: 0 },
      producedBy: options.producedBy,
      embedding: options.embedding,
    },
  };
}

/** The slot of that kind the predicate picks; ambiguity (two slots fit) is not admitted. */
function locate(slots: readonly Slot[], kind: Slot['kind'], fits: (slot: Slot) => boolean): Slot | undefined {
  const found = slots.filter((s) => s.kind === kind && fits(s));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * A date printed as bare digits ("1101", "201126") is re-read by the layout the answer revealed:
 * the rules read such a date by its nearness to the statement, which another record of the same
 * template may not share ("111226" is 11 Dec or 12 Nov by nearness alone).
 */
function digitsRole(slot: Slot, prepared: PreparedRecord, iso: string): { digits?: DigitLayout } {
  const digits = digitLayoutOf(slot, prepared, iso);
  return digits ? { digits } : {};
}
