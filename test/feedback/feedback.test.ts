import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FIELDS } from '#src/contract/records.ts';
import { readFeedback } from '#src/feedback/feedback.ts';

const valid = { record_id: 'r1', verdict: 'PARTIAL', corrected_fields: { ...EMPTY_FIELDS, amount: '6.75' }, origin: 'human_review', at: 5 };

test('a verdict with its corrected fields and time', () => {
  assert.deepEqual(readFeedback(valid), { recordId: 'r1', correct: false, correctedFields: valid.corrected_fields, at: 5 });
  assert.deepEqual(readFeedback({ ...valid, verdict: 'CORRECT', corrected_fields: null, at: new Date(7) }), {
    recordId: 'r1',
    correct: true,
    correctedFields: null,
    at: 7,
  });
});

test('what cannot be used is named, never thrown', () => {
  assert.deepEqual(readFeedback(null), { error: 'record_id is missing' });
  assert.match(
    (readFeedback({ ...valid, verdict: 'MAYBE' }) as { error: string }).error,
    /^verdict is not one of CORRECT, INCORRECT, PARTIAL$/,
  );
  assert.match((readFeedback({ ...valid, corrected_fields: { amount: 6.75 } }) as { error: string }).error, /corrected_fields/);
  assert.deepEqual(readFeedback({ ...valid, at: 'yesterday' }), { error: 'at must be a time in milliseconds' });
});
