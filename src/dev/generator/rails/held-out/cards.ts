/**
 * Held-out card-purchase layouts in four markets. US `authorized-on` (Wells Fargo-like: "PURCHASE
 * AUTHORIZED ON 11/17 ... CARD 1234") and `ref-dot` (compact MMDD date, the acquirer reference
 * labelled `REF.`, the currency code after the amount); GB `cd-commas` (NatWest-like: "1234 19NOV
 * CD , TESCO STORES 2741 , LONDON GB", no year); FR `facture-carte` ("FACTURE CARTE DU 191126 ...
 * CARTE X1234", a DDMMYY date); DE `umsatz-soll` (a DD.MM.YY date, "S" for Soll — money out —
 * after the amount) and `iso-date` (ISO date first, "EUR -39,95"). The last four card digits are
 * never a reference; an online order id outranks the acquirer reference, as on the seen layouts.
 */
import { type Country, MARKETS, type Market } from '../../markets.ts';
import { type CardLayout, cardRail } from '../card-lines.ts';
import type { Rail } from '../rail.ts';

type NamedCardLayout = CardLayout & { name: string };

function heldOutCard(spec: {
  rail: string;
  market: Market;
  countries: readonly (Country | 'GLOBAL')[];
  layouts: readonly NamedCardLayout[];
}): Rail {
  const id = `${spec.rail}/${spec.market.country.toLowerCase()}/held-out`;
  return { ...cardRail({ ...spec, id }), layoutNames: spec.layouts.map((l) => l.name) };
}

export const US_CARD_HELD_OUT: Rail = heldOutCard({
  rail: 'us-card',
  market: MARKETS.US,
  countries: ['US', 'GLOBAL'],
  layouts: [
    { name: 'authorized-on', width: 22, template: 'PURCHASE AUTHORIZED ON {MM/DD} {desc} {where} CARD {last4} {amt}' },
    { name: 'ref-dot', width: 25, template: 'CARD PURCHASE {MMDD} {desc} {where} REF. {arnId} {amt} USD', ref: ['arnId'] },
  ],
});

export const UK_CARD_HELD_OUT: Rail = heldOutCard({
  rail: 'uk-card',
  market: MARKETS.GB,
  countries: ['GB', 'GLOBAL'],
  layouts: [{ name: 'cd-commas', width: 23, template: '{last4} {DDMON} CD , {desc} , {where} GB {amt}' }],
});

export const FR_CARD_HELD_OUT: Rail = heldOutCard({
  rail: 'fr-card',
  market: MARKETS.FR,
  countries: ['FR', 'ES', 'GLOBAL'],
  layouts: [
    { name: 'facture-carte', width: 24, template: 'FACTURE CARTE DU {DDMMYY} {desc} {where} CARTE X{last4} {amt} EUR', sign: 'minus' },
  ],
});

export const DE_CARD_HELD_OUT: Rail = heldOutCard({
  rail: 'de-card',
  market: MARKETS.DE,
  countries: ['DE', 'NL', 'ES', 'GLOBAL'],
  layouts: [
    { name: 'umsatz-soll', width: 22, template: 'Kartenumsatz {DD.MM.YY} {desc} {where} Karte *{last4} {amt} EUR S' },
    { name: 'iso-date', width: 22, template: '{YYYY-MM-DD} {desc} {where} Mastercard {last4} EUR {amt}', sign: 'minus' },
  ],
});
