import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecrets } from '#src/prepare/mask-secrets.ts';
import { normalise } from '#src/prepare/normalise.ts';

/** What prepare() does before masking: invisible characters out, NFKC, white space collapsed. */
const maskedAfterNormalising = (text: string) => maskSecrets(normalise(text)).masked;

test('invisible characters and compatibility forms hide no secret once the narrative is normalised', () => {
  const cases: [string, string][] = [
    ['CARD 4111\u200b1111\u200b1111\u200b1111 ZERO WIDTH', 'CARD [CARD] ZERO WIDTH'],
    ['CARD 41\u200c11 11\u200d11 1111 \u2060111\ufeff1 JOINERS', 'CARD [CARD] JOINERS'],
    ['CARD \u202e4111 1111 1111 1111\u202c BIDI', 'CARD [CARD] BIDI'],
    ['CARD 4111\u00ad1111\u00ad1111\u00ad1111 SOFT HYPHENS', 'CARD [CARD] SOFT HYPHENS'],
    ['CARD 4111\u00a01111\u202f1111\u20091111 NO-BREAK SPACES', 'CARD [CARD] NO-BREAK SPACES'],
    [
      'CARD \uff14\uff11\uff11\uff11\uff0d\uff11\uff11\uff11\uff11\uff0d\uff11\uff11\uff11\uff11\uff0d\uff11\uff11\uff11\uff11',
      'CARD [CARD]',
    ],
    [
      'IBAN \uff24\uff25\uff18\uff19\uff13\uff17\uff10\uff14\uff10\uff10\uff14\uff14\uff10\uff15\uff13\uff12\uff10\uff11\uff13\uff10\uff10\uff10',
      'IBAN [IBAN]',
    ],
    ['IBAN DE89\u200b3704\u200b0044\u200b0532\u200b0130\u200b00', 'IBAN [IBAN]'],
    ['TO JOHN\uff20EXAMPLE\uff0eCOM', 'TO [EMAIL]'],
    ['TO john\u200b@\u200bexample.com', 'TO [EMAIL]'],
  ];
  for (const [input, expected] of cases) assert.equal(maskedAfterNormalising(input), expected, JSON.stringify(input));
});

test('a narrative is read strictly: a value after a SEPA id tag and ids glued at other lengths are kept', () => {
  for (const line of ['EREF+4915112345678 MREF+M-88123', 'RTGS UTR SBINR22027020157682098 13/03/2027']) {
    assert.deepEqual(maskSecrets(line), { masked: line, secrets: [] }, line);
  }
});
