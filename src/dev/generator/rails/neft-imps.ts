/**
 * India's NEFT and IMPS transfers (TRANSFER). The UTR — the RRN for IMPS — is the reference; the
 * IFSC and account digits are party details.
 */
import { digits, ifsc } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { spendOf } from '../party.ts';
import { indianBank, neftUtr, rrn } from './india-ids.ts';
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
  truth,
} from './rail.ts';

const LAYOUTS: readonly Layout[] = [
  { template: 'NEFT {crdr}-{ifsc}-{name}-{memo}-{utr} {DD/MM/YY} {amt}', ref: ['utr'], sign: 'crdr' },
  { template: 'IMPS/P2A/{rrn}/{name}/{bank}/{memo} {DD-MM-YYYY} INR {amt} {crdr}', ref: ['rrn'] },
  { template: 'IMPS-{rrn}-{name}-{bank}-XXXXXXXX{last4}-{memo} {amt}', ref: ['rrn'], sign: 'crdr' },
];

const market = MARKETS.IN;

export const NEFT_IMPS_RAILS: readonly Rail[] = [
  {
    rail: 'neft-imps',
    id: 'neft-imps/in',
    market,
    pool: { kinds: ['person', 'business'], countries: ['IN'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const direction = eitherDirection(rng, 0.5);
      const printed = printCounterparty(party, rng, { person: 'full' });
      const memo = memoFor(input, market);
      const cents = spendOf(party, rng);
      const bank = indianBank(rng);
      const vars = {
        crdr: direction === 'CREDIT' ? 'CR' : 'DR',
        ifsc: ifsc(rng, bank),
        name: printed.text,
        memo: memo.text.toUpperCase(),
        utr: neftUtr(rng, bank),
        rrn: rrn(rng),
        bank,
        last4: digits(rng, 4),
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
          reference: out.reference,
          category: categoryFor(party, direction, rentShown(layout, memo)),
        }),
      };
    },
  },
];
