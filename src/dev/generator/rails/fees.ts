/**
 * Bank fees (FEE, FEES, no counterparty). Several name another rail — "NON-CHASE ATM FEE",
 * "WIRE TRANSFER FEE", "NEFT CHARGES" — and stay FEE by the contract's precedence.
 */
import type { Country } from '../markets.ts';
import { bankLineRail } from './bank-lines.ts';
import type { Layout } from './rail.ts';

type FeeTable = { layouts: readonly Layout[]; fees: readonly (readonly [string, readonly number[]])[] };

// biome-ignore format: data laid out by hand as a table, to read down
const TABLES: Readonly<Partial<Record<Country, FeeTable>>> = {
  US: {
    layouts: [{ template: '{fee} {amt}' }, { template: '{MM/DD} {fee} {amt}', sign: 'minus' }],
    fees: [['MONTHLY SERVICE FEE', [12, 15]], ['OVERDRAFT FEE', [35]], ['NON-CHASE ATM FEE-WITH', [3, 3.5]], ['FOREIGN TRANSACTION FEE', [0.95, 1.5, 2.37]], ['WIRE TRANSFER FEE', [25, 30, 45]], ['STOP PAYMENT FEE', [30]]],
  },
  GB: {
    layouts: [{ template: '{fee} {amt} DR {DD/MM/YYYY}' }, { template: '{fee} {DDMONYY} {amt}', sign: 'minus' }],
    fees: [['MONTHLY SERVICE FEE', [12]], ['UNARRANGED OVERDRAFT CHARGE', [5, 10, 15]], ['NON-STERLING TRANSACTION FEE', [0.5, 1.2, 2.99]], ['ACCOUNT FEE', [3, 5]]],
  },
  DE: {
    layouts: [{ template: 'ENTGELT {fee} {DD.MM.YYYY} {amt}', sign: 'trailingMinus' }, { template: 'ABSCHLUSS {fee} PER {DD.MM.YYYY} {amt} EUR' }],
    fees: [['KONTOFUEHRUNG', [4.95, 6.9]], ['AUSLANDSEINSATZENTGELT', [1.2, 1.75]], ['GIROCARD JAHRESENTGELT', [12]], ['UEBERWEISUNG BELEGHAFT', [1.5]]],
  },
  FR: {
    layouts: [{ template: 'FRAIS {fee} {DD/MM} {amt}', sign: 'minus' }, { template: '{DD/MM/YYYY} COMMISSION {fee} {amt}', sign: 'minus' }],
    fees: [['TENUE DE COMPTE', [2, 3.5]], ['COTISATION CARTE VISA', [45]], ['INTERVENTION', [8]], ['PAIEMENT HORS ZONE EURO', [1.5, 2.9]], ['RETRAIT DAB HORS RESEAU', [1]]],
  },
  ES: {
    layouts: [{ template: 'COMISION {fee} {DD/MM/YYYY} {amt}', sign: 'minus' }, { template: 'CARGO {fee} {DD/MM} {amt}', sign: 'minus' }],
    fees: [['MANTENIMIENTO', [6, 12]], ['TARJETA DEBITO', [20, 36]], ['DESCUBIERTO', [15]], ['TRANSFERENCIA', [2.5]]],
  },
  NL: {
    layouts: [{ template: 'KOSTEN {fee} {DD-MM-YYYY} {amt} Af' }, { template: '{DD-MM-YYYY} KOSTEN {fee} {amt}', sign: 'minus' }],
    fees: [['BETAALPAKKET', [3.25, 4.5]], ['EXTRA BETAALPAS', [1.25]], ['CREDITCARD', [2.5]]],
  },
  IN: {
    layouts: [{ template: '{fee} {DD-MM-YYYY} {amt} DR' }, { template: '{fee} INCL GST {DD/MM/YY} {amt}', sign: 'minus' }],
    fees: [['SMS CHARGES', [15, 17.7]], ['DEBIT CARD ANNUAL FEE', [500, 590, 750]], ['MIN BAL CHARGES', [250, 500, 600]], ['NEFT CHARGES', [2.5, 5, 25]], ['ATM DECLINE CHARGES', [25]]],
  },
  BR: {
    layouts: [{ template: 'TARIFA {fee} {DD/MM} R$ {amt}', sign: 'minus' }, { template: 'TAR {fee} {DD/MM/YYYY} {amt}', sign: 'minus' }],
    fees: [['PACOTE SERVICOS', [19.9, 34.9]], ['SAQUE EXCEDENTE', [2.5]], ['TED', [9.5]], ['ANUIDADE CARTAO', [12.5]]],
  },
  CA: {
    layouts: [{ template: '{fee} {YYYY-MM-DD} {amt}', sign: 'minus' }, { template: 'SERVICE CHARGE {fee} {amt}', sign: 'minus' }],
    fees: [['MONTHLY FEE', [4, 11.95, 16.95]], ['INTERAC E-TRANSFER FEE', [1, 1.5]], ['OVERDRAFT FEE', [5, 45]], ['NON-RBC ATM FEE', [2, 3]]],
  },
};

export const FEE_RAILS = (Object.entries(TABLES) as [Country, FeeTable][]).map(([country, table]) =>
  bankLineRail({
    rail: 'fees',
    country,
    layouts: table.layouts,
    type: 'FEE',
    category: 'FEES',
    draw(rng) {
      const [fee, prices] = rng.pick(table.fees);
      return { cents: Math.round(rng.pick(prices) * 100), direction: 'DEBIT', vars: { fee } };
    },
  }),
);
