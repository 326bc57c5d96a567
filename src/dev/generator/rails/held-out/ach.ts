/**
 * Held-out US ACH layouts. `ref-balance` (PNC-like statement lines): compact MMDD date first, the
 * trace number labelled `Ref:`, the balance after the entry printed beside the amount.
 * `ref-equals` (U.S. Bank-like): "Electronic Withdrawal To ... REF=<trace>", the company id, an
 * ISO effective date, the currency code before the amount. The trace number is the reference; the
 * company id is a party id; the effective entry date is the transaction date.
 */
import { achTrace, stableDigits } from '../../ids.ts';
import { MARKETS } from '../../markets.ts';
import { printDescriptor, spendOf } from '../../party.ts';
import { categoryFor, partyOf, type Rail, renderLayout, truth } from '../rail.ts';
import { balanceCents, heldOutRail, type NamedLayout, printedAmount } from './held-out-rail.ts';

const LAYOUTS: readonly NamedLayout[] = [
  { name: 'ref-balance', template: '{MMDD} ACH {dir} {co} {entry} {sec} ID: {coid} Ref: {trace} {amt} BAL {bal}', ref: ['trace'] },
  {
    name: 'ref-equals',
    template: 'Electronic {word} {co} REF={trace} {coid} {entry} {sec} EFF {YYYY-MM-DD} USD {amt}',
    ref: ['trace'],
    sign: 'minus',
  },
];

const BILLER_ENTRIES = ['PAYMENT', 'AUTOPAY', 'BILL PAY', 'WEB PMT'];
const BUSINESS_ENTRIES = ['PAYMENT', 'INV PMT', 'VENDOR PMT', 'EDI PYMNTS'];
const market = MARKETS.US;

export const ACH_HELD_OUT: Rail = heldOutRail({
  rail: 'ach',
  market,
  pool: { kinds: ['biller', 'business'], countries: ['US'] },
  layouts: LAYOUTS,
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const direction = party.kind === 'business' && rng.chance(0.6) ? 'CREDIT' : 'DEBIT';
    const printed = printDescriptor(party, rng, 16);
    const cents = spendOf(party, rng);
    const entries = party.kind === 'business' ? BUSINESS_ENTRIES : BILLER_ENTRIES;
    const vars = {
      dir: direction,
      word: direction === 'CREDIT' ? 'Deposit From' : 'Withdrawal To',
      sec: party.kind === 'business' ? 'CCD' : 'PPD',
      co: printed.text,
      coid: stableDigits(`${party.id}/coid`, 10),
      entry: entries[Number(stableDigits(party.id, 2)) % entries.length]!,
      trace: achTrace(rng, party.id),
      bal: printedAmount(balanceCents(rng, market, cents), layout, market),
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
        type: 'ACH',
        reference: out.reference,
        category: categoryFor(party, direction),
      }),
    };
  },
});
