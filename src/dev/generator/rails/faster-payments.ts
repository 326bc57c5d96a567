/**
 * UK Faster Payments ("FPS PAYMENT TO J SMITH REF FLAT 3 RENT 250.00 GBP 02NOV26"). The payer's
 * REF text is a memo, not a reference; the scheme's FP id, where printed, is one. A name printed
 * as initial and surname stays that way in the truth ("J Smith").
 */
import { alnum } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { type PersonStyle, spendOf } from '../party.ts';
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

type FpsLayout = Layout & { person: PersonStyle };

const LAYOUTS: readonly FpsLayout[] = [
  { person: 'initial', template: 'FPS {payment} {name} REF {memo} {amt} GBP {DDMONYY}' },
  { person: 'full', template: 'FASTER PAYMENT {dir} {name} REF {memo} {DD/MM} {amt}', sign: 'crdr' },
  { person: 'initial', template: '{name} {memo} FP {DD/MM/YY} {time} {fpid} {amt}', ref: ['fpid'], sign: 'plusMinus' },
];

const market = MARKETS.GB;

export const FASTER_PAYMENT_RAILS: readonly Rail[] = [
  {
    rail: 'faster-payments',
    id: 'faster-payments/gb',
    market,
    pool: { kinds: ['person', 'business'], countries: ['GB'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const layout = layoutOf(LAYOUTS, input.layout);
      const direction = eitherDirection(rng, 0.45);
      const printed = printCounterparty(party, rng, { person: layout.person });
      const memo = memoFor(input, market);
      const cents = party.kind === 'person' ? roundSome(rng, spendOf(party, rng)) : spendOf(party, rng);
      const vars = {
        payment: direction === 'CREDIT' ? 'CREDIT FROM' : 'PAYMENT TO',
        dir: direction === 'CREDIT' ? 'RECEIVED FROM' : 'TO',
        name: printed.text,
        memo: memo.text.toUpperCase(),
        fpid: `FP${alnum(rng, 16)}`,
        time: `${String(rng.int(0, 23)).padStart(2, '0')}${String(rng.int(0, 59)).padStart(2, '0')}`,
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
  },
];
