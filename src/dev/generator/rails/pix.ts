/**
 * Brazil's PIX ("PIX RECEBIDO 05/11/2026 R$ 1.250,00 JOAO SILVA E2E E1823..."). The end-to-end id
 * (E + payer ISPB + YYYYMMDDHHmm + 11 characters, 32 in all) is the reference when printed; the
 * masked CPF is a party id.
 */
import { lowerAlnum, stableDigits } from '../ids.ts';
import { MARKETS } from '../markets.ts';
import { spendOf } from '../party.ts';
import { printDate } from '../printing.ts';
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
  { template: 'PIX {dir} {DD/MM/YYYY} R$ {amt} {name} E2E {e2e}', ref: ['e2e'] },
  { template: 'TRANSF {dirf} PIX - {name} - {cpf} - {bank} {DD/MM} {amt}', sign: 'minus' },
  { template: 'PIX {dir} {name} {memo} ID {e2e} {DD/MM/YYYY} {amt}', ref: ['e2e'], sign: 'plusMinus' },
];

const BANKS = ['NU PAGAMENTOS - IP', 'ITAU UNIBANCO S.A.', 'BCO BRADESCO S.A.', 'CAIXA ECONOMICA FEDERAL', 'BCO DO BRASIL S.A.'];
const ISPBS = ['18236120', '60701190', '60746948', '00360305', '00000000'];
const market = MARKETS.BR;

export const PIX_RAILS: readonly Rail[] = [
  {
    rail: 'pix',
    id: 'pix/br',
    market,
    pool: { kinds: ['person', 'merchant'], countries: ['BR'] },
    layouts: LAYOUTS.length,
    render(input) {
      const { rng } = input;
      const party = partyOf(input);
      const person = party.kind === 'person';
      const direction = person ? eitherDirection(rng, 0.5) : 'DEBIT';
      const printed = printCounterparty(party, rng, { person: 'full' });
      const memo = person ? memoFor(input, market) : { text: 'PAGAMENTO', rent: false };
      const cents = person ? roundSome(rng, spendOf(party, rng)) : spendOf(party, rng);
      const minute = `${String(rng.int(0, 23)).padStart(2, '0')}${String(rng.int(0, 59)).padStart(2, '0')}`;
      const vars = {
        dir: direction === 'CREDIT' ? 'RECEBIDO' : 'ENVIADO',
        dirf: direction === 'CREDIT' ? 'RECEBIDA' : 'ENVIADA',
        name: printed.text,
        e2e: `E${rng.pick(ISPBS)}${printDate(input.date, 'YYYYMMDD')}${minute}${lowerAlnum(rng, 11)}`,
        cpf: `***.${stableDigits(party.id, 3)}.${stableDigits(`${party.id}/2`, 3)}-**`,
        bank: rng.pick(BANKS),
        memo: memo.text.toUpperCase(),
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
          type: 'PIX',
          reference: out.reference,
          category: categoryFor(party, direction, rentShown(layout, memo)),
        }),
      };
    },
  },
];
