import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecretsIn } from '#src/common/secrets/find-secrets.ts';
import { ibanChecksumValid } from '#src/common/secrets/iban.ts';
import { IN_DEAD_LETTERS, IN_IDENTIFIERS, IN_NARRATIVES, type SecretPolicy } from '#src/common/secrets/policy.ts';

const masks = (policy: SecretPolicy, cases: [string, string][]) => {
  for (const [input, expected] of cases) assert.equal(maskSecretsIn(input, policy).masked, expected, input);
};
const keeps = (policy: SecretPolicy, inputs: string[]) => {
  for (const input of inputs) assert.deepEqual(maskSecretsIn(input, policy), { masked: input, secrets: [] }, input);
};

test('mod-97 check over the compact IBAN', () => {
  assert.ok(ibanChecksumValid('DE89370400440532013000'));
  assert.equal(ibanChecksumValid('DE89370400440532013001'), false);
});

test('read strictly: a known country, its exact length, the check; compact or in equal groups, any case, any digits', () => {
  masks(IN_NARRATIVES, [
    ['UEBERWEISUNG IBAN DE89370400440532013000 BIC COBADEFFXXX', 'UEBERWEISUNG IBAN [IBAN] BIC COBADEFFXXX'],
    ['IBAN: DE89 3704 0044 0532 0130 00 BETRAG 12,00 EUR', 'IBAN: [IBAN] BETRAG 12,00 EUR'],
    ['VIREMENT FR14 2004 1010 0505 0001 3M02 606 LOYER', 'VIREMENT [IBAN] LOYER'],
    ['VIREMENT fr14 2004 1010 0505 0001 3m02 606 LOYER', 'VIREMENT [IBAN] LOYER'],
    ['TRANSFERENCIA ES9121000418450200051332 ALQUILER', 'TRANSFERENCIA [IBAN] ALQUILER'],
    ['TRF PT50000201231234567890154', 'TRF [IBAN]'],
    ['PIX BR1800360305000010009795493C1', 'PIX [IBAN]'],
    ['GIRO NL91ABNA0417164300/GB29 NWBK 6016 1331 9268 19', 'GIRO [IBAN]/[IBAN]'],
    // The spaced candidate runs into "SEPA"; the country length cuts it at the group boundary.
    ['BE68 5390 0754 7034 SEPA', '[IBAN] SEPA'],
    ['IBAN+CH9300762011623852957 SVWZ+x', 'IBAN+[IBAN] SVWZ+x'],
    ['iban de89 3704 0044 0532 0130 00 miete', 'iban [IBAN] miete'],
    ['IBAN De89370400440532013000 BIC', 'IBAN [IBAN] BIC'],
    ['IBAN dE89 3704 0044 0532 0130 00', 'IBAN [IBAN]'],
    ['TO DE89-3704-0044-0532-0130-00 RENT', 'TO [IBAN] RENT'],
    ['IBAN DE\u0668\u0669 \u0663\u0667\u0660\u0664 0044 0532 0130 00', 'IBAN [IBAN]'],
    // Glued to its label before, or to a word after.
    ['IBANDE89370400440532013000 BIC COBADEFFXXX', 'IBAN[IBAN] BIC COBADEFFXXX'],
    ['ibanGB29NWBK60161331926819', 'iban[IBAN]'],
    ['IBAN: DE89370400440532013000BIC: COBADEFFXXX', 'IBAN: [IBAN]BIC: COBADEFFXXX'],
  ]);
  assert.deepEqual(maskSecretsIn('IBAN DE89370400440532013000', IN_NARRATIVES).secrets, ['IBAN']);
});

test('read strictly, what only looks like an IBAN is kept', () => {
  keeps(IN_NARRATIVES, [
    'IBAN DE89370400440532013001 WRONG CHECK DIGITS',
    'iban de89 3704 0044 0532 0130 01',
    'CRED+DE98ZZZ09999999999 SEPA CREDITOR ID',
    'XX89370400440532013000 UNKNOWN COUNTRY',
    'DE8937040044053201300 TOO SHORT FOR DE',
    // A longer number.
    'IBAN DE89 3704 0044 0532 0130 0012',
    // A creditor id running on into a word passes mod-97 but is not grouped like an IBAN.
    'CRED+DE44ZZZ07487052914 SVWZ+Telekom Deutschland GmbH',
    'IBAN DE89 370400440532013000',
  ]);
  assert.ok(ibanChecksumValid('DE44ZZZ07487052914SVWZ'));
});

test('read broadly: groups of any width', () => {
  for (const policy of [IN_IDENTIFIERS, IN_DEAD_LETTERS]) {
    masks(policy, [
      ['IBAN DE89 370400440532013000', 'IBAN [IBAN]'],
      ['acct gb82 west 1234 5698 7654 32', 'acct [IBAN]'],
      ['CRED+DE44ZZZ07487052914 SVWZ+x', 'CRED+[IBAN]+x'],
    ]);
    keeps(policy, ['DE89370400440532013001', 'DE98ZZZ09999999999']);
  }
});

test('unglued, as identifiers are read: an IBAN touching a letter is not one, though a dead letter masks it', () => {
  for (const glued of ['IBANDE89370400440532013000', 'DE89370400440532013000BIC', 'x-DE89370400440532013000abc']) {
    assert.deepEqual(maskSecretsIn(glued, IN_IDENTIFIERS).secrets, [], glued);
    assert.deepEqual(maskSecretsIn(glued, IN_DEAD_LETTERS).secrets, ['IBAN'], glued);
  }
});
