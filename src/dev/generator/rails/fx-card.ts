/**
 * Card purchases abroad: the line prints the original amount, the rate and the posted amount
 * ("USD 50.00 @ 0.9200 EUR 46.00"). The truth is the posted account-currency amount.
 */
import { type Country, MARKETS, type Market } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { AMOUNT_STYLES, money } from '../printing.ts';
import { cardVars, cityOf } from './card-lines.ts';
import { type Layout, layoutOf, partyOf, type Rail, type RailInput, renderLayout, truth } from './rail.ts';

/** `perForeign`: the rate is account currency per foreign unit; otherwise foreign per account unit (German "Kurs"). */
type FxLayout = Layout & { perForeign: boolean };

/** Account currency per unit of foreign currency, before a little daily drift. */
const RATES: Readonly<Record<string, number>> = {
  'USD/EUR': 0.92,
  'USD/GBP': 0.79,
  'EUR/USD': 1.087,
  'GBP/USD': 1.27,
  'CAD/USD': 0.73,
  'EUR/GBP': 0.86,
  'GBP/EUR': 1.16,
};

const LAYOUTS: Readonly<Record<'US' | 'DE' | 'GB', readonly FxLayout[]>> = {
  US: [
    { perForeign: true, template: '{desc} {where} {MM/DD} {fccy} {famt} @ {rate} USD {amt}', amount: AMOUNT_STYLES.plain },
    { perForeign: true, template: '{MM/DD} {desc} {city} FOREIGN CURRENCY {fccy} {famt} EXCH RATE {rate} {amt}' },
  ],
  DE: [
    { perForeign: true, template: '{desc} {where} {DD.MM.YYYY} {fccy} {famt} @ {rate} EUR {amt}', amount: AMOUNT_STYLES.plain },
    { perForeign: false, template: 'KARTENZAHLUNG {desc} {DD.MM.YYYY} ORIG {fccy} {famt} KURS {rate} BETRAG {amt} EUR' },
  ],
  GB: [
    { perForeign: true, template: 'VIS {desc} {city} {fccy} {famt} @ {rate} {DDMONYY} £{amt}' },
    { perForeign: true, template: 'NON-STERLING PURCHASE {desc} {fccy} {famt} RATE {rate} ON {DD/MM/YYYY} {amt} GBP' },
  ],
};

const FOREIGN: Readonly<Record<'US' | 'DE' | 'GB', readonly Country[]>> = {
  US: ['FR', 'DE', 'GB', 'ES', 'NL', 'CA'],
  DE: ['US', 'GB'],
  GB: ['US', 'DE', 'FR', 'ES', 'NL'],
};

function fxCard(country: 'US' | 'DE' | 'GB'): Rail {
  const market = MARKETS[country];
  return {
    rail: 'fx-card',
    id: `fx-card/${country.toLowerCase()}`,
    market,
    pool: { kinds: ['merchant'], countries: FOREIGN[country] },
    layouts: LAYOUTS[country].length,
    render: (input) => renderFx(input, { market, layout: layoutOf(LAYOUTS[country], input.layout) }),
  };
}

function renderFx(input: RailInput, { market, layout }: { market: Market; layout: FxLayout }) {
  const { rng } = input;
  const party = partyOf(input);
  const foreign = MARKETS[party.country as Country].currency;
  const base = RATES[`${foreign}/${market.currency}`] ?? 1;
  const perForeign = Number((base * rng.logUniform(0.985, 1.015)).toFixed(4));
  const printedRate = layout.perForeign ? perForeign : Number((1 / perForeign).toFixed(4));
  const foreignCents = spendOf(party, rng);
  // Posted from the printed rate, so the line's own arithmetic checks out.
  const cents = Math.max(1, Math.round(layout.perForeign ? foreignCents * printedRate : foreignCents / printedRate));
  const style = layout.amount ?? market.amount;
  const printed = printDescriptor(party, rng, 22);
  const vars = {
    ...cardVars(input),
    desc: printed.text,
    where: party.where ?? '',
    city: cityOf(party.where),
    fccy: foreign,
    famt: money(foreignCents, style),
    rate: printedRate.toFixed(4).replace('.', style.decimal),
  };
  const out = renderLayout(layout, vars, { input, market, cents, direction: 'DEBIT' });
  return {
    narrative: out.narrative,
    fields: truth({
      date: out.date,
      cents,
      currency: market.currency,
      direction: 'DEBIT',
      counterparty: printed.counterparty,
      type: 'CARD',
      reference: printed.reference,
      category: party.category,
    }),
  };
}

export const FX_CARD_RAILS: readonly Rail[] = [fxCard('US'), fxCard('DE'), fxCard('GB')];
