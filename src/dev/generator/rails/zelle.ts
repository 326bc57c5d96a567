/**
 * Zelle person-to-person transfers (TRANSFER). The confirmation number is the bank's id for the
 * payment and so the reference; a rent memo makes the category RENT.
 */
import { alnum } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import type { PersonStyle } from '../party.ts';
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

type ZelleLayout = Layout & { person: PersonStyle };

const LAYOUTS: readonly ZelleLayout[] = [
  { person: 'asWritten', template: 'Zelle payment {tofrom} {name} {jpmConf} {memo} {amt}', ref: ['jpmConf'], sign: 'minus' },
  { person: 'surnameFirst', template: 'ZELLE {TOFROM} {name} ON {MM/DD} REF # {conf} {memo} {amt}', ref: ['conf'], sign: 'minus' },
  { person: 'surnameComma', template: 'Zelle Transfer Conf# {conf}; {name}; {memo} {MM/DD/YYYY} {amt}', ref: ['conf'], sign: 'plusMinus' },
];

const market = MARKETS.US;

export const ZELLE_RAILS: readonly Rail[] = [
  {
    rail: 'zelle',
    id: 'zelle/us',
    market,
    pool: { kinds: ['person'], countries: ['US'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const layout = layoutOf(LAYOUTS, input.layout);
      const direction = eitherDirection(rng, 0.4);
      const printed = printCounterparty(party, rng, { person: layout.person });
      const memo = memoFor(input, market);
      const cents = roundSome(rng, spendOf(party, rng));
      const conf = alnum(rng, 9);
      const vars = {
        tofrom: direction === 'CREDIT' ? 'from' : 'to',
        TOFROM: direction === 'CREDIT' ? 'FROM' : 'TO',
        name: printed.text,
        conf,
        jpmConf: `JPM${conf}`,
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
