/**
 * SWIFT MT103 customer transfers, as multi-line tag blocks or flattened onto one line. Amount and
 * value date come from :32A: (comma decimals), never :33B:; the counterparty is :50K: on money in
 * and :59: on money out; the reference is the UETR (:121:) when printed, else :20:.
 */
import { alnum, iban, number, uuid } from '../ids.ts';
import { MARKETS, type Market } from '../markets.ts';
import { BUSINESS_MEMOS } from '../memos.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { AMOUNT_STYLES, fill, money } from '../printing.ts';
import type { Random } from '../random.ts';
import { categoryFor, eitherDirection, type Layout, layoutOf, partyOf, type Rail, type RailInput, renderLayout, truth } from './rail.ts';

const tags = { amount: AMOUNT_STYLES.euPlain };
const LAYOUTS: readonly Layout[] = [
  {
    ...tags,
    ref: ['uetr', 'ref20'],
    template:
      'SWIFT MT103 {inout}\n:20:{ref20}\n:23B:CRED\n:32A:{YYMMDD}{ccy}{amt}{b33}\n:50K:/{payerAcct}\n{payerName}\n{payerCity}\n:59:/{payeeAcct}\n{payeeName}\n{payeeCity}\n:70:{memo}\n:71A:{charges}\n:121:{uetr}',
  },
  {
    ...tags,
    ref: ['ref20'],
    template: 'MT103 {inout} :20:{ref20} :32A:{YYMMDD}{ccy}{amt} :50K:{payerName} :59:{payeeName} :70:{memo} :71A:{charges}',
  },
  {
    ...tags,
    ref: ['uetr', 'ref20'],
    template:
      'SWIFT {inout} UETR {uetr} :20:{ref20} :32A:{YYMMDD}{ccy}{amt} :50K:/{payerAcct} {payerName} :59:/{payeeAcct} {payeeName} :70:{memo}',
  },
];

/** The generated accounts' owner: :59: on money in, :50K: on money out. */
const HOLDERS: Readonly<Record<'US' | 'DE' | 'GB', { name: string; city: string }>> = {
  US: { name: 'ORBIT LOGISTICS INC', city: 'CHICAGO IL US' },
  DE: { name: 'ORBIT LOGISTIK GMBH', city: 'HAMBURG DE' },
  GB: { name: 'ORBIT LOGISTICS LTD', city: 'LONDON GB' },
};
const IBAN_COUNTRIES = new Set(['DE', 'FR', 'ES', 'NL', 'GB']);

function account(rng: Random, country: string): string {
  return IBAN_COUNTRIES.has(country) ? iban(rng, country) : number(rng, 12);
}

function swift(country: 'US' | 'DE' | 'GB'): Rail {
  const market = MARKETS[country];
  return {
    rail: 'swift-mt103',
    id: `swift-mt103/${country.toLowerCase()}`,
    market,
    pool: { kinds: ['business'], countries: ['US', 'GB', 'DE', 'FR', 'ES', 'NL', 'IN', 'BR', 'CA'] },
    layouts: LAYOUTS.length,
    render: (input) => renderSwift(input, { market, holder: HOLDERS[country] }),
  };
}

function renderSwift(input: RailInput, { market, holder }: { market: Market; holder: { name: string; city: string } }) {
  const { rng } = input;
  const party = partyOf(input);
  const direction = eitherDirection(rng, 0.55);
  const printed = printDescriptor(party, rng);
  const cents = spendOf(party, rng);
  const them = {
    name: printed.text,
    city: `${party.country} ${rng.pick(['HEAD OFFICE', 'MAIN ST 1', 'BRANCH 2'])}`,
    acct: account(rng, party.country),
  };
  const us = { name: holder.name, city: holder.city, acct: account(rng, market.country) };
  const [payer, payee] = direction === 'CREDIT' ? [them, us] : [us, them];
  const vars = {
    inout: direction === 'CREDIT' ? 'INCOMING' : 'OUTGOING',
    ref20: `${rng.pick(['FT', 'TRF', ''])}${alnum(rng, 12)}`,
    ccy: market.currency,
    b33: instructedAmount(rng, { market, cents }),
    payerAcct: payer.acct,
    payerName: payer.name,
    payerCity: payer.city,
    payeeAcct: payee.acct,
    payeeName: payee.name,
    payeeCity: payee.city,
    memo: remittance(input),
    charges: rng.pick(['SHA', 'OUR', 'BEN']),
    uetr: uuid(rng),
  };
  const out = renderLayout(layoutOf(LAYOUTS, input.layout), vars, { input, market, cents, direction });
  return {
    narrative: out.narrative,
    fields: truth({
      date: out.date,
      cents,
      currency: market.currency,
      direction,
      counterparty: printed.counterparty,
      type: 'WIRE',
      reference: out.reference,
      category: categoryFor(party, direction),
    }),
  };
}

/** A :33B: instructed amount in another currency, a third of the time: the trap the contract names. */
function instructedAmount(rng: Random, { market, cents }: { market: Market; cents: number }): string {
  if (!rng.chance(0.35)) return '';
  const other = rng.pick(['USD', 'EUR', 'GBP', 'CHF'].filter((c) => c !== market.currency));
  return `\n:33B:${other}${money(Math.round(cents * rng.logUniform(0.75, 1.35)), AMOUNT_STYLES.euPlain)}`;
}

/** An invoice number in :70: is remittance information, not the reference (UETR, else :20:). */
function remittance(input: RailInput): string {
  const { rng } = input;
  if (rng.chance(0.4)) return `/INV/${number(rng, 7)}`;
  return fill(rng.pick(BUSINESS_MEMOS.en), { date: input.date }).toUpperCase();
}

export const SWIFT_MT103_RAILS: readonly Rail[] = [swift('US'), swift('DE'), swift('GB')];
