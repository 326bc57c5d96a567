/** Spain's Bizum person-to-person payments (TRANSFER; no reference is printed). */
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
  { template: 'BIZUM {dir} {name} CONCEPTO {memo} {amt} EUR {DD MON YYYY}' },
  { template: 'TRANSFERENCIA BIZUM {short} {name} {memo} {DD/MM/YYYY} {amt}', sign: 'plusMinus' },
  { template: '{DD/MM} BIZUM {dir} {name} {amt}', sign: 'minus' },
];

const market = MARKETS.ES;

export const BIZUM_RAILS: readonly Rail[] = [
  {
    rail: 'bizum',
    id: 'bizum/es',
    market,
    pool: { kinds: ['person'], countries: ['ES'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const direction = eitherDirection(rng, 0.5);
      const printed = printCounterparty(party, rng, { person: 'full' });
      const memo = memoFor(input, market);
      const cents = roundSome(rng, Math.min(spendOf(party, rng), 1000_00), 0.6);
      const vars = {
        dir: direction === 'CREDIT' ? 'RECIBIDO DE' : 'ENVIADO A',
        short: direction === 'CREDIT' ? 'DE' : 'A',
        name: printed.text,
        memo: memo.text,
      };
      const layout = layoutOf(LAYOUTS, input.layout);
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
          reference: null,
          category: categoryFor(party, direction, rentShown(layout, memo)),
        }),
      };
    },
  },
];
