/**
 * US ACH entries: consumer debits from billers (PPD), business payments in and out (CCD). The
 * company name field is 16 characters wide. The trace number is the reference; the company id
 * (PPD ID, ORIG ID) is a party id and never one. The effective entry date is the transaction date,
 * not the company's descriptive date.
 */
import { achTrace, digits, stableDigits } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { printDate } from '../printing.ts';
import { addDays } from '../random.ts';
import { categoryFor, type Layout, layoutOf, partyOf, type Rail, renderLayout, truth } from './rail.ts';

const LAYOUTS: readonly Layout[] = [
  { template: 'ACH {dir} {sec} ID: {coid} {co} {entry} EFF DATE {YYMMDD} TRACE {trace} AMT {amt}', ref: ['trace'] },
  {
    template:
      'ORIG CO NAME:{co} ORIG ID:{coid} DESC DATE:{descdate} CO ENTRY DESCR:{entry} SEC:{sec} TRACE#:{trace} EED:{YYMMDD} IND ID:{indid} IND NAME:{holder} {amt}',
    ref: ['trace'],
    sign: 'plusMinus',
  },
  { template: '{co} {entry} {sec} {coid} {MM/DD} TRACE#{trace} {amt}', ref: ['trace'], sign: 'minus' },
];

const BILLER_ENTRIES = ['PAYMENT', 'AUTOPAY', 'BILL PAY', 'WEB PMT', 'ONLINE PMT'];
const BUSINESS_ENTRIES = ['PAYMENT', 'INV PMT', 'VENDOR PMT', 'EDI PYMNTS'];
/** The account holders of the generated accounts, printed as the ACH "individual". */
const HOLDERS = ['JANE DOE', 'ROBERT KING', 'MARIA GONZALEZ', 'KEVIN NGUYEN'];

const market = MARKETS.US;

export const ACH_RAILS: readonly Rail[] = [
  {
    rail: 'ach',
    id: 'ach/us',
    market,
    pool: { kinds: ['biller', 'business'], countries: ['US'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const direction = party.kind === 'business' && rng.chance(0.6) ? 'CREDIT' : 'DEBIT';
      const printed = printDescriptor(party, rng, 16);
      const cents = spendOf(party, rng);
      const entries = party.kind === 'business' ? BUSINESS_ENTRIES : BILLER_ENTRIES;
      const vars = {
        dir: direction,
        sec: party.kind === 'business' ? 'CCD' : 'PPD',
        co: printed.text,
        coid: stableDigits(`${party.id}/coid`, 10),
        entry: entries[Number(stableDigits(party.id, 2)) % entries.length]!,
        trace: achTrace(rng, party.id),
        descdate: printDate(addDays(input.date, -rng.int(1, 6)), 'MMDDYY'),
        indid: digits(rng, 9),
        holder: rng.pick(HOLDERS),
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
          type: 'ACH',
          reference: out.reference,
          category: categoryFor(party, direction),
        }),
      };
    },
  },
];
