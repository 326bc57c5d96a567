/**
 * Fedwire funds transfers: incoming "B/O" (by order of) or outgoing "BNF" (beneficiary), the
 * value date, and the IMAD — the reference, even where an OMAD or the bank's own TRN is printed.
 */
import { alnum, digits, stableDigits } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { printDate } from '../printing.ts';
import { categoryFor, eitherDirection, type Layout, layoutOf, partyOf, type Rail, renderLayout, truth } from './rail.ts';

const LAYOUTS: readonly Layout[] = [
  { template: 'FEDWIRE {dir} VIA: {bank} IMAD: {imad} {role}: {name} AMT {amt} VAL {MM/DD/YYYY}', ref: ['imad'] },
  {
    template:
      'WIRE TYPE:WIRE {inout} DATE:{YYMMDD} TIME:{time} ET TRN:{trn} SEQ:{seq} {party}:{name} ID:{acct} SND BK:{bank} ID:{aba} IMAD:{imad} {amt}',
    ref: ['imad'],
    sign: 'plusMinus',
  },
  { template: '{MM/DD} {wordy} {name} IMAD {imad} OMAD {omad} {amt}', ref: ['imad'], sign: 'minus' },
];

const BANKS = ['JPMORGAN CHASE BANK', 'BANK OF AMERICA N.A.', 'WELLS FARGO BANK', 'CITIBANK N.A.', 'U.S. BANK N.A.'];
const market = MARKETS.US;

export const FEDWIRE_RAILS: readonly Rail[] = [
  {
    rail: 'fedwire',
    id: 'fedwire/us',
    market,
    pool: { kinds: ['business'], countries: ['US'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const direction = eitherDirection(rng, 0.55);
      const credit = direction === 'CREDIT';
      const printed = printDescriptor(party, rng);
      const cents = spendOf(party, rng);
      const day = printDate(input.date, 'YYYYMMDD');
      const vars = {
        dir: credit ? 'CREDIT' : 'DEBIT',
        role: credit ? 'B/O' : 'BNF',
        inout: credit ? 'IN' : 'OUT',
        party: credit ? 'ORIG' : 'BNF',
        wordy: credit ? 'INCOMING WIRE TRANSFER FROM' : 'OUTGOING WIRE TRANSFER TO',
        name: printed.text,
        bank: rng.pick(BANKS),
        imad: `${day}${rng.pick(['MMQFMP', 'QMGFNP', 'B1QGC0'])}${alnum(rng, 2)}${digits(rng, 6)}`,
        omad: `${day}${rng.pick(['QMGFT0', 'B1Q815'])}${alnum(rng, 2)}${digits(rng, 6)}${digits(rng, 6)}`,
        trn: `${digits(rng, 10)}ES`,
        seq: `${digits(rng, 6)}/${digits(rng, 6)}`,
        acct: stableDigits(`${party.id}/acct`, 10),
        aba: stableDigits(`${party.id}/aba`, 9),
        time: `${String(rng.int(8, 17)).padStart(2, '0')}${String(rng.int(0, 59)).padStart(2, '0')}`,
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
    },
  },
];
