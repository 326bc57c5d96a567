/**
 * What the rules tier says about a record: for each field a value (or null: not in the text) and
 * its own confidence. The tier answers a record alone when every field is confident; otherwise
 * its partial answer travels on as hints to the next tier and as a cross-check of its answer.
 *
 * Deliberately left out: guessing. A field the rules cannot read with certainty gets a low
 * confidence, never a plausible value with a high one.
 */
import type { ExtractedFields } from '../contract/records.ts';

export type FieldName = keyof ExtractedFields;

export type FieldReading<K extends FieldName = FieldName> = {
  value: ExtractedFields[K];
  /** 0..1: the chance this value is right. 1 only when the text leaves no other reading. */
  confidence: number;
  /** Which rule read it, for provenance and debugging, e.g. "sepa:EREF", "amount:trailing-minus". */
  rule: string;
};

export type RulesResult = {
  fields: { [K in FieldName]: FieldReading<K> };
  /** The rail or structure recognised, e.g. "sepa", "upi", "ach", "fedwire", "pix", "card", or null. */
  rail: string | null;
};

/** Confidence at or above which a field needs no second opinion. */
export const CONFIDENT = 0.95;

export function answersAlone(result: RulesResult): boolean {
  return Object.values(result.fields).every((f) => f.confidence >= CONFIDENT);
}

/**
 * What the rules tier reads: the prepared narrative and the source metadata that settles choices
 * the text leaves open (decimal separator, day/month order, the year, the account currency).
 */
export type RulesInput = {
  /** The narrative, white space normalised, secrets masked as [CARD], [IBAN], [EMAIL], [PHONE]. */
  text: string;
  /** BCP-47, e.g. "en-US"; null when the source does not say. */
  locale: string | null;
  /** ISO date of the statement or feed file; the year of a line that prints none. */
  statementDate: string | null;
  /** ISO 4217 code of the account, when known. */
  currencyHint: string | null;
  /**
   * Part of the narrative was removed (a passage addressed to a model): a value not found in the
   * text may have been printed there, so its absence is never certain. Set (true or false) for
   * prepared text, which has every such passage removed; absent, the rules look for them.
   */
  partial?: boolean;
};
