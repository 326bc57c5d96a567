/**
 * India's UPI in the layouts HDFC, SBI and ICICI print ("UPI/CR/631245789012/PRIYA SHARMA/SBIN/
 * priya@oksbi/Rent Nov"). The RRN is the reference; the VPA and bank are party details.
 */
import { alnum, ifsc } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { spendOf } from '../party.ts';
import { indianBank, rrn, vpa } from './india-ids.ts';
import {
  categoryFor,
  eitherDirection,
  type Layout,
  layoutOf,
  memoFor,
  partyOf,
  printCounterparty,
  type Rail,
  renderLayout,
  rentShown,
  roundSome,
  truth,
} from './rail.ts';

const LAYOUTS: readonly Layout[] = [
  { template: 'UPI/{crdr}/{rrn}/{name}/{bank}/{vpa}/{note} INR {amt} {DD-MM-YYYY}', ref: ['rrn'] },
  { template: 'UPI-{name}-{vpa}-{ifsc}-{rrn}-{note} {amt}', ref: ['rrn'], sign: 'crdr' },
  { template: 'UPI/{rrn}/{note}/{vpa}/{bankName}/{txn} {DD/MM/YYYY} {amt}', ref: ['rrn'], sign: 'crdr' },
];

const BANK_NAMES: Readonly<Record<string, string>> = {
  SBIN: 'State Bank Of I',
  HDFC: 'HDFC BANK LTD',
  ICIC: 'ICICI Bank',
  UTIB: 'Axis Bank Ltd',
  KKBK: 'Kotak Mahindra',
  PUNB: 'Punjab National',
  YESB: 'Yes Bank Ltd',
  BARB: 'Bank of Baroda',
};
const MERCHANT_NOTES = ['UPI', 'Payment', 'Paid via app', 'Order payment'];
const market = MARKETS.IN;

export const UPI_RAILS: readonly Rail[] = [
  {
    rail: 'upi',
    id: 'upi/in',
    market,
    pool: { kinds: ['person', 'merchant'], countries: ['IN'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const person = party.kind === 'person';
      const direction = person ? eitherDirection(rng, 0.45) : 'DEBIT';
      const printed = printCounterparty(party, rng, { person: 'full' });
      const memo = person ? memoFor(input, market) : { text: rng.pick(MERCHANT_NOTES), rent: false };
      const cents = person ? roundSome(rng, spendOf(party, rng), 0.7) : spendOf(party, rng);
      const bank = indianBank(rng);
      const vars = {
        crdr: direction === 'CREDIT' ? 'CR' : 'DR',
        rrn: rrn(rng),
        name: printed.text,
        bank,
        vpa: vpa(rng, person ? party.name : party.id),
        note: memo.text,
        ifsc: ifsc(rng, bank),
        bankName: BANK_NAMES[bank] ?? bank,
        txn: `${bank.slice(0, 3)}${alnum(rng, 29)}`,
      };
      const layout = layoutOf(LAYOUTS, input.layout);
      const out = renderLayout(layout, vars, { input, market, cents, direction });
      return {
        narrative: out.narrative,
        fields: truth({
          date: out.date,
          cents,
          currency: market.currency,
          direction,
          counterparty: printed.counterparty,
          type: 'UPI',
          reference: out.reference,
          category: categoryFor(party, direction, rentShown(layout, memo)),
        }),
      };
    },
  },
];
