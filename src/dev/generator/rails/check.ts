/**
 * Paid checks (US) and cheques (UK). The check number is the reference; the payee is not printed,
 * so the counterparty is null and the category OTHER.
 */
import { MARKETS, type Market } from '../markets.ts';
import { type Layout, layoutOf, type Rail, renderLayout, truth } from './rail.ts';

const LAYOUTS: Readonly<Record<'US' | 'GB', readonly Layout[]>> = {
  US: [
    { template: 'CHECK #{no} {amt}', ref: ['no'] },
    { template: 'CHECK {no} PAID {MM/DD} {amt}', ref: ['no'], sign: 'minus' },
    { template: '{MM/DD/YYYY} CHK# {padded} {amt} DR', ref: ['padded'] },
  ],
  GB: [
    { template: 'CHQ {gbno} {amt} DR', ref: ['gbno'] },
    { template: 'CHEQUE {gbno} {DD/MM/YYYY} {amt}', ref: ['gbno'], sign: 'minus' },
  ],
};

function check(country: 'US' | 'GB'): Rail {
  const market: Market = MARKETS[country];
  return {
    rail: 'check',
    id: `check/${country.toLowerCase()}`,
    market,
    pool: null,
    layouts: LAYOUTS[country].length,
    render(input) {
      const { rng } = input;
      const cents = Math.round(rng.logUniform(25, 4000) * 100);
      const no = String(rng.int(1001, 3999));
      const vars = { no, padded: no.padStart(6, '0'), gbno: String(rng.int(100_001, 100_999)) };
      const out = renderLayout(layoutOf(LAYOUTS[country], input.layout), vars, { input, market, cents, direction: 'DEBIT' });
      return {
        narrative: out.narrative,
        fields: truth({
          date: out.date,
          cents,
          currency: market.currency,
          direction: 'DEBIT',
          counterparty: null,
          type: 'CHECK',
          reference: out.reference,
          category: 'OTHER',
        }),
      };
    },
  };
}

export const CHECK_RAILS: readonly Rail[] = [check('US'), check('GB')];
