/**
 * Held-out SWIFT MT103 layouts of a UK bank. `tags-charges`: the tags flattened in another order —
 * parties and remittance first, then :20:, :33B:, the charges (:71A:, and :71F: for what the
 * intermediaries deducted from money coming in) and :32A: last. `gpi-advice`: a gpi tracker
 * advice in words, one field a line, the remittance text before the amounts ("Instructed",
 * "Charges", "Settled"). On money in with deducted charges the instructed amount is the settled
 * amount plus the charges; the amount that moved is always the settled (:32A:) one. The reference
 * is the UETR when printed, else :20:.
 */
import { alnum, iban, number, uuid } from '../../ids.ts';
import { MARKETS } from '../../markets.ts';
import { BUSINESS_MEMOS } from '../../memos.ts';
import { printDescriptor, spendOf } from '../../party.ts';
import { AMOUNT_STYLES, fill } from '../../printing.ts';
import { categoryFor, eitherDirection, partyOf, plantedMemo, type Rail, renderLayout, truth } from '../rail.ts';
import { heldOutRail, type NamedLayout, printedAmount } from './held-out-rail.ts';

const LAYOUTS: readonly NamedLayout[] = [
  {
    name: 'tags-charges',
    amount: AMOUNT_STYLES.euPlain,
    ref: ['uetr', 'ref20'],
    template:
      'MT103/{inout} :50K:/{payerAcct} {payerName} :59:/{payeeAcct} {payeeName} :70:{memo} :20:{ref20} :33B:{ccy}{instructed} :71A:{charges}{f71} :32A:{YYMMDD}{ccy}{amt}',
  },
  {
    name: 'gpi-advice',
    ref: ['uetr', 'ref20'],
    template:
      'gpi {inout} PAYMENT\nUETR: {uetr}\nValue date: {DD MON YYYY}\nOrdering customer: {payerName}\nBeneficiary: {payeeName}\nRemittance info: {memo}\nInstructed: {ccy} {instructed}\nCharges: {chargesLine}\nSettled: {ccy} {amt}',
  },
];

const HOLDER = { name: 'ORBIT LOGISTICS LTD', acct: 'GB' };
const market = MARKETS.GB;

export const SWIFT_MT103_HELD_OUT: Rail = heldOutRail({
  rail: 'swift-mt103',
  market,
  pool: { kinds: ['business'], countries: ['US', 'GB', 'DE', 'FR', 'ES', 'NL', 'IN', 'BR', 'CA'] },
  layouts: LAYOUTS,
  render(input, layout) {
    const { rng } = input;
    const party = partyOf(input);
    const direction = eitherDirection(rng, 0.55);
    const credit = direction === 'CREDIT';
    const printed = printDescriptor(party, rng);
    const cents = spendOf(party, rng);
    // Charges are deducted on the way in (SHA or BEN); a payment out is sent OUR, whole.
    const charges = credit ? rng.pick(['SHA', 'BEN']) : 'OUR';
    const feeCents = credit ? rng.pick([8_00, 12_50, 15_00, 20_00, 25_00]) : 0;
    const instructedCents = cents + feeCents;
    const them = {
      name: printed.text,
      acct: ['DE', 'FR', 'ES', 'NL', 'GB'].includes(party.country) ? iban(rng, party.country) : number(rng, 12),
    };
    const us = { name: HOLDER.name, acct: iban(rng, HOLDER.acct) };
    const [payer, payee] = credit ? [them, us] : [us, them];
    const fee = printedAmount(feeCents, layout, market);
    const memo = rng.chance(0.4) ? `/INV/${number(rng, 7)}` : fill(rng.pick(BUSINESS_MEMOS.en), { date: input.date }).toUpperCase();
    const vars = {
      inout: credit ? 'INCOMING' : 'OUTGOING',
      payerAcct: payer.acct,
      payerName: payer.name,
      payeeAcct: payee.acct,
      payeeName: payee.name,
      ref20: `${rng.pick(['FT', 'TRF', ''])}${alnum(rng, 12)}`,
      uetr: uuid(rng),
      ccy: market.currency,
      instructed: printedAmount(instructedCents, layout, market),
      charges,
      f71: feeCents > 0 ? ` :71F:${market.currency}${fee}` : '',
      chargesLine: feeCents > 0 ? `${charges} ${market.currency} ${fee} deducted` : charges,
      memo: plantedMemo(input, memo, {
        cents,
        others: feeCents > 0 ? [instructedCents, feeCents] : [],
        counterparty: printed.counterparty,
      }),
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
        type: 'WIRE',
        reference: out.reference,
        category: categoryFor(party, direction),
      }),
    };
  },
});
