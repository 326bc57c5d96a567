/**
 * The counterparty, confidently only where the structure settles it: no counterparty for ATM,
 * bank fees, interest, checks and own-account moves (contract); the name in a rail's name field
 * (UPI, PIX, Bizum, Zelle, FPS, Fedwire B/O/BNF) at the confidence the rail gave it. Everything
 * else (card merchants above all) is a hint at most, for the cache or a model to settle.
 */
import type { Direction } from '../contract/records.ts';
import { nameRunAfter, titleCase } from './names.ts';
import type { RailReading } from './rails/rail-reading.ts';
import type { FieldReading } from './rules-result.ts';
import type { TypeMarker } from './type-markers.ts';

export type CounterpartyInput = {
  text: string;
  rail: RailReading | null;
  marker: TypeMarker | null;
  direction: Direction | null;
  ownAccount: boolean;
};

type Reading = FieldReading<'counterparty'>;

const NO_COUNTERPARTY = new Set(['ATM', 'FEE', 'INTEREST', 'CHECK']);
const EMPLOYER_ANCHOR_RE = /\b(?:PAYROLL|SALARY|GEHALT|LOHN|SALAIRE|N[OÓ]MINA|SAL[AÁ]RIO)\b\s*(?:FROM|DE|VON)?\s*/i;
const EMPLOYER_STOP = new Set(['DIR', 'DEP', 'DIRECT', 'DEPOSIT', 'PPD', 'ID', 'REF', 'CR', 'DR', 'ACH', 'PAYMENT', 'PMT']);

function fromRail(rail: RailReading, direction: Direction | null): Reading | null {
  if (rail.counterparty) return { ...rail.counterparty };
  const party = direction === 'CREDIT' ? rail.parties?.payer : direction === 'DEBIT' ? rail.parties?.payee : null;
  return party ? { ...party, value: titleCase(party.value) } : null;
}

export function readCounterparty(input: CounterpartyInput): Reading {
  if (input.marker && NO_COUNTERPARTY.has(input.marker.type)) {
    // No counterparty follows from the type, and is as sure as the type is.
    return {
      value: null,
      confidence: Math.min(0.97, input.marker.confidence),
      rule: `counterparty:none-for-${input.marker.type.toLowerCase()}`,
    };
  }
  if (input.ownAccount) return { value: null, confidence: 0.95, rule: 'counterparty:own-account' };
  const railed = input.rail ? fromRail(input.rail, input.direction) : null;
  // A refund names the merchant, which a rail's name field may not (card refunds have none).
  if (railed) return input.marker?.type === 'REFUND' ? { ...railed, confidence: Math.min(railed.confidence, 0.6) } : railed;
  if (input.marker?.type === 'PAYROLL') {
    const anchor = EMPLOYER_ANCHOR_RE.exec(input.text);
    const employer = anchor && nameRunAfter(input.text, anchor.index + anchor[0].length, { stop: EMPLOYER_STOP, maxSkipped: 0 });
    if (employer) return { value: titleCase(employer), confidence: 0.6, rule: 'counterparty:employer-after-payroll' };
  }
  return { value: null, confidence: 0.2, rule: 'counterparty:needs-model' };
}
