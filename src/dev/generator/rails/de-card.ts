/**
 * German girocard lines ("KARTENZAHLUNG girocard REWE SAGT DANKE 03.11.2026 BETRAG 39,95"):
 * dotted day-first dates, decimal comma, trailing minus for money out.
 */
import { MARKETS } from '../markets.ts';
import { type CardLayout, cardRail } from './card-lines.ts';
import type { Rail } from './rail.ts';

const LAYOUTS: readonly CardLayout[] = [
  { width: 22, template: 'KARTENZAHLUNG girocard {desc} {DD.MM.YYYY} BETRAG {amt} EUR' },
  { width: 22, template: '{desc}//{city}/DE {DD.MM.YYYY} {time} Debitk.{last4} {amt}', sign: 'trailingMinus' },
  { width: 22, template: 'KARTENZAHLUNG {desc} {DD.MM.} {amt}', sign: 'trailingMinus' },
];

export const DE_CARD_RAILS: readonly Rail[] = [
  cardRail({
    rail: 'de-card',
    id: 'de-card/de',
    market: MARKETS.DE,
    countries: ['DE', 'NL', 'ES', 'GLOBAL'],
    layouts: LAYOUTS,
  }),
];
