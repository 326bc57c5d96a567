/**
 * UK direct debits collected over BACS (DIRECT_DEBIT). The number printed after REF or MANDATE
 * is the payer's mandate reference with the biller — a party id, so the truth reference is null.
 */
import { number } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { type Layout, layoutOf, partyOf, type Rail, renderLayout, truth } from './rail.ts';

const LAYOUTS: readonly Layout[] = [
  { template: 'DIRECT DEBIT TO {desc} REF {mandate}, MANDATE NO {seq} {amt}', sign: 'crdr' },
  { template: 'DD {desc} {DD/MM/YYYY} {amt} DR' },
  { template: '{desc} DDR {mandate} {DDMON} {amt}', sign: 'minus' },
];

const market = MARKETS.GB;

export const BACS_DIRECT_DEBIT_RAILS: readonly Rail[] = [
  {
    rail: 'bacs-direct-debit',
    id: 'bacs-direct-debit/gb',
    market,
    pool: { kinds: ['biller'], countries: ['GB'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const printed = printDescriptor(party, rng, 18);
      const cents = spendOf(party, rng);
      const vars = { desc: printed.text, mandate: number(rng, 9), seq: String(rng.int(1, 60)).padStart(4, '0') };
      const out = renderLayout(layoutOf(LAYOUTS, input.layout), vars, { input, market, cents, direction: 'DEBIT' });
      return {
        narrative: out.narrative,
        fields: truth({
          date: out.date,
          cents,
          currency: market.currency,
          direction: 'DEBIT',
          counterparty: printed.counterparty,
          type: 'DIRECT_DEBIT',
          reference: null,
          category: party.category,
        }),
      };
    },
  },
];
