/**
 * SEPA credit transfers as German, French, Spanish and Dutch banks print them: EREF/SVWZ tags,
 * /TRTP/ structured strings, "VIR SEPA RECU /DE". The payer's IBAN is printed in full here;
 * masking happens downstream.
 */
import { MARKETS, type Market } from '../markets.ts';
import { spendOf } from '../party.ts';
import {
  categoryFor,
  eitherDirection,
  type Layout,
  layoutOf,
  memoFor,
  partyOf,
  printCounterparty,
  type Rail,
  type RailInput,
  renderLayout,
  rentShown,
  roundSome,
  truth,
} from './rail.ts';
import { SEPA_REFERENCE_ORDER, sepaIds } from './sepa-ids.ts';

type SepaCountry = 'DE' | 'FR' | 'ES' | 'NL';
type Words = { in: Record<string, string>; out: Record<string, string> };
const ref = SEPA_REFERENCE_ORDER;

const LAYOUTS: Readonly<Record<SepaCountry, readonly Layout[]>> = {
  DE: [
    { template: '{head} {name} EREF+{eref} IBAN+{iban} BIC+{bic} SVWZ+{memo} {DD.MM.YYYY} {amt} EUR', ref },
    {
      template: '{word} {name} {memo} IBAN: {iban} BIC: {bic} END-TO-END-REF.: {eref} KUNDENREFERENZ: {kref} {DD.MM.} {amt}',
      ref,
      sign: 'trailingMinus',
    },
  ],
  FR: [
    { template: '{DD/MM} {head} {name} /MOTIF {memo} /REF {eref} {amt}', ref, sign: 'minus' },
    { template: 'VIREMENT SEPA {word} {name} REF. {eref} {DD/MM/YYYY} {amt}', ref, sign: 'plusMinus' },
  ],
  ES: [
    { template: 'TRANSFERENCIA {head} {name} CONCEPTO {memo} REF {eref} {DD/MM/YYYY} {amt} EUR', ref },
    { template: 'TRANSF. SEPA {word} {name} {memo} {DD/MM/YYYY} {amt}', sign: 'minus' },
  ],
  NL: [
    {
      template: '/TRTP/SEPA OVERBOEKING/IBAN/{iban}/BIC/{bic}/NAME/{name}/REMI/{memo}/EREF/{eref} {DD-MM-YYYY} {amt}',
      ref,
      sign: 'plusMinus',
    },
    {
      template: 'SEPA OVERBOEKING IBAN: {iban} BIC: {bic} NAAM: {name} OMSCHRIJVING: {memo} KENMERK: {eref} {DD-MM-YYYY} {amt} {word}',
      ref,
    },
  ],
};

/** Direction words: `head` opens a line, `word` stands alone. */
const WORDS: Readonly<Record<SepaCountry, Words>> = {
  DE: { in: { head: 'SEPA-GUTSCHRIFT VON', word: 'GUTSCHRIFT' }, out: { head: 'SEPA-UEBERWEISUNG AN', word: 'UEBERWEISUNG' } },
  FR: { in: { head: 'VIR SEPA RECU /DE', word: 'RECU' }, out: { head: 'VIR SEPA EMIS /A', word: 'EMIS' } },
  ES: { in: { head: 'RECIBIDA DE', word: 'DE' }, out: { head: 'EMITIDA A', word: 'A FAVOR DE' } },
  NL: { in: { head: '', word: 'Bij' }, out: { head: '', word: 'Af' } },
};

function sepaCredit(country: SepaCountry): Rail {
  const market = MARKETS[country];
  return {
    rail: 'sepa-credit',
    id: `sepa-credit/${country.toLowerCase()}`,
    market,
    pool: { kinds: ['person', 'business'], countries: [country] },
    layouts: LAYOUTS[country].length,
    render: (input) => renderCredit(input, { market, country }),
  };
}

function renderCredit(input: RailInput, { market, country }: { market: Market; country: SepaCountry }) {
  const { rng } = input;
  const party = partyOf(input);
  const direction = eitherDirection(rng);
  const printed = printCounterparty(party, rng, { person: rng.pick(['full', 'asWritten'] as const) });
  const memo = memoFor(input, market);
  const cents = party.kind === 'person' ? roundSome(rng, spendOf(party, rng)) : spendOf(party, rng);
  const words = direction === 'CREDIT' ? WORDS[country].in : WORDS[country].out;
  const vars = { ...sepaIds(rng, country, 0.25), ...words, name: printed.text, memo: memo.text };
  const layout = layoutOf(LAYOUTS[country], input.layout);
  const out = renderLayout(layout, vars, { input, market, cents, direction });
  return {
    narrative: out.narrative,
    fields: truth({
      date: out.date,
      cents,
      currency: market.currency,
      direction,
      counterparty: printed.counterparty,
      type: 'SEPA',
      reference: out.reference,
      category: categoryFor(party, direction, rentShown(layout, memo)),
    }),
  };
}

export const SEPA_CREDIT_RAILS: readonly Rail[] = (['DE', 'FR', 'ES', 'NL'] as const).map(sepaCredit);
