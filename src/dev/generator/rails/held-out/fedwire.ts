/**
 * Held-out Fedwire layouts. `wt-fed` (Wells Fargo-like): "WT FED#04512 CITIBANK N.A. /FTR/BNF=..."
 * with the sender's reference (SRF#), the bank's TRN and the IMAD, a compact MMDD date.
 * `fee-advice`: a wire advice that prints the wire fee beside the amount and the originator's
 * free text (OBI) in the middle of the line. The fee is booked as its own entry, so the amount that
 * moved is the transfer amount and the line is a WIRE, not a FEE. The IMAD is the reference.
 */
import { alnum, digits } from '../../ids.ts';
import { MARKETS } from '../../markets.ts';
import { BUSINESS_MEMOS } from '../../memos.ts';
import { printDescriptor, spendOf } from '../../party.ts';
import { fill, printDate } from '../../printing.ts';
import { categoryFor, eitherDirection, partyOf, plantedMemo, type Rail, renderLayout, truth } from '../rail.ts';
import { heldOutRail, type NamedLayout, printedAmount } from './held-out-rail.ts';

const LAYOUTS: readonly NamedLayout[] = [
  {
    name: 'wt-fed',
    template: 'WT FED#{fedseq} {bank} /{role}={name} SRF# {srf} TRN#{trn} IMAD {imad} {MMDD} {amt}',
    ref: ['imad'],
    sign: 'minus',
  },
  {
    name: 'fee-advice',
    template: 'FUNDS TRANSFER {inout} {YYYYMMDD} {party}: {name} VIA {bank} OBI: {memo} IMAD {imad} AMOUNT USD {amt} WIRE FEE USD {fee}',
    ref: ['imad'],
  },
];

const BANKS = ['JPMORGAN CHASE BANK', 'BANK OF AMERICA N.A.', 'CITIBANK N.A.', 'U.S. BANK N.A.', 'TRUIST BANK'];
const market = MARKETS.US;

export const FEDWIRE_HELD_OUT: Rail = heldOutRail({
  rail: 'fedwire',
  market,
  pool: { kinds: ['business'], countries: ['US'] },
  layouts: LAYOUTS,
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const direction = eitherDirection(rng, 0.55);
    const credit = direction === 'CREDIT';
    const printed = printDescriptor(party, rng);
    const cents = spendOf(party, rng);
    const feeCents = credit ? rng.pick([0, 15_00]) : rng.pick([25_00, 30_00, 35_00, 45_00]);
    const memo = fill(rng.pick(BUSINESS_MEMOS.en), { date: input.date }).toUpperCase();
    const vars = {
      fedseq: digits(rng, 5),
      bank: rng.pick(BANKS),
      role: credit ? 'ORG' : 'FTR/BNF',
      inout: credit ? 'IN' : 'OUT',
      party: credit ? 'ORG' : 'BNF',
      name: printed.text,
      srf: `GW${digits(rng, 14)}`,
      trn: `${printDate(input.date, 'YYMMDD')}${digits(rng, 6)}`,
      imad: `${printDate(input.date, 'YYYYMMDD')}${rng.pick(['MMQFMP', 'QMGFNP', 'B1QGC0'])}${alnum(rng, 2)}${digits(rng, 6)}`,
      fee: printedAmount(feeCents, layout, market),
      memo: layout.template.includes('{memo}')
        ? plantedMemo(input, memo, { cents, others: [feeCents], counterparty: printed.counterparty })
        : memo,
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
        type: 'WIRE',
        reference: out.reference,
        category: categoryFor(party, direction),
      }),
    };
  },
});
