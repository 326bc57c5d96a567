/**
 * Moves between the customer's own accounts (TRANSFER, category TRANSFER, no counterparty). The
 * bank's transaction number, where printed, is the reference; the other account's number is not.
 */
import type { Direction } from '../../../contract/records.ts';
import { digits, iban, number } from '../ids.ts';
import type { Country } from '../markets.ts';
import { bankLineRail, type DirectionWords, steppedCents, wordsFor } from './bank-lines.ts';
import type { Layout } from './rail.ts';

type OwnTable = { layouts: readonly Layout[]; words: DirectionWords };

const TABLES: Readonly<Partial<Record<Country, OwnTable>>> = {
  US: {
    layouts: [
      { template: 'ONLINE TRANSFER {to} SAV ...{last4} TRANSACTION#: {txn} {MM/DD} {amt}', ref: ['txn'], sign: 'minus' },
      { template: 'TRANSFER {to} SAVINGS XXXXXX{last4} {amt}', sign: 'plusMinus' },
    ],
    words: { out: { to: 'TO' }, in: { to: 'FROM' } },
  },
  GB: {
    layouts: [
      { template: 'TRANSFER {to} A/C {sort} {acct} {DD/MM/YYYY} {amt}', sign: 'crdr' },
      { template: 'INTERNAL TRANSFER {to} SAVER {DDMONYY} {amt}', sign: 'crdr' },
    ],
    words: { out: { to: 'TO' }, in: { to: 'FROM' } },
  },
  DE: {
    layouts: [
      { template: 'UMBUCHUNG {auf} KONTO {iban} {DD.MM.YYYY} {amt}', sign: 'trailingMinus' },
      { template: 'UEBERTRAG {auf} TAGESGELD {DD.MM.} {amt}', sign: 'trailingMinus' },
    ],
    words: { out: { auf: 'AUF' }, in: { auf: 'VON' } },
  },
  NL: {
    layouts: [
      { template: '{naar} ORANJE SPAARREKENING {acct} {DD-MM-YYYY} {amt} {afbij}' },
      { template: 'EIGEN REKENING {naar} {iban} {DD-MM-YYYY} {amt}', sign: 'plusMinus' },
    ],
    words: { out: { naar: 'NAAR', afbij: 'Af' }, in: { naar: 'VAN', afbij: 'Bij' } },
  },
  IN: {
    layouts: [
      { template: 'TRF {to} OWN A/C XXXXXXXX{last4} {DD/MM/YY} {amt}', sign: 'crdr' },
      { template: 'SWEEP TRF {to} FD {acct} {DD-MM-YYYY} {amt}', sign: 'crdr' },
    ],
    words: { out: { to: 'TO' }, in: { to: 'FROM' } },
  },
  CA: {
    layouts: [
      { template: 'TRANSFER {to} SAVINGS {YYYY-MM-DD} {amt}', sign: 'minus' },
      { template: 'ONLINE BANKING TRANSFER - {txn} {amt}', ref: ['txn'], sign: 'plusMinus' },
    ],
    words: { out: { to: 'TO' }, in: { to: 'FROM' } },
  },
};

const IBAN_COUNTRY: Readonly<Partial<Record<Country, string>>> = { DE: 'DE', NL: 'NL' };

export const OWN_ACCOUNT_RAILS = (Object.entries(TABLES) as [Country, OwnTable][]).map(([country, table]) =>
  bankLineRail({
    rail: 'own-account',
    country,
    layouts: table.layouts,
    type: 'TRANSFER',
    category: 'TRANSFER',
    draw(rng) {
      const direction: Direction = rng.chance(0.5) ? 'CREDIT' : 'DEBIT';
      return {
        cents: steppedCents(rng, { step: rng.pick([1, 10, 50]), range: [20, 6000] }),
        direction,
        vars: {
          ...wordsFor(table.words, direction),
          last4: digits(rng, 4),
          txn: number(rng, 10),
          acct: number(rng, 8),
          sort: `${digits(rng, 2)}-${digits(rng, 2)}-${digits(rng, 2)}`,
          iban: iban(rng, IBAN_COUNTRY[country] ?? 'DE'),
        },
      };
    },
  }),
);
