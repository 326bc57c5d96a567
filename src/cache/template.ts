/**
 * A template: what one confident model answer teaches about every narrative of the same shape.
 * It keeps the stable fields (counterparty, type, category) and, for the volatile ones, only
 * *where* they sit — which slot of the skeleton holds the amount, the date, the reference — so a
 * hit re-reads them from the new record's own slots and never returns another record's values.
 */
import { createHash } from 'node:crypto';
import type { Category, Direction, TransactionType } from '../contract/records.ts';
import type { SlotKind } from '../prepare/prepared-record.ts';

/**
 * "The second AMOUNT slot, the one after 'REF'". The anchor (the skeleton's word or tag right
 * before the slot) keeps a near hit from reading the wrong slot when two skeletons order their
 * slots differently.
 */
export type SlotRole = { kind: SlotKind; ordinal: number; anchor: string };

/** How the source prints its dates: learnt from the answer, since "11/10" alone says neither. */
export type DateOrder = 'month-first' | 'day-first';

/**
 * The layout of a date printed as bare digits ("1101", "051223", "20261105"): learnt from the
 * answer, since the digits alone allow several readings and the rules read none of them alone.
 */
export type DigitLayout = 'MMDD' | 'DDMM' | 'DDMMYY' | 'MMDDYY' | 'YYMMDD' | 'YYYYMMDD' | 'DDMMYYYY' | 'MMDDYYYY';

/** The sign a slot's amount was printed with; a record printed with another sign does not fit. */
export type AmountSign = 'none' | 'minus' | 'plus' | 'trailing-minus' | 'parentheses' | 'CR' | 'DR';

export type TemplateScope = {
  source_id: string;
  document_type: string;
  template_version: string | null;
  locale: string | null;
};

export type Template = {
  /** Stable id: a hash of scope and skeleton. */
  id: string;
  skeleton: string;
  scope: TemplateScope;
  stable: {
    counterparty: string | null;
    transaction_type: TransactionType | null;
    category: Category | null;
    direction: Direction | null;
    currency: string | null;
  };
  roles: {
    amount: (SlotRole & { sign: AmountSign }) | null;
    date: (SlotRole & { order: DateOrder | null; digits?: DigitLayout }) | null;
    reference: SlotRole | null;
  };
  /** Words that must appear in a record's text for a near (kNN) hit: the counterparty as printed, type and direction words. */
  gate: string[];
  /** Epoch milliseconds. */
  createdAt: number;
  lastHitAt: number | null;
  hitCount: number;
  feedback: { correct: number; incorrect: number };
  /** The tier and model whose answer the template came from. */
  producedBy: { tier: string; model: string | null };
  /** Embedding of the skeleton; null for stores that match exactly only. */
  embedding: number[] | null;
};

export function templateId(scope: TemplateScope, skeleton: string): string {
  return createHash('sha256')
    .update(`${scope.source_id}\u0000${scope.document_type}\u0000${scope.template_version ?? ''}\u0000${skeleton}`)
    .digest('base64url')
    .slice(0, 22);
}
