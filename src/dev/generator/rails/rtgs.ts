/** India's RTGS high-value transfers (WIRE by the contract); the 22-character UTR is the reference. */
import { ifsc } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { indianBank, rtgsUtr } from './india-ids.ts';
import { categoryFor, eitherDirection, type Layout, layoutOf, partyOf, type Rail, renderLayout, truth } from './rail.ts';

const LAYOUTS: readonly Layout[] = [
  { template: 'RTGS {crdr}-{ifsc}-{name}-{utr} {DD/MM/YYYY} {amt}', ref: ['utr'], sign: 'crdr' },
  { template: 'RTGS/{utr}/{name}/{purpose} {DD-MM-YY} INR {amt} {crdr}', ref: ['utr'] },
];

const PURPOSES = ['SUPPLIER PAYMENT', 'INVOICE SETTLEMENT', 'ADVANCE', 'TRADE PAYMENT'];
/** RTGS carries only amounts of two lakh rupees and more. */
const MINIMUM_CENTS = 200_000_00;
const market = MARKETS.IN;

export const RTGS_RAILS: readonly Rail[] = [
  {
    rail: 'rtgs',
    id: 'rtgs/in',
    market,
    pool: { kinds: ['business'], countries: ['IN'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const direction = eitherDirection(rng, 0.5);
      const printed = printDescriptor(party, rng);
      const cents = Math.max(MINIMUM_CENTS + rng.int(0, 9_999_99), spendOf(party, rng));
      const bank = indianBank(rng);
      const vars = {
        crdr: direction === 'CREDIT' ? 'CR' : 'DR',
        ifsc: ifsc(rng, bank),
        name: printed.text,
        utr: rtgsUtr(rng, bank, input.date),
        purpose: rng.pick(PURPOSES),
      };
      const out = renderLayout(layoutOf(LAYOUTS, input.layout), vars, { input, market, cents, direction });
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
  },
];
