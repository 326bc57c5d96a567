/**
 * Canada's Interac e-Transfer (TRANSFER). The Interac reference number is the reference. Dates are
 * printed year-first or with a month name: en-CA numeric day/month order is ambiguous.
 */
import { alnum } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { spendOf } from '../party.ts';
import {
  categoryFor,
  eitherDirection,
  type Layout,
  layoutOf,
  memoFor,
  partyOf,
  printCounterparty,
  type Rail,
  renderLayout,
  rentShown,
  roundSome,
  truth,
} from './rail.ts';

const LAYOUTS: readonly Layout[] = [
  { template: 'INTERAC E-TRANSFER {dir} {name} {ref} {YYYY-MM-DD} {amt}', ref: ['ref'], sign: 'minus' },
  { template: 'E-TRANSFER {dirto} {name} REF# {ref} {memo} {MON} {DD} {amt}', ref: ['ref'], sign: 'plusMinus' },
  { template: 'e-Transfer {short} {name} {memo} {amt}', sign: 'minus' },
];

const market = MARKETS.CA;

export const INTERAC_RAILS: readonly Rail[] = [
  {
    rail: 'interac',
    id: 'interac/ca',
    market,
    pool: { kinds: ['person'], countries: ['CA'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const direction = eitherDirection(rng, 0.45);
      const layout = layoutOf(LAYOUTS, input.layout);
      const printed = printCounterparty(party, rng, { person: 'full' });
      const memo = memoFor(input, market);
      const cents = roundSome(rng, spendOf(party, rng));
      const vars = {
        dir: direction === 'CREDIT' ? 'RECEIVED' : 'SENT',
        dirto: direction === 'CREDIT' ? 'FROM' : 'TO',
        short: direction === 'CREDIT' ? 'received' : 'sent',
        name: printed.text,
        ref: `CA${alnum(rng, 10)}`,
        memo: memo.text,
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
  },
];
