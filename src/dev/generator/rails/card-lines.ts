/**
 * What every card-purchase rail shares: a merchant drawn from the pool, its descriptor cut to the
 * layout's field width, a price, and the line filled from the layout. The rails differ only in
 * their layout tables, which are data in their own modules.
 */
import { digits } from '../ids.ts';
import type { Country, Market } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { type Layout, layoutOf, partyOf, type Rail, type RailInput, renderLayout, truth } from './rail.ts';

/** `width` is the descriptor field's width. Slots: desc, where, city, ccy, last4, time, arnId. */
export type CardLayout = Layout & { width: number };

export type CardRailSpec = {
  rail: string;
  id: string;
  market: Market;
  countries: readonly (Country | 'GLOBAL')[];
  layouts: readonly CardLayout[];
};

export function cardRail(spec: CardRailSpec): Rail {
  return {
    rail: spec.rail,
    id: spec.id,
    market: spec.market,
    pool: { kinds: ['merchant'], countries: spec.countries },
    layouts: spec.layouts.length,
    render: (input) => renderCard(spec, input),
  };
}

function renderCard(spec: CardRailSpec, input: RailInput) {
  const { rng } = input;
  const { market } = spec;
  const party = partyOf(input);
  const layout = layoutOf(spec.layouts, input.layout);
  const printed = printDescriptor(party, rng, layout.width);
  const cents = spendOf(party, rng);
  const vars = { ...cardVars(input), desc: printed.text, where: party.where ?? '', city: cityOf(party.where), ccy: market.currency };
  const out = renderLayout(layout, { ...vars, order: printed.reference ?? '' }, { input, market, cents, direction: 'DEBIT' });
  return {
    narrative: out.narrative,
    // The order id of an online purchase outranks the acquirer reference when both exist.
    fields: truth({
      date: out.date,
      cents,
      currency: market.currency,
      direction: 'DEBIT',
      counterparty: printed.counterparty,
      type: 'CARD',
      reference: printed.reference ?? out.reference,
      category: party.category,
    }),
  };
}

/** Slots card lines print beside the merchant: card digits, time, acquirer reference. */
export function cardVars(input: RailInput): Record<string, string> {
  const { rng } = input;
  return {
    last4: digits(rng, 4),
    time: `${String(rng.int(7, 22)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
    arnId: `7${digits(rng, 22)}`,
  };
}

/** The first word of a merchant's location when it is a place name, not a phone number or web address. */
export function cityOf(where: string | undefined): string {
  const first = (where ?? '').split(' ')[0] ?? '';
  return /^[A-Z][A-Z-]*$/i.test(first) ? first : '';
}
