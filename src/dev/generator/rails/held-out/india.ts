/**
 * Held-out Indian layouts. UPI `ref-no-balance` (Kotak-like: "UPI Paid to ... UPI Ref No. <RRN>
 * Remarks: ... 19-NOV-26 Rs.1,250.00 Avl Bal Rs.52,310.40") and `slashes-ddmmyy` (Axis-like:
 * "UPI/P2A/<RRN>/<name>/<remark>/<bank> 191126 1,250.00 DR"); NEFT `utr-no` (SBI-like: "NEFT
 * INWARD ... UTR No. <UTR> Remarks: ... Txn Dt 191126 INR 25,000.00 CR"). The RRN (UPI) and the
 * UTR (NEFT) are the references; the VPA, the bank code and the IFSC are party details.
 */
import { MARKETS } from '../../markets.ts';
import { spendOf } from '../../party.ts';
import { indianBank, neftUtr, rrn, vpa } from '../india-ids.ts';
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

const market = MARKETS.IN;
const MERCHANT_NOTES = ['UPI', 'Payment', 'Paid via app', 'Order payment'];

const UPI_LAYOUTS: readonly NamedLayout[] = [
  {
    name: 'ref-no-balance',
    template: 'UPI {word} {name} {vpa} UPI Ref No. {rrn} Remarks: {note} {DD-MON-YY} Rs.{amt} Avl Bal Rs.{bal}',
    ref: ['rrn'],
  },
  { name: 'slashes-ddmmyy', template: 'UPI/{p2}/{rrn}/{name}/{note}/{bank} {DDMMYY} {amt}', ref: ['rrn'], sign: 'crdr' },
];

const UPI_HELD_OUT: Rail = heldOutRail({
  rail: 'upi',
  market,
  pool: { kinds: ['person', 'merchant'], countries: ['IN'] },
  layouts: UPI_LAYOUTS,
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const person = party.kind === 'person';
    const direction = person ? eitherDirection(rng, 0.45) : 'DEBIT';
    const printed = printCounterparty(party, rng, { person: 'full' });
    const memo = person ? memoFor(input, market) : { text: rng.pick(MERCHANT_NOTES), rent: false };
    const cents = person ? roundSome(rng, spendOf(party, rng), 0.7) : spendOf(party, rng);
    const balance = balanceCents(rng, market, cents);
    const vars = {
      word: direction === 'CREDIT' ? 'Received from' : 'Paid to',
      p2: person ? 'P2A' : 'P2M',
      name: printed.text,
      vpa: vpa(rng, person ? party.name : party.id),
      rrn: rrn(rng),
      bank: indianBank(rng),
      bal: printedAmount(balance, layout, market),
      note: plantedMemo(input, memo.text, {
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
        type: 'UPI',
        reference: out.reference,
        category: categoryFor(party, direction, rentShown(layout, memo)),
      }),
    };
  },
});

const NEFT_LAYOUT: NamedLayout = {
  name: 'utr-no',
  template: 'NEFT {inout} {name} UTR No. {utr} Remarks: {memo} Txn Dt {DDMMYY} INR {amt}',
  ref: ['utr'],
  sign: 'crdr',
};

const NEFT_HELD_OUT: Rail = heldOutRail({
  rail: 'neft-imps',
  market,
  pool: { kinds: ['person', 'business'], countries: ['IN'] },
  layouts: [NEFT_LAYOUT],
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const direction = eitherDirection(rng, 0.5);
    const printed = printCounterparty(party, rng, { person: 'full' });
    const memo = memoFor(input, market);
    const cents = spendOf(party, rng);
    const vars = {
      inout: direction === 'CREDIT' ? 'INWARD' : 'OUTWARD',
      name: printed.text,
      utr: neftUtr(rng, indianBank(rng)),
      memo: plantedMemo(input, memo.text.toUpperCase(), { cents, others: [], counterparty: printed.counterparty }),
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
        type: 'TRANSFER',
        reference: out.reference,
        category: categoryFor(party, direction, rentShown(layout, memo)),
      }),
    };
  },
});

export const INDIA_HELD_OUT: readonly Rail[] = [UPI_HELD_OUT, NEFT_HELD_OUT];
