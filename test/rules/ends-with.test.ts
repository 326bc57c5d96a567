import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endsWith } from '#src/rules/ends-with.ts';

test('a pattern tried backwards from the end says what the same pattern ending in $ says', () => {
  const patterns = [/(?:^|[^\p{L}])(?:AMT|BAL)\.?(?:\s*[:=]\s*|\s+)/iu, /=\s*/, /(?:^|\W)(?:VAL|(?<!DESC\s)DATE)\s*:?\s*/i];
  const texts = ['AMT ', 'XAMT ', 'amt: ', 'AMT', 'BAL.=', ' = ', '=', 'a=b', 'DATE:', 'DESC DATE:', 'VAL ', 'EFF DATE ', ''];
  for (const pattern of patterns) {
    const atEnd = new RegExp(`${pattern.source}$`, pattern.flags);
    const test = endsWith(pattern);
    for (const text of texts) assert.equal(test(text), atEnd.test(text), `${pattern.source} on ${JSON.stringify(text)}`);
  }
});
