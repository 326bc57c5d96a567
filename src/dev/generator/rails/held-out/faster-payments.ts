/**
 * Held-out UK Faster Payments layouts. `fpo-trn` (Lloyds-like): the FPO/FPI transaction code, the
 * payer's free text labelled `REF:` in the middle, the scheme id labelled `TRN:`, a "DD MON YY"
 * date, the balance after. `app-dots` (a fintech app export): "Faster Payment to J Smith ·
 * Reference: Rent NOV · ...". The payer's REF text is a memo, never the reference, even when it is
 * labelled "Reference"; the scheme's FP id is the reference when printed.
 */
import { alnum } from '../../ids.ts';
import { MARKETS } from '../../markets.ts';
import { type PersonStyle, spendOf } from '../../party.ts';
import {
  categoryFor,
  eitherDirection,
  memoFor,
  partyOf,
  plantedMemo,
  printCounterparty,
  type Rail,
  renderLayout,
  rentShown,
  roundSome,
  truth,
} from '../rail.ts';
import { balanceCents, heldOutRail, type NamedLayout, printedAmount } from './held-out-rail.ts';

type FpsLayout = NamedLayout & { person: PersonStyle };

const LAYOUTS: readonly FpsLayout[] = [
  {
    name: 'fpo-trn',
    person: 'full',
    template: '{code} {name} REF: {memo} TRN: {fpid} {DD MON YY} {amt} BAL {bal}',
    ref: ['fpid'],
    sign: 'minus',
  },
  {
    name: 'app-dots',
    person: 'asWritten',
    template: 'Faster Payment {tofrom} {name} · Reference: {memo} · {DD/MM/YYYY} · {amt} GBP',
    sign: 'plusMinus',
  },
];

const market = MARKETS.GB;

export const FASTER_PAYMENTS_HELD_OUT: Rail = heldOutRail({
  rail: 'faster-payments',
  market,
  pool: { kinds: ['person', 'business'], countries: ['GB'] },
  layouts: LAYOUTS,
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const direction = eitherDirection(rng, 0.45);
    const printed = printCounterparty(party, rng, { person: layout.person });
    const memo = memoFor(input, market);
    const cents = party.kind === 'person' ? roundSome(rng, spendOf(party, rng)) : spendOf(party, rng);
    const balance = balanceCents(rng, market, cents);
    const memoText = layout.person === 'full' ? memo.text.toUpperCase() : memo.text;
    const vars = {
      code: direction === 'CREDIT' ? 'FPI' : 'FPO',
      tofrom: direction === 'CREDIT' ? 'from' : 'to',
      name: printed.text,
      fpid: `FP${alnum(rng, 16)}`,
      bal: printedAmount(balance, layout, market),
      memo: plantedMemo(input, memoText, {
        cents,
        others: layout.template.includes('{bal}') ? [balance] : [],
        counterparty: printed.counterparty,
      }),
    };
    const out = renderLayout(layout, vars, { input, market, cents, direction });
    return {
      narrative: out.narrative,
      fields: truth({
        date: out.date,
        cents,
        currency: market.currency,
        direction,
        counterparty: printed.counterparty,
        type: 'FASTER_PAYMENT',
        reference: out.reference,
        category: categoryFor(party, direction, rentShown(layout, memo)),
      }),
    };
  },
});
