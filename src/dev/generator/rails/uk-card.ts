/**
 * UK debit card lines: "CARD PAYMENT TO ... ON 02NOV26", the Visa-debit `VIS` prefix, contactless
 * marks. Some layouts print no date at all: the truth date is then null, never the statement's.
 */
import { MARKETS } from '../markets.ts';
import { type CardLayout, cardRail } from './card-lines.ts';
import type { Rail } from './rail.ts';

const LAYOUTS: readonly CardLayout[] = [
  { width: 23, template: 'CARD PAYMENT TO {desc} ON {DDMONYY} {amt}' },
  { width: 18, template: 'VIS {desc} {city} £{amt}' },
  { width: 23, template: '{DD/MM/YY} CONTACTLESS {desc} {city} GB {amt} DR' },
];

export const UK_CARD_RAILS: readonly Rail[] = [
  cardRail({
    rail: 'uk-card',
    id: 'uk-card/gb',
    market: MARKETS.GB,
    countries: ['GB', 'GLOBAL'],
    layouts: LAYOUTS,
  }),
];
