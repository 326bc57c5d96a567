import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalise } from '#src/prepare/normalise.ts';

const normalises = (cases: [string, string][]) => {
  for (const [input, expected] of cases) assert.equal(normalise(input), expected, JSON.stringify(input));
};

test('compatibility forms fold to plain letters and digits (NFKC), composed and decomposed accents meet', () => {
  normalises([
    ['\uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11', '4111 1111'],
    ['\uff29\uff22\uff21\uff2e\uff1a\uff24\uff25\uff18\uff19', 'IBAN:DE89'],
    ['JOHN\uff20EXAMPLE\uff0eCOM', 'JOHN@EXAMPLE.COM'],
    ['\u{1d7d2}\u{1d7cf}\u{1d7cf}\u{1d7cf}', '4111'],
    ['CAFE\u0301 de Flore', 'CAF\u00c9 de Flore'],
    ['\ufb01nance', 'finance'],
  ]);
});

test('digits of other scripts are kept: they are the masker’s to read, and the rules tier’s', () => {
  normalises([['\u0664\u0661\u0661\u0661 \u096a\u0967\u0967\u0967', '\u0664\u0661\u0661\u0661 \u096a\u0967\u0967\u0967']]);
});

test('invisible characters are removed: zero-width, joiners, bidi controls, BOM, soft hyphens, tags', () => {
  const invisible = [
    ...[0x200b, 0x200c, 0x200d, 0x200e, 0x200f],
    ...[0x202a, 0x202b, 0x202c, 0x202d, 0x202e],
    ...[0x2060, 0x2061, 0x2062, 0x2063, 0x2064],
    ...[0x2066, 0x2067, 0x2068, 0x2069],
    ...[0xfeff, 0x00ad, 0x061c, 0xfe0f, 0xe0041],
  ];
  for (const code of invisible) {
    const mark = String.fromCodePoint(code);
    assert.equal(normalise(`41${mark}11 ${mark}1111${mark}`), '4111 1111', `U+${code.toString(16).toUpperCase()}`);
  }
  // Removed before NFKC, so what they separated composes.
  normalises([['CAFE\u200b\u0301', 'CAF\u00c9']]);
});

test('white space runs of any kind collapse to one space and the ends are trimmed', () => {
  normalises([
    ['  SQ *BLUE\tBOTTLE \u00a0 11/02\n$6.75  ', 'SQ *BLUE BOTTLE 11/02 $6.75'],
    ['ACHAT 1\u202f234,56\u00a0EUR', 'ACHAT 1 234,56 EUR'],
    ['Rewe\u3000Markt', 'Rewe Markt'],
  ]);
});

test('printable ASCII comes back as it was: case, punctuation and digits are what later stages read', () => {
  for (const line of ['already clean', 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75', 'EREF+INV-2026-10-4471 ~`^|{}[]\\']) {
    assert.equal(normalise(line), line);
  }
});
