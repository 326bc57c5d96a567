/**
 * Dutch iDEAL payments (online checkout by bank transfer). Often the payee is the payment
 * service provider (Mollie, Adyen, Buckaroo) and the shop appears only in the remittance text:
 * the counterparty is the shop, never the provider.
 */
import { BICS, digits, iban, number } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { type Layout, layoutOf, partyOf, type Rail, renderLayout, truth } from './rail.ts';

const PROVIDERS = ['STG MOLLIE PAYMENTS', 'ADYEN BV', 'STICHTING BUCKAROO', 'STG CUSTODIAN PAY.NL'] as const;

const LAYOUTS: readonly Layout[] = [
  {
    template: '/TRTP/iDEAL/IBAN/{iban}/BIC/{bic}/NAME/{payee}/REMI/{order} {desc}/EREF/{eref} {DD-MM-YYYY} {amt}',
    ref: ['eref'],
    sign: 'minus',
  },
  { template: 'iDEAL {payee} {order} {desc} IBAN: {iban} KENMERK: {eref} {DD-MM-YYYY} {time} {amt} Af', ref: ['eref'] },
];

const market = MARKETS.NL;

export const IDEAL_RAILS: readonly Rail[] = [
  {
    rail: 'ideal',
    id: 'ideal/nl',
    market,
    pool: { kinds: ['merchant'], countries: ['NL', 'GLOBAL'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const printed = printDescriptor(party, rng);
      const cents = spendOf(party, rng);
      const payee = rng.chance(0.4) ? rng.pick(PROVIDERS) : printed.text;
      const vars = {
        payee,
        desc: printed.text,
        order: number(rng, 10),
        eref: `0050${digits(rng, 12)}`,
        iban: iban(rng, 'NL'),
        bic: rng.pick(BICS.NL!),
        time: `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
      };
      const out = renderLayout(layoutOf(LAYOUTS, input.layout), vars, { input, market, cents, direction: 'DEBIT' });
      return {
        narrative: out.narrative,
        // iDEAL settles as a SEPA credit transfer; its end-to-end id (the kenmerk) is the reference.
        fields: truth({
          date: out.date,
          cents,
          currency: market.currency,
          direction: 'DEBIT',
          counterparty: printed.counterparty,
          type: 'SEPA',
          reference: out.reference,
          category: party.category,
        }),
      };
    },
  },
];
