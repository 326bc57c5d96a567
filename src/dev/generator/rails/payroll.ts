/**
 * Salary credits in each market — ACH direct deposit, BACS giro credit (BGC), SEPA "LOHN/GEHALT",
 * "VIR SEPA RECU ... SALAIRE", NEFT salary. PAYROLL outranks the rail they travel on.
 */
import { achTrace, alnum, BICS, INDIAN_BANKS, iban, ifsc, number, stableDigits } from '../ids.ts';
import { type Country, MARKETS, type Market } from '../markets.ts';
import { printDescriptor, spendOf } from '../party.ts';
import { neftUtr } from './india-ids.ts';
import { type Layout, layoutOf, partyOf, type Rail, type RailInput, renderLayout, truth } from './rail.ts';

const LAYOUTS: Readonly<Record<Country, readonly Layout[]>> = {
  US: [
    { template: 'PAYROLL {emp} DIR DEP {MMDDYY} {amt}', sign: 'crdr' },
    { template: 'ACH CREDIT {emp} PAYROLL PPD ID: {coid} EFF DATE {YYMMDD} TRACE {trace} {amt}', ref: ['trace'] },
    { template: 'DIRECT DEP {emp} SALARY {MM/DD} {amt}', sign: 'plusMinus' },
  ],
  GB: [{ template: 'BGC {emp} SALARY {amt} CR {DD/MM/YYYY}' }, { template: 'BANK GIRO CREDIT REF {emp} WAGES {DDMONYY} {amt}' }],
  DE: [
    { template: 'LOHN/GEHALT {emp} EREF+{eref} IBAN+{iban} BIC+{bic} SVWZ+Gehalt {MON} {YYYY} {DD.MM.YYYY} {amt} EUR', ref: ['eref'] },
    { template: 'GUTSCHRIFT LOHN {emp} SVWZ+LOHN GEHALT {MM/YYYY} {DD.MM.} {amt}' },
  ],
  FR: [
    { template: 'VIR SEPA RECU /DE {emp} /MOTIF SALAIRE {MON} /REF {eref} {DD/MM} {amt}', ref: ['eref'] },
    { template: 'VIREMENT SALAIRE {emp} {DD/MM/YYYY} {amt}', sign: 'plusMinus' },
  ],
  ES: [
    { template: 'ABONO NOMINA {emp} {DD/MM/YYYY} {amt} EUR' },
    { template: 'TRANSFERENCIA NOMINA DE {emp} {DD MON YYYY} {amt}', sign: 'plusMinus' },
  ],
  NL: [
    { template: 'SALARIS {emp} {MON} {YYYY} KENMERK: {eref} {DD-MM-YYYY} {amt} Bij', ref: ['eref'] },
    {
      template: '/TRTP/SEPA OVERBOEKING/NAME/{emp}/REMI/SALARIS {MM/YYYY}/EREF/{eref} {DD-MM-YYYY} {amt}',
      ref: ['eref'],
      sign: 'plusMinus',
    },
  ],
  IN: [
    { template: 'NEFT CR-{ifsc}-{emp}-SALARY {MON} {YYYY}-{utr} INR {amt} {DD/MM/YYYY}', ref: ['utr'] },
    { template: 'SALARY CREDIT {emp} {DD-MM-YYYY} {amt} CR' },
  ],
  BR: [{ template: 'CREDITO SALARIO {emp} {DD/MM/YYYY} R$ {amt}' }, { template: 'PAGTO SALARIO {emp} {DD/MM} {amt} C' }],
  CA: [{ template: 'PAYROLL DEP {emp} {YYYY-MM-DD} {amt}' }, { template: 'DIRECT DEPOSIT PAY {emp} {MON} {DD} {amt}', sign: 'plusMinus' }],
};

function payroll(country: Country): Rail {
  const market = MARKETS[country];
  return {
    rail: 'payroll',
    id: `payroll/${country.toLowerCase()}`,
    market,
    pool: { kinds: ['employer'], countries: [country] },
    layouts: LAYOUTS[country].length,
    render: (input) => renderPayroll(input, { market, layout: layoutOf(LAYOUTS[country], input.layout) }),
  };
}

function renderPayroll(input: RailInput, { market, layout }: { market: Market; layout: Layout }) {
  const { rng } = input;
  const party = partyOf(input);
  const printed = printDescriptor(party, rng, 22);
  const cents = spendOf(party, rng);
  const bank = rng.pick(INDIAN_BANKS);
  const vars = {
    emp: printed.text,
    coid: stableDigits(`${party.id}/coid`, 10),
    trace: achTrace(rng, party.id),
    eref: rng.chance(0.2) ? 'NOTPROVIDED' : `SAL${number(rng, 10)}`,
    iban: iban(rng, market.country),
    bic: rng.pick(BICS[market.country] ?? BICS.DE!),
    ifsc: ifsc(rng, bank),
    utr: neftUtr(rng, bank),
    ref: alnum(rng, 10),
  };
  const out = renderLayout(layout, vars, { input, market, cents, direction: 'CREDIT' });
  return {
    narrative: out.narrative,
    fields: truth({
      date: out.date,
      cents,
      currency: market.currency,
      direction: 'CREDIT',
      counterparty: printed.counterparty,
      type: 'PAYROLL',
      reference: out.reference,
      category: 'INCOME',
    }),
  };
}

export const PAYROLL_RAILS: readonly Rail[] = (['US', 'GB', 'DE', 'FR', 'ES', 'NL', 'IN', 'BR', 'CA'] as const).map(payroll);
