/**
 * Cash withdrawals at ATMs in every market: ATM, CASH, no counterparty — the bank or shop whose
 * machine it was ("CHASE BANK 34TH ST", "7-ELEVEN") is a location, not a payee.
 */
import { digits } from '../ids.ts';
import type { Country } from '../markets.ts';
import { bankLineRail, steppedCents } from './bank-lines.ts';
import type { Layout } from './rail.ts';

type AtmTable = {
  layouts: readonly Layout[];
  banks: readonly string[];
  places: readonly string[];
  step: number;
  range: readonly [number, number];
};

// biome-ignore format: data laid out by hand as a table, to read down
const TABLES: Readonly<Partial<Record<Country, AtmTable>>> = {
  US: {
    layouts: [
      { template: 'ATM WITHDRAWAL {place} {MM/DD} {amt}', sign: 'minus' },
      { template: 'ATM CASH WITHDRAWAL {MM/DD/YYYY} {bank} {place} {amt}', sign: 'minus' },
      { template: 'NON-CHASE ATM WITHDRAW {MM/DD} {place} {amt}' },
    ],
    banks: ['CHASE BANK', 'BANK OF AMERICA', 'WELLS FARGO'], places: ['7-ELEVEN 123 MAIN ST', '34TH ST NEW YORK NY', 'CVS 1450 BROADWAY', '500 MARKET ST SAN FRANCISCO CA'],
    step: 20, range: [20, 500],
  },
  GB: {
    layouts: [{ template: 'CASH {bank} {DDMON} {place} {amt}', sign: 'crdr' }, { template: 'ATM {place} {DD/MM/YY} {amt} DR' }],
    banks: ['HSBC', 'BARCLAYS', 'NATWEST', 'LLOYDS BANK'], places: ['LONDON BRIDGE', 'OXFORD ST', 'MANCHESTER PICCADILLY', 'SAINSBURYS HOLBORN'], step: 10, range: [10, 300],
  },
  DE: {
    layouts: [
      { template: 'BARGELDAUSZAHLUNG GA {bank} {place} {DD.MM.YYYY} {time} {amt}', sign: 'trailingMinus' },
      { template: 'GELDAUTOMAT {bank} {place} {DD.MM.} BETRAG {amt} EUR' },
    ],
    banks: ['SPARKASSE', 'DEUTSCHE BANK', 'COMMERZBANK', 'VOLKSBANK'], places: ['BERLIN ALEXANDERPL', 'MUENCHEN HBF', 'KOELN DOM', 'HAMBURG JUNGFERNSTIEG'], step: 10, range: [20, 500],
  },
  FR: {
    layouts: [{ template: 'RETRAIT DAB {DD/MM} {place} {amt}', sign: 'minus' }, { template: 'RETRAIT DAB {DD/MM/YY} {bank} {place} {amt}', sign: 'minus' }],
    banks: ['BNP PARIBAS', 'SOCIETE GENERALE', 'CREDIT AGRICOLE', 'LCL'], places: ['PARIS 11', 'LYON PART DIEU', 'MARSEILLE', 'BORDEAUX'], step: 10, range: [20, 400],
  },
  ES: {
    layouts: [{ template: 'REINTEGRO CAJERO {bank} {place} {DD/MM/YYYY} {amt}', sign: 'minus' }, { template: 'RETIRADA EFECTIVO CAJERO {place} {DD/MM} {amt}', sign: 'minus' }],
    banks: ['BBVA', 'CAIXABANK', 'SANTANDER', 'SABADELL'], places: ['MADRID SOL', 'BARCELONA', 'VALENCIA CENTRO', 'SEVILLA'], step: 10, range: [20, 400],
  },
  NL: {
    layouts: [{ template: 'GELDAUTOMAAT {place} {DD-MM-YYYY} {time} {amt} Af' }, { template: 'GEA {bank} {place} {DD-MM-YYYY} {amt}', sign: 'minus' }],
    banks: ['ING', 'ABN AMRO', 'RABOBANK', 'GELDMAAT'], places: ['AMSTERDAM CS', 'UTRECHT', 'ROTTERDAM', 'DEN HAAG'], step: 10, range: [20, 300],
  },
  IN: {
    layouts: [{ template: 'ATM WDL {bank} {place} {DD/MM/YY} {amt}', sign: 'crdr' }, { template: 'NWD-XXXXXXXXXXXX{last4}-{atmId}-{place} {DD-MM-YYYY} {amt} DR' }],
    banks: ['HDFC BANK', 'SBI', 'ICICI BANK', 'AXIS BANK'], places: ['MUMBAI', 'BANGALORE', 'NEW DELHI', 'PUNE'], step: 500, range: [500, 20_000],
  },
  BR: {
    layouts: [{ template: 'SAQUE {bank} 24H {place} {DD/MM} R$ {amt}', sign: 'minus' }, { template: 'SAQUE CAIXA ELETRONICO {DD/MM/YYYY} {amt}', sign: 'minus' }],
    banks: ['BANCO24HORAS', 'ITAU', 'BRADESCO', 'CAIXA'], places: ['SAO PAULO', 'RIO DE JANEIRO', 'CURITIBA'], step: 10, range: [20, 1000],
  },
  CA: {
    layouts: [{ template: 'ABM WITHDRAWAL {place} {YYYY-MM-DD} {amt}', sign: 'minus' }, { template: 'ATM W/D {bank} {place} {amt}', sign: 'minus' }],
    banks: ['RBC', 'TD', 'SCOTIABANK', 'BMO'], places: ['TORONTO ON', 'VANCOUVER BC', 'MONTREAL QC', 'CALGARY AB'], step: 20, range: [20, 500],
  },
};

export const ATM_RAILS = (Object.entries(TABLES) as [Country, AtmTable][]).map(([country, table]) =>
  bankLineRail({
    rail: 'atm',
    country,
    layouts: table.layouts,
    type: 'ATM',
    category: 'CASH',
    draw: (rng) => ({
      cents: steppedCents(rng, table),
      direction: 'DEBIT',
      vars: {
        bank: rng.pick(table.banks),
        place: rng.pick(table.places),
        last4: digits(rng, 4),
        atmId: `S1CN${digits(rng, 4)}`,
        time: `${String(rng.int(6, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
      },
    }),
  }),
);
