import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asciiDigits } from '#src/common/secrets/digits.ts';

test('digits of any script read as their values', () => {
  // The numbering systems Intl knows print 0..9 in each script; each must read back as 0..9.
  for (const system of [
    'arab',
    'arabext',
    'beng',
    'deva',
    'fullwide',
    'gujr',
    'guru',
    'khmr',
    'knda',
    'laoo',
    'mlym',
    'mymr',
    'orya',
    'tamldec',
    'telu',
    'thai',
    'tibt',
    'mathbold',
    'mathmono',
    'adlm',
    'osma',
  ]) {
    const digits = new Intl.NumberFormat('en', { numberingSystem: system, useGrouping: false }).format(1234567890);
    assert.notEqual(digits, '1234567890', `${system} prints its own digits`);
    assert.equal(asciiDigits(digits), '1234567890', system);
  }
});
