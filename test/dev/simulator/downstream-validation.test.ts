import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FIELDS, type ExtractedFields, type Extraction } from '#src/contract/records.ts';
import { downstreamVerdicts } from '#src/dev/simulator/downstream-validation.ts';

const want: ExtractedFields = { ...EMPTY_FIELDS, amount: '6.75', currency: 'USD', counterparty: 'Blue Bottle Coffee', direction: 'DEBIT' };
const extraction = (id: string, fields = want) => ({ record_id: id, fields }) as unknown as Extraction;

test('a sampled share of the records is judged against the truth, the same ones on every run', () => {
  const truth = new Map(Array.from({ length: 2_000 }, (_, i) => [`r${i}`, want]));
  const all = Array.from({ length: 2_000 }, (_, i) => extraction(`r${i}`));
  const once = downstreamVerdicts(all, { truth, rate: 0.1, seed: 1, at: 9 });
  assert.ok(once.length > 150 && once.length < 250, `${once.length}`);
  assert.deepEqual(downstreamVerdicts(all, { truth, rate: 0.1, seed: 1, at: 9 }), once);
  assert.ok(
    once.every((v) => v.verdict === 'CORRECT' && v.corrected_fields === null && v.origin === 'downstream_validation' && v.at === 9),
  );
});

test('wrong fields make a PARTIAL or INCORRECT verdict carrying the right fields; records without truth are not judged', () => {
  const truth = new Map([
    ['a', want],
    ['b', want],
  ]);
  const [partial, incorrect] = downstreamVerdicts(
    [
      extraction('a', { ...want, amount: '7.65' }),
      extraction('b', { ...want, amount: '7.65', currency: 'EUR', direction: 'CREDIT' }),
      extraction('c'),
    ],
    { truth, rate: 1, seed: 1, at: 0 },
  );
  assert.deepEqual([partial!.verdict, partial!.field_errors, partial!.corrected_fields], ['PARTIAL', ['amount'], want]);
  assert.equal(incorrect!.verdict, 'INCORRECT');
});
