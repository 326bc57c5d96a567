import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anyPattern } from '#src/rules/any-pattern.ts';

test('one pass tells whether any pattern matches, each pattern keeping its own flags and anchors', () => {
  const patterns = [/^CB\b/i, /\bFEES?\b/i, /(?<!\p{L})ÉMIS(?!\p{L})/iu, /X{2}|Y$/];
  const any = anyPattern(patterns);
  const texts = ['cb 12', 'PAY CB', 'fee', 'FEESX', 'émis', 'REÉMIS', 'AXXB', 'xx', 'ENDY', 'Y END', ''];
  for (const text of texts)
    assert.equal(
      any(text),
      patterns.some((p) => p.test(text)),
      text,
    );
});

test('a pattern that refers to its own groups or remembers where it stopped is refused', () => {
  assert.throws(() => anyPattern([/(\d)\1/]));
  assert.throws(() => anyPattern([/(?<d>\d)\k<d>/]));
  assert.throws(() => anyPattern([/\d/g]));
  assert.doesNotThrow(() => anyPattern([/(?<=A)B(?<!C)/]));
});
