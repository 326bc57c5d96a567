/** Interest credited on deposits (INTEREST, INCOME, no counterparty). */
import type { Country } from '../markets.ts';
import { bankLineRail } from './bank-lines.ts';
import type { Layout } from './rail.ts';

type InterestTable = { layouts: readonly Layout[]; range: readonly [number, number] };

const TABLES: Readonly<Partial<Record<Country, InterestTable>>> = {
  US: { layouts: [{ template: 'INTEREST PAYMENT {amt}' }, { template: 'INTEREST EARNED {MM/DD} {amt} CR' }], range: [0.05, 80] },
  GB: { layouts: [{ template: 'INTEREST PAID {amt} CR {DD/MM/YYYY}' }, { template: 'GROSS INTEREST {DDMONYY} {amt}' }], range: [0.05, 60] },
  DE: {
    layouts: [{ template: 'HABENZINSEN {DD.MM.YYYY} {amt} EUR' }, { template: 'ZINSGUTSCHRIFT PER {DD.MM.YYYY} {amt}' }],
    range: [0.05, 60],
  },
  FR: {
    layouts: [{ template: 'INTERETS CREDITEURS {DD/MM/YYYY} {amt}' }, { template: 'INTERETS LIVRET A AU {DD/MM/YYYY} {amt}' }],
    range: [0.1, 90],
  },
  ES: {
    layouts: [{ template: 'ABONO INTERESES {DD/MM/YYYY} {amt}' }, { template: 'LIQUIDACION INTERESES {DD/MM} {amt}' }],
    range: [0.05, 40],
  },
  NL: {
    layouts: [
      { template: 'RENTEBIJSCHRIJVING {DD-MM-YYYY} {amt} Bij' },
      { template: '{DD-MM-YYYY} RENTE SPAARREKENING {amt}', sign: 'plusMinus' },
    ],
    range: [0.05, 70],
  },
  IN: {
    layouts: [{ template: 'SB INT CREDIT {DD-MM-YYYY} {amt} CR' }, { template: 'CREDIT INTEREST CAPITALISED {DD/MM/YYYY} INR {amt}' }],
    range: [5, 6000],
  },
  BR: {
    layouts: [{ template: 'RENDIMENTO POUPANCA {DD/MM} R$ {amt}' }, { template: 'REND PAGO APLIC AUT {DD/MM/YYYY} {amt} C' }],
    range: [0.5, 300],
  },
  CA: { layouts: [{ template: 'DEPOSIT INTEREST {YYYY-MM-DD} {amt}' }, { template: 'INTEREST CREDIT {amt}' }], range: [0.05, 60] },
};

export const INTEREST_RAILS = (Object.entries(TABLES) as [Country, InterestTable][]).map(([country, table]) =>
  bankLineRail({
    rail: 'interest',
    country,
    layouts: table.layouts,
    type: 'INTEREST',
    category: 'INCOME',
    draw: (rng) => ({
      cents: Math.max(1, Math.round(rng.logUniform(table.range[0], table.range[1]) * 100)),
      direction: 'CREDIT',
      vars: {},
    }),
  }),
);
