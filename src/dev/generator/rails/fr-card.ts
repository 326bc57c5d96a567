/**
 * French card lines ("CB CARREFOUR MARKET PARIS 15 04/11 45,80 EUR"): day-first dates without a
 * year, decimal comma, a masked card number that is not a reference.
 */
import { MARKETS } from '../markets.ts';
import { AMOUNT_STYLES } from '../printing.ts';
import { type CardLayout, cardRail } from './card-lines.ts';
import type { Rail } from './rail.ts';

const LAYOUTS: readonly CardLayout[] = [
  { width: 20, template: 'CB {desc} {where} {DD/MM} {amt} EUR', amount: AMOUNT_STYLES.euPlain },
  { width: 24, template: 'PAIEMENT PAR CARTE X{last4} {desc} {where} {DD/MM} {amt}', sign: 'minus' },
  { width: 24, template: 'CARTE {DD/MM/YY} {desc} {city} {amt} EUR', amount: AMOUNT_STYLES.fr },
];

export const FR_CARD_RAILS: readonly Rail[] = [
  cardRail({
    rail: 'fr-card',
    id: 'fr-card/fr',
    market: MARKETS.FR,
    countries: ['FR', 'ES', 'GLOBAL'],
    layouts: LAYOUTS,
  }),
];
