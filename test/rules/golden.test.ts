/**
 * What prepare and the rules tier make of 6,000 generated lines — every seen and held-out format,
 * each line as printed and as a variant (lower case, runs of spaces, cut short, stray punctuation)
 * — is pinned by a digest per format in golden-digests.json. A change to prepare or the rules
 * that is meant to keep their answers (a faster tokeniser, one pass instead of many) must leave
 * every digest as it was; one that means to change answers rewrites the file with
 * `UPDATE_GOLDEN=1` and says in its commit which formats moved.
 *
 * To see what moved: `GOLDEN_DUMP=before.jsonl` on the old commit and `GOLDEN_DUMP=after.jsonl` on
 * the new one write every line's result, then diff the two.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import type { TransactionNarrative } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { applyRules, rulesInputOf } from '#src/rules/apply-rules.ts';

const GOLDEN = new URL('./golden-digests.json', import.meta.url);
const GENERATED = { count: 3_000, seed: 23, formats: 'all' } as const;

type Golden = { generated: typeof GENERATED; lines: number; digests: Record<string, string> };

/** The line as printed, and one variant of it chosen by its position. */
function variants(record: TransactionNarrative, index: number): TransactionNarrative[] {
  const text = record.narrative;
  const changed = [
    text.toLowerCase(),
    text.replace(/ /g, '   '),
    text.slice(0, Math.max(1, Math.floor(text.length * 0.6))),
    `${text.slice(0, text.length >> 1)}.,${text.slice(text.length >> 1)}`,
  ][index % 4]!;
  return [record, { ...record, record_id: `${record.record_id}~`, narrative: changed }];
}

/** JSON with keys in order, so that building an object in another order changes nothing. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

test('prepare and the rules answer every generated format as pinned in golden-digests.json', () => {
  const byFormat = new Map<string, ReturnType<typeof createHash>>();
  const dump: string[] = [];
  let lines = 0;
  for (const [index, { record, meta }] of [...generate(GENERATED)].entries()) {
    for (const line of variants(record, index)) {
      const prepared = prepare(line);
      const result = canonical({ prepared, rules: applyRules(rulesInputOf(prepared)) });
      const format = `${meta.heldOut ? 'held-out' : 'seen'} ${meta.format}`;
      if (!byFormat.has(format)) byFormat.set(format, createHash('sha256'));
      byFormat.get(format)!.update(`${result}\n`);
      if (process.env.GOLDEN_DUMP) dump.push(`${format}\t${result}\n`);
      lines += 1;
    }
  }
  const actual: Golden = {
    generated: GENERATED,
    lines,
    digests: Object.fromEntries(
      [...byFormat].sort(([a], [b]) => (a < b ? -1 : 1)).map(([format, hash]) => [format, hash.digest('hex').slice(0, 16)]),
    ),
  };
  if (process.env.GOLDEN_DUMP) writeFileSync(process.env.GOLDEN_DUMP, dump.join(''));
  if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
  const pinned = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
  assert.deepEqual(actual.generated, pinned.generated, 'the generated input changed: pin it again with UPDATE_GOLDEN=1');
  assert.equal(actual.lines, pinned.lines);
  const moved = Object.keys({ ...pinned.digests, ...actual.digests }).filter((f) => pinned.digests[f] !== actual.digests[f]);
  assert.deepEqual(moved, [], `answers changed for ${moved.length} formats (GOLDEN_DUMP=FILE on both commits shows how)`);
  assert.ok(
    Object.keys(actual.digests).some((f) => f.startsWith('held-out')),
    'held-out formats are covered',
  );
});
