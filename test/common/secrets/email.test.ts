import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecretsIn } from '#src/common/secrets/find-secrets.ts';
import { IN_IDENTIFIERS, IN_NARRATIVES } from '#src/common/secrets/policy.ts';

const masked = (text: string) => maskSecretsIn(text, IN_NARRATIVES).masked;

test('e-mail addresses need a dotted domain; local part and domain in any script', () => {
  const cases: [string, string][] = [
    ['PAYPAL *JOHN.DOE@GMAIL.COM 11/02 12.00', 'PAYPAL *[EMAIL] 11/02 12.00'],
    ['ZELLE TO maria.lopez@empresa.es CONF 123', 'ZELLE TO [EMAIL] CONF 123'],
    ['INVOICE a+b_c@mail.example.co.uk.', 'INVOICE [EMAIL].'],
    ['PAID \u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a 12.00', 'PAID [EMAIL] 12.00'],
    ['INVOICE jos\u00e9@ex\u00e4mple.de', 'INVOICE [EMAIL]'],
    ['REFUND m\u00fcller@b\u00fccher.example.com 5,00', 'REFUND [EMAIL] 5,00'],
    ['TO \u043f\u0440\u0438\u043c\u0435\u0440@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444', 'TO [EMAIL]'],
    // Devanagari vowel signs are marks, in the local part, the domain and the top-level domain.
    [
      'TO \u0909\u092a\u092f\u094b\u0917\u0915\u0930\u094d\u0924\u093e@\u0909\u0926\u093e\u0939\u0930\u0923.\u092d\u093e\u0930\u0924',
      'TO [EMAIL]',
    ],
    ['TO \u7528\u6237@\u4f8b\u5b50\u3002\u5e7f\u544a', 'TO [EMAIL]'],
    ['TO user@xn--bcher-kva.xn--p1ai', 'TO [EMAIL]'],
    // A local part opening with a mark it may hold.
    ['PAYPAL *+JOHN@GMAIL.COM', 'PAYPAL *[EMAIL]'],
    ['TO _info@example.com', 'TO [EMAIL]'],
    ['REF:-john@x.com', 'REF:[EMAIL]'],
  ];
  for (const [input, expected] of cases) assert.equal(masked(input), expected, input);
  assert.deepEqual(maskSecretsIn('x@y.io', IN_NARRATIVES).secrets, ['EMAIL']);
  assert.deepEqual(maskSecretsIn('statement-for-jane.doe@example.com', IN_IDENTIFIERS).secrets, ['EMAIL']);
});

test('UPI VPAs are payment handles and stay, as does an @ between words', () => {
  for (const input of [
    'UPI/CR/631245789012/PRIYA SHARMA/SBIN/priya@oksbi/Rent Nov',
    'UPI-9876543210@ybl-PAYMENT',
    'UPI merchant.name@okhdfcbank 250.00',
    'AWS.AMAZON.CO WA @ HOME',
  ]) {
    assert.equal(masked(input), input);
  }
});
