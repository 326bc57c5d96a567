/**
 * Held-out person-to-person layouts. Spain's Bizum `concepto-first` (Santander-like: a DDMMYY date,
 * the payer's "CONCEPTO" before the direction and the name; no reference) and Brazil's PIX
 * `valor-tarifa-saldo` (Itaú-like: "Pix enviado 19/11 ... Descricao: ... Valor R$ 150,00 Tarifa
 * R$ 0,00 ID <end-to-end id> Saldo R$ 2.310,55"). The PIX end-to-end id is the reference.
 */
import { lowerAlnum } from '../../ids.ts';
import { MARKETS } from '../../markets.ts';
import { spendOf } from '../../party.ts';
import { printDate } from '../../printing.ts';
import {
  categoryFor,
  eitherDirection,
  memoFor,
  partyOf,
  plantedMemo,
  printCounterparty,
  type Rail,
  renderLayout,
  rentShown,
  roundSome,
  truth,
} from '../rail.ts';
import { balanceCents, heldOutRail, type NamedLayout, printedAmount } from './held-out-rail.ts';

const es = MARKETS.ES;

const BIZUM_HELD_OUT: Rail = heldOutRail({
  rail: 'bizum',
  market: es,
  pool: { kinds: ['person'], countries: ['ES'] },
  layouts: [{ name: 'concepto-first', template: '{DDMMYY} BIZUM CONCEPTO {memo} {dir} {name} {amt} EUR', sign: 'minus' }],
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const direction = eitherDirection(rng, 0.5);
    const printed = printCounterparty(party, rng, { person: 'full' });
    const memo = memoFor(input, es);
    const cents = roundSome(rng, Math.min(spendOf(party, rng), 1000_00), 0.6);
    const vars = {
      dir: direction === 'CREDIT' ? 'RECIBIDO DE' : 'ENVIADO A',
      name: printed.text,
      memo: plantedMemo(input, memo.text.toUpperCase(), { cents, others: [], counterparty: printed.counterparty }),
    };
    const out = renderLayout(layout, vars, { input, market: es, cents, direction });
    return {
      narrative: out.narrative,
      fields: truth({
        date: out.date,
        cents,
        currency: es.currency,
        direction,
        counterparty: printed.counterparty,
        type: 'TRANSFER',
        reference: null,
        category: categoryFor(party, direction, rentShown(layout, memo)),
      }),
    };
  },
});

const br = MARKETS.BR;
const ISPBS = ['18236120', '60701190', '60746948', '00360305', '00000000'];
const PIX_LAYOUT: NamedLayout = {
  name: 'valor-tarifa-saldo',
  template: 'Pix {dir} {DD/MM} {name} Descricao: {memo} Valor R$ {amt} Tarifa R$ {fee} ID {e2e} Saldo R$ {bal}',
  ref: ['e2e'],
};

const PIX_HELD_OUT: Rail = heldOutRail({
  rail: 'pix',
  market: br,
  pool: { kinds: ['person', 'merchant'], countries: ['BR'] },
  layouts: [PIX_LAYOUT],
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const person = party.kind === 'person';
    const direction = person ? eitherDirection(rng, 0.5) : 'DEBIT';
    const printed = printCounterparty(party, rng, { person: 'full' });
    const memo = person ? memoFor(input, br) : { text: 'PAGAMENTO', rent: false };
    const cents = person ? roundSome(rng, spendOf(party, rng)) : spendOf(party, rng);
    const balance = balanceCents(rng, br, cents);
    const minute = `${String(rng.int(0, 23)).padStart(2, '0')}${String(rng.int(0, 59)).padStart(2, '0')}`;
    const vars = {
      dir: direction === 'CREDIT' ? 'recebido' : 'enviado',
      name: printed.text,
      fee: printedAmount(0, layout, br),
      e2e: `E${rng.pick(ISPBS)}${printDate(input.date, 'YYYYMMDD')}${minute}${lowerAlnum(rng, 11)}`,
      bal: printedAmount(balance, layout, br),
      memo: plantedMemo(input, memo.text, { cents, others: [balance], counterparty: printed.counterparty }),
    };
    const out = renderLayout(layout, vars, { input, market: br, cents, direction });
    return {
      narrative: out.narrative,
      fields: truth({
        date: out.date,
        cents,
        currency: br.currency,
        direction,
        counterparty: printed.counterparty,
        type: 'PIX',
        reference: out.reference,
        category: categoryFor(party, direction, rentShown(layout, memo)),
      }),
    };
  },
});

export const P2P_HELD_OUT: readonly Rail[] = [BIZUM_HELD_OUT, PIX_HELD_OUT];
