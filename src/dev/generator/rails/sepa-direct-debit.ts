/**
 * SEPA direct debits (SEPA-LASTSCHRIFT, PRLV SEPA, RECIBO, INCASSO). The mandate (MREF, RUM,
 * MACHTIGING) is the reference only when no end-to-end id is printed; the creditor id never is.
 */
import { MARKETS, type Market } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { fill } from '../printing.ts';
import { type Layout, layoutOf, partyOf, type Rail, type RailInput, renderLayout, truth } from './rail.ts';
import { SEPA_REFERENCE_ORDER, sepaIds } from './sepa-ids.ts';

type SepaCountry = 'DE' | 'FR' | 'ES' | 'NL';
const ref = SEPA_REFERENCE_ORDER;

const LAYOUTS: Readonly<Record<SepaCountry, readonly Layout[]>> = {
  DE: [
    { template: 'SEPA-LASTSCHRIFT EREF+{eref} MREF+{mref} CRED+{cred} SVWZ+{desc} {memo} BETRAG {amt} EUR {DD.MM.YYYY}', ref },
    { template: 'FOLGELASTSCHRIFT {desc} EREF: {eref} MREF: {mref} CRED: {cred} {memo} {DD.MM.} {amt}', ref, sign: 'trailingMinus' },
  ],
  FR: [
    { template: 'PRLV SEPA {desc} {memo} ID EMETTEUR/{cred} MDT/{mref} REF/{eref} {DD/MM} {amt}', ref, sign: 'minus' },
    { template: 'PRELEVEMENT {desc} RUM {mref} ICS {cred} {DD/MM/YYYY} {amt}', ref, sign: 'minus' },
  ],
  ES: [
    { template: 'RECIBO {desc} {memo} REF. MANDATO {mref} ID ACREEDOR {cred} REF. {eref} {DD/MM/YYYY} {amt}', ref, sign: 'minus' },
    { template: 'ADEUDO SEPA {desc} {DD/MM/YYYY} {amt} EUR', ref },
  ],
  NL: [
    {
      template:
        'SEPA INCASSO ALGEMEEN DOORLOPEND INCASSANT: {cred} NAAM: {desc} MACHTIGING: {mref} OMSCHRIJVING: {memo} IBAN: {iban} KENMERK: {eref} {DD-MM-YYYY} {amt} Af',
      ref,
    },
    {
      template:
        '/TRTP/SEPA Incasso algemeen doorlopend/CSID/{cred}/NAME/{desc}/MARF/{mref}/REMI/{memo}/IBAN/{iban}/BIC/{bic}/EREF/{eref} {DD-MM-YYYY} {amt}',
      ref,
      sign: 'minus',
    },
  ],
};

const BILL_MEMOS: Readonly<Record<SepaCountry, readonly string[]>> = {
  DE: ['Rechnung {MM/YYYY}', 'Abschlag {MM/YYYY}', 'Beitrag {MON} {YYYY}', 'Mobilfunk Rechnung {MM/YYYY}'],
  FR: ['FACTURE {MM/YYYY}', 'ECHEANCE {MON} {YYYY}', 'COTISATION {MON}'],
  ES: ['RECIBO {MON} {YYYY}', 'FACTURA {MM/YYYY}', 'CUOTA {MON}'],
  NL: ['TERMIJN {MON} {YYYY}', 'FACTUUR {MM/YYYY}', 'PREMIE {MON}'],
};

function sepaDirectDebit(country: SepaCountry): Rail {
  const market = MARKETS[country];
  return {
    rail: 'sepa-direct-debit',
    id: `sepa-direct-debit/${country.toLowerCase()}`,
    market,
    pool: { kinds: ['biller'], countries: [country] },
    layouts: LAYOUTS[country].length,
    render: (input) => renderDebit(input, { market, country }),
  };
}

function renderDebit(input: RailInput, { market, country }: { market: Market; country: SepaCountry }) {
  const { rng } = input;
  const party = partyOf(input);
  const printed = printDescriptor(party, rng);
  const cents = spendOf(party, rng);
  const memo = fill(rng.pick(BILL_MEMOS[country]), { date: input.date, months: market.months });
  const vars = { ...sepaIds(rng, country, 0.3), desc: printed.text, memo };
  const out = renderLayout(layoutOf(LAYOUTS[country], input.layout), vars, { input, market, cents, direction: 'DEBIT' });
  return {
    narrative: out.narrative,
    fields: truth({
      date: out.date,
      cents,
      currency: market.currency,
      direction: 'DEBIT',
      counterparty: printed.counterparty,
      type: 'DIRECT_DEBIT',
      reference: out.reference,
      category: party.category,
    }),
  };
}

export const SEPA_DIRECT_DEBIT_RAILS: readonly Rail[] = (['DE', 'FR', 'ES', 'NL'] as const).map(sepaDirectDebit);
