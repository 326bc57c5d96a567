/**
 * North American card lines: the acquirer's descriptor (Square `SQ *`, Toast `TST*`, `PAYPAL *`,
 * plain POS with a store number), city and state or web address, MM/DD, the amount. The
 * descriptor field has a fixed width, so long names get cut.
 */
import { MARKETS } from '../markets.ts';
import { type CardLayout, cardRail } from './card-lines.ts';
import type { Rail } from './rail.ts';

const LAYOUTS: readonly CardLayout[] = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal dollar sign before the amount slot, as US card lines print it
  { width: 21, template: '{desc} {where} {MM/DD} ${amt}' },
  { width: 25, template: '{MM/DD} {desc} {where} {amt}' },
  // This processor prints the acquirer reference number, the line's reference.
  { width: 25, template: 'POS PURCHASE {desc} {where} ON {MM/DD/YY} {ccy} {amt} ARN {arnId}', ref: ['arnId'] },
  { width: 22, template: 'DEBIT CARD PURCHASE - {desc} {where} {MM/DD} {amt}', sign: 'minus' },
];

export const US_CARD_RAILS: readonly Rail[] = (['US', 'CA'] as const).map((country) =>
  cardRail({
    rail: 'us-card',
    id: `us-card/${country.toLowerCase()}`,
    market: MARKETS[country],
    countries: [country, 'GLOBAL'],
    layouts: LAYOUTS,
  }),
);
