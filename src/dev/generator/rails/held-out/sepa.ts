/**
 * Held-out SEPA layouts. Credit transfers: DE `referenz-saldo` (Commerzbank-like: a DDMMYY date
 * first, the purpose in the middle, "Referenz:" for the end-to-end id, "EUR -45,00 Saldo EUR ..."),
 * ES `concepto-ref` (CaixaBank-like: "Concepto: ... Ref: ... F.Valor ... Importe ... Saldo ...")
 * and FR `motif-ref-point` (LCL-like: "LE 191126 MOTIF: ... REF. ... MONTANT ... SOLDE ...").
 * Direct debit: DE `verwendungszweck` (DKB-like export: ISO date, "Verwendungszweck:",
 * "Mandatsreferenz:", "Glaeubiger-ID:", "End-to-End-Ref.:"). The reference follows SEPA's
 * precedence among the printed ids (EREF unless NOTPROVIDED, then KREF, then MREF); the creditor
 * id and the IBAN never are one.
 */
import { stableDigits } from '../../ids.ts';
import { MARKETS, type Market } from '../../markets.ts';
import { printDescriptor, spendOf } from '../../party.ts';
import { fill } from '../../printing.ts';
import {
  categoryFor,
  eitherDirection,
  memoFor,
  partyOf,
  plantedMemo,
  printCounterparty,
  type Rail,
  type RailInput,
  renderLayout,
  rentShown,
  roundSome,
  truth,
} from '../rail.ts';
import { SEPA_REFERENCE_ORDER, sepaIds } from '../sepa-ids.ts';
import { balanceCents, heldOutRail, type NamedLayout, printedAmount } from './held-out-rail.ts';

type CreditCountry = 'DE' | 'ES' | 'FR';
type CreditLayout = NamedLayout & { words: { in: string; out: string } };
const ref = SEPA_REFERENCE_ORDER;

const CREDIT_LAYOUTS: Readonly<Record<CreditCountry, CreditLayout>> = {
  DE: {
    name: 'referenz-saldo',
    words: { in: 'GUTSCHRIFT', out: 'UEBERWEISUNG' },
    template: '{DDMMYY} {word} {name} {memo} Referenz: {eref} IBAN {iban} EUR {amt} Saldo EUR {bal}',
    ref,
    sign: 'minus',
  },
  ES: {
    name: 'concepto-ref',
    words: { in: 'TRANSF RECIBIDA DE', out: 'TRANSF EMITIDA A' },
    template: '{word} {name} Concepto: {memo} Ref: {eref} F.Valor {DD-MM-YYYY} Importe {amt} EUR Saldo {bal} EUR',
    ref,
    sign: 'minus',
  },
  FR: {
    name: 'motif-ref-point',
    words: { in: 'VIREMENT RECU DE', out: 'VIREMENT EMIS VERS' },
    template: '{word} {name} LE {DDMMYY} MOTIF: {memo} REF. {eref} MONTANT {amt} EUR SOLDE {bal} EUR',
    ref,
    sign: 'minus',
  },
};

function sepaCreditHeldOut(country: CreditCountry): Rail {
  const market = MARKETS[country];
  return heldOutRail({
    rail: 'sepa-credit',
    market,
    pool: { kinds: ['person', 'business'], countries: [country] },
    layouts: [CREDIT_LAYOUTS[country]],
    render: (input, layout) => renderCredit(input, { market, country, layout }),
  });
}

function renderCredit(input: RailInput, { market, country, layout }: { market: Market; country: CreditCountry; layout: CreditLayout }) {
  const { rng } = input;
  const party = partyOf(input);
  const direction = eitherDirection(rng);
  const printed = printCounterparty(party, rng, { person: rng.pick(['full', 'asWritten'] as const) });
  const memo = memoFor(input, market);
  const cents = party.kind === 'person' ? roundSome(rng, spendOf(party, rng)) : spendOf(party, rng);
  const balance = balanceCents(rng, market, cents);
  const vars = {
    ...sepaIds(rng, country, 0.25),
    word: direction === 'CREDIT' ? layout.words.in : layout.words.out,
    name: printed.text,
    bal: printedAmount(balance, layout, market),
    memo: plantedMemo(input, memo.text, { cents, others: [balance], counterparty: printed.counterparty }),
  };
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

const DEBIT_LAYOUT: NamedLayout = {
  name: 'verwendungszweck',
  template:
    'Lastschrift {YYYY-MM-DD} {desc} Verwendungszweck: {memo} Mandatsreferenz: {mref} Glaeubiger-ID: {cred} End-to-End-Ref.: {eref} {amt} EUR',
  ref,
  sign: 'minus',
};
/** A customer number in the purpose is the payer's id with the biller: a party id, never the reference. */
const BILL_MEMOS = ['Rechnung {MM/YYYY}', 'Abschlag {MM/YYYY}', 'Beitrag {MON} {YYYY}', 'Kundennummer {kd} Rechnung {MM/YYYY}'];
const de = MARKETS.DE;

const SEPA_DIRECT_DEBIT_DE_HELD_OUT: Rail = heldOutRail({
  rail: 'sepa-direct-debit',
  market: de,
  pool: { kinds: ['biller'], countries: ['DE'] },
  layouts: [DEBIT_LAYOUT],
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const printed = printDescriptor(party, rng);
    const cents = spendOf(party, rng);
    const ids = sepaIds(rng, 'DE', 0.3);
    const kd = stableDigits(`${party.id}/customer`, 8);
    const memo = fill(rng.pick(BILL_MEMOS), { vars: { kd }, date: input.date, months: de.months });
    const vars = { ...ids, desc: printed.text, memo: plantedMemo(input, memo, { cents, others: [], counterparty: printed.counterparty }) };
    const out = renderLayout(layout, vars, { input, market: de, cents, direction: 'DEBIT' });
    return {
      narrative: out.narrative,
      fields: truth({
        date: out.date,
        cents,
        currency: de.currency,
        direction: 'DEBIT',
        counterparty: printed.counterparty,
        type: 'DIRECT_DEBIT',
        reference: out.reference,
        category: party.category,
      }),
    };
  },
});

export const SEPA_HELD_OUT: readonly Rail[] = [
  sepaCreditHeldOut('DE'),
  sepaCreditHeldOut('ES'),
  sepaCreditHeldOut('FR'),
  SEPA_DIRECT_DEBIT_DE_HELD_OUT,
];
