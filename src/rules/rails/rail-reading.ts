/**
 * What one payment rail's structure says about a narrative: its own transaction type, the
 * direction its markers state, its reference by the contract's precedence, the party named in
 * its name field, and the free-text memo. Each rail file exports `parse<Rail>(text)` returning
 * this or null when the text is not of that rail.
 *
 * Deliberately left out: amounts, dates and currencies (amount.ts, date.ts and currency.ts read
 * those for every rail), except a SWIFT :32A: settlement, which fixes all three at once.
 */
import type { Direction, TransactionType } from '../../contract/records.ts';
import { looksLikePerson, titleCase, withoutLegalForm } from '../names.ts';

export type Claim<T> = { value: T; confidence: number; rule: string };

export type RailReading = {
  /** Which rail, for provenance: "sepa", "upi", "ach", "fedwire", "swift", "pix", "card", ... */
  rail: string;
  /** The rail's own type, before the REFUND > PAYROLL > ... > CHECK precedence is applied. */
  type: Claim<TransactionType>;
  /** Direction stated by the rail's structure (UPI/CR, ACH DEBIT, PIX RECEBIDO), or null. */
  direction: Claim<Direction> | null;
  /** The reference by the contract's precedence, or null when the structure carries none. */
  reference: Claim<string> | null;
  /** The party from the rail's name field, or null when the structure has none. */
  counterparty: Claim<string> | null;
  /**
   * Both parties when the structure names them but not which one is the counterparty (SWIFT
   * :50K: and :59:); the composer takes the payer for a credit and the payee for a debit.
   */
  parties: { payer: Claim<string> | null; payee: Claim<string> | null } | null;
  /** Free text the payer wrote (SVWZ, UPI note, FPS reference, Bizum concepto). */
  memo: string | null;
  /** A transfer between private persons (UPI, PIX, Bizum, Zelle, FPS to a person). */
  personToPerson: boolean;
  /** Ids the rail recognised and placed (party ids, mandate ids), so nothing mistakes them for unread references. */
  explainedIds: string[];
};

/** A reading with nothing but the rail and its type; parsers fill in the rest. */
export function railReading(rail: string, type: Claim<TransactionType>): RailReading {
  return {
    rail,
    type,
    direction: null,
    reference: null,
    counterparty: null,
    parties: null,
    memo: null,
    personToPerson: false,
    explainedIds: [],
  };
}

/**
 * A party named in a rail's name field. A private person's name as printed is what a person
 * would write; a business name as printed ("AMAZON PAYMENTS EUROPE SCA") often is not ("Amazon"),
 * so it scores lower and the model or the cache has the last word.
 */
export function partyClaim(name: string, rule: string, personConfidence = 0.95): Claim<string> {
  const person = looksLikePerson(name);
  return { value: titleCase(person ? name : withoutLegalForm(name)), confidence: person ? personConfidence : 0.8, rule };
}
