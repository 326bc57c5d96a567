/**
 * Refunds, chargebacks, fee reversals and returned direct debits: all REFUND by the contract's
 * precedence, all money in. A fee reversal has no counterparty, like the fee it reverses.
 */
import { MARKETS, type Market } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { cardVars, cityOf } from './card-lines.ts';
import { type Layout, layoutOf, partyOf, type Rail, type RailInput, renderLayout, truth } from './rail.ts';
import { sepaIds } from './sepa-ids.ts';

type RefundTable = {
  /** Per source layout: merchant refunds and chargebacks. */
  merchant: readonly (readonly Layout[])[];
  /** Per source layout: fee reversals, with the fees they reverse. */
  fee: readonly Layout[];
  fees: readonly (readonly [string, number])[];
  /** Returned direct debits, for markets whose pool holds billers. */
  biller?: readonly Layout[];
};

const TABLES: Readonly<Record<'US' | 'GB' | 'DE', RefundTable>> = {
  US: {
    merchant: [
      [{ template: 'REFUND {desc} {where} {MM/DD} {amt}', sign: 'parensCredit' }, { template: 'CHARGEBACK CREDIT {desc} {MM/DD} {amt}' }],
      [
        { template: '{MM/DD} RETURN {desc} {where} {amt}', sign: 'crdr' },
        { template: '{MM/DD} DISPUTE CREDIT {desc} {amt}', sign: 'crdr' },
      ],
      [
        { template: 'PURCHASE RETURN {desc} {where} ON {MM/DD/YY} USD {amt}' },
        { template: 'PROVISIONAL CREDIT CHARGEBACK {desc} {MM/DD/YY} USD {amt}' },
      ],
      [
        { template: 'REFUND - {desc} {where} {MM/DD} {amt}', sign: 'plusMinus' },
        { template: 'CHARGEBACK - {desc} {MM/DD} {amt}', sign: 'plusMinus' },
      ],
    ],
    fee: [{ template: '{fee} REVERSAL {MM/DD} {amt}' }, { template: '{fee} REFUND {amt} CR' }],
    fees: [
      ['MONTHLY SERVICE FEE', 12],
      ['OVERDRAFT FEE', 35],
      ['FOREIGN TRANSACTION FEE', 2.5],
      ['NON-CHASE ATM FEE', 3],
    ],
  },
  GB: {
    merchant: [[{ template: 'REFUND FROM {desc} ON {DDMONYY} {amt}', sign: 'crdr' }], [{ template: 'VIS REFUND {desc} {city} £{amt}' }]],
    fee: [{ template: 'REFUND OF CHARGES {fee} {amt} CR' }, { template: '{fee} REVERSED {DDMONYY} {amt}', sign: 'crdr' }],
    fees: [
      ['MONTHLY ACCOUNT FEE', 5],
      ['UNARRANGED OVERDRAFT CHARGE', 15],
    ],
  },
  DE: {
    merchant: [
      [{ template: 'GUTSCHRIFT KARTENZAHLUNG {desc} {DD.MM.YYYY} BETRAG {amt} EUR' }],
      [{ template: 'ERSTATTUNG {desc}//{city}/DE {DD.MM.YYYY} {amt}' }],
    ],
    fee: [{ template: 'ERSTATTUNG {fee} {DD.MM.YYYY} {amt} EUR' }, { template: 'STORNO {fee} {DD.MM.} {amt}' }],
    fees: [
      ['ENTGELT KONTOFUEHRUNG', 4.95],
      ['AUSLANDSEINSATZENTGELT', 1.75],
    ],
    biller: [
      {
        template: 'RUECKLASTSCHRIFT EREF+{eref} MREF+{mref} CRED+{cred} SVWZ+{desc} RUECKGABE {DD.MM.YYYY} {amt} EUR',
        ref: ['eref', 'mref'],
      },
      { template: 'RUECKBUCHUNG LASTSCHRIFT {desc} EREF: {eref} MREF: {mref} {DD.MM.} {amt}', ref: ['eref', 'mref'] },
    ],
  },
};

function refund(country: 'US' | 'GB' | 'DE'): Rail {
  const market = MARKETS[country];
  const table = TABLES[country];
  return {
    rail: 'refund',
    id: `refund/${country.toLowerCase()}`,
    market,
    pool: { kinds: table.biller ? ['merchant', 'biller'] : ['merchant'], countries: [country, 'GLOBAL'] },
    layouts: table.merchant.length,
    render(input) {
      return input.rng.chance(0.12) ? feeReversal(input, { market, table }) : partyRefund(input, { market, table });
    },
  };
}

type RefundContext = { market: Market; table: RefundTable };

function partyRefund(input: RailInput, { market, table }: RefundContext) {
  const { rng } = input;
  const party = partyOf(input);
  const layout =
    party.kind === 'biller' && table.biller ? layoutOf(table.biller, input.layout) : rng.pick(layoutOf(table.merchant, input.layout));
  const printed = printDescriptor(party, rng, 24);
  const cents = spendOf(party, rng);
  const vars = {
    ...cardVars(input),
    ...sepaIds(rng, market.country, 0),
    desc: printed.text,
    where: party.where ?? '',
    city: cityOf(party.where),
  };
  const out = renderLayout(layout, vars, { input, market, cents, direction: 'CREDIT' });
  return {
    narrative: out.narrative,
    fields: truth({
      date: out.date,
      cents,
      currency: market.currency,
      direction: 'CREDIT',
      counterparty: printed.counterparty,
      type: 'REFUND',
      reference: printed.reference ?? out.reference,
      category: party.category,
    }),
  };
}

function feeReversal(input: RailInput, { market, table }: RefundContext) {
  const [fee, price] = input.rng.pick(table.fees);
  const cents = Math.round(price * 100);
  const layout = layoutOf(table.fee, input.layout);
  const out = renderLayout(layout, { fee }, { input, market, cents, direction: 'CREDIT' });
  return {
    narrative: out.narrative,
    fields: truth({
      date: out.date,
      cents,
      currency: market.currency,
      direction: 'CREDIT',
      counterparty: null,
      type: 'REFUND',
      reference: null,
      category: 'FEES',
    }),
  };
}

export const REFUND_RAILS: readonly Rail[] = [refund('US'), refund('GB'), refund('DE')];
