import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORIES, DIRECTIONS, type ExtractedFields, MAX_NARRATIVE_CHARS, TRANSACTION_TYPES } from '#src/contract/records.ts';
import { type Generated, generate } from '#src/dev/generator/generate.ts';
import { AMOUNT_STYLES, money } from '#src/dev/generator/printing.ts';
import { addDays, isoDateOf } from '#src/dev/generator/random.ts';
import { SOURCES } from '#src/dev/generator/sources.ts';
import { maskSecrets } from '#src/prepare/mask-secrets.ts';

const run = (options: Parameters<typeof generate>[0]): Generated[] => [...generate(options)];
const sample = run({ count: 2000, seed: 1 });

test('the same seed gives the same records; another seed gives others', () => {
  assert.deepEqual(run({ count: 300, seed: 5 }), run({ count: 300, seed: 5 }));
  const other = run({ count: 300, seed: 6 });
  const same = run({ count: 300, seed: 5 }).filter((g, i) => g.record.narrative === other[i]!.record.narrative).length;
  assert.ok(same < 10, `${same} of 300 narratives equal across seeds`);
});

test('record n depends only on (seed, n): a longer run starts with a shorter one, startRecordId continues it', () => {
  const long = run({ count: 200, seed: 2 });
  assert.deepEqual(run({ count: 50, seed: 2 }), long.slice(0, 50));
  assert.deepEqual(run({ count: 100, seed: 2, startRecordId: 100 }), long.slice(100));
});

test('record ids are unique, received_at strictly increases, the statement is the day the record arrived', () => {
  assert.equal(new Set(sample.map((g) => g.record.record_id)).size, sample.length);
  assert.equal(sample[17]!.record.record_id, 'gen-1-17');
  for (let i = 1; i < sample.length; i++) assert.ok(sample[i]!.record.received_at > sample[i - 1]!.record.received_at);
  for (const { record } of sample) assert.equal(record.statement_date, isoDateOf(record.received_at));
});

test('at least 15 distinct rails appear in 2,000 records', () => {
  const rails = new Set(sample.map((g) => g.meta.rail));
  assert.ok(rails.size >= 15, `${rails.size} rails: ${[...rails].join(', ')}`);
});

test('merchants recur with Zipf-like frequency: a few counterparties make most of each feed', () => {
  const big = run({ count: 6000, seed: 3 });
  const topShare = (items: Generated[]) => {
    const counts = new Map<string, number>();
    for (const g of items) if (g.fields.counterparty) counts.set(g.fields.counterparty, (counts.get(g.fields.counterparty) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    return sorted.slice(0, 10).reduce((s, c) => s + c, 0) / sorted.reduce((s, c) => s + c, 0);
  };
  for (const source of ['chase-card-us', 'wells-card-us', 'n26-de', 'bnp-fr']) {
    const share = topShare(big.filter((g) => g.record.source_id === source));
    assert.ok(share >= 0.5, `${source}: top 10 counterparties make ${share.toFixed(2)} of its lines`);
  }
  const overall = topShare(big);
  assert.ok(overall >= 0.25, `overall top-10 share ${overall.toFixed(2)} across ${SOURCES.length} sources and 9 markets`);
});

function assertContractValid(fields: ExtractedFields, where: string) {
  assert.ok(fields.amount !== null && /^\d+\.\d{2}$/.test(fields.amount), `${where}: amount ${fields.amount}`);
  assert.ok(Number(fields.amount) > 0, `${where}: amount is positive`);
  assert.ok(fields.currency !== null && /^[A-Z]{3}$/.test(fields.currency), `${where}: currency`);
  assert.ok(fields.transaction_date === null || /^\d{4}-\d{2}-\d{2}$/.test(fields.transaction_date), `${where}: date`);
  assert.ok((DIRECTIONS as readonly unknown[]).includes(fields.direction), `${where}: direction`);
  assert.ok((TRANSACTION_TYPES as readonly unknown[]).includes(fields.transaction_type), `${where}: type`);
  assert.ok((CATEGORIES as readonly unknown[]).includes(fields.category), `${where}: category`);
  assert.ok(
    fields.counterparty === null || (fields.counterparty.trim() === fields.counterparty && fields.counterparty !== ''),
    `${where}: counterparty`,
  );
  assert.ok(fields.reference === null || /^\S+$/.test(fields.reference), `${where}: reference`);
}

test('every truth is contract-valid and follows the normalisation conventions', () => {
  const noCounterparty = new Set(['ATM', 'FEE', 'INTEREST', 'CHECK']);
  for (const { record, fields, meta } of sample) {
    const where = `${record.record_id} ${meta.railId}: ${record.narrative}`;
    assertContractValid(fields, where);
    assert.equal(fields.currency, record.currency_hint, `${where}: the amount that moved is in the account currency`);
    const ownOrFee = meta.rail === 'own-account' || (fields.transaction_type === 'REFUND' && fields.category === 'FEES');
    assert.equal(
      fields.counterparty === null,
      noCounterparty.has(fields.transaction_type!) || ownOrFee,
      `${where}: counterparty null exactly when the contract says`,
    );
    if (fields.transaction_date) {
      assert.ok(
        fields.transaction_date <= record.statement_date! && fields.transaction_date >= addDays(record.statement_date!, -4),
        `${where}: date near the statement`,
      );
    }
    if (fields.transaction_type === 'REFUND') assert.equal(fields.direction, 'CREDIT', where);
    if (fields.transaction_type === 'PAYROLL' || fields.transaction_type === 'INTEREST')
      assert.deepEqual([fields.direction, fields.category], ['CREDIT', 'INCOME'], where);
    if (fields.transaction_type === 'FEE') assert.deepEqual([fields.direction, fields.category], ['DEBIT', 'FEES'], where);
    if (fields.transaction_type === 'ATM') assert.equal(fields.category, 'CASH', where);
  }
});

test('the truth amount appears in the narrative in some printed form', () => {
  const styles = Object.values(AMOUNT_STYLES);
  for (const { record, fields } of sample) {
    const cents = Math.round(Number(fields.amount) * 100);
    assert.ok(
      styles.some((style) => record.narrative.includes(money(cents, style))),
      `${fields.amount} in ${record.narrative}`,
    );
  }
});

test('references survive the masking step; narratives are 1 to 4,096 characters without stray spaces', () => {
  const compact = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  for (const { record, fields } of sample) {
    assert.ok(record.narrative.length >= 1 && record.narrative.length <= MAX_NARRATIVE_CHARS);
    assert.equal(record.narrative, record.narrative.trim());
    assert.doesNotMatch(record.narrative, / {2}/);
    if (fields.reference)
      assert.ok(
        compact(maskSecrets(record.narrative).masked).includes(compact(fields.reference)),
        `${fields.reference} masked in ${record.narrative}`,
      );
  }
});

test('lines without a year take it from the statement: December lines appear on January statements', () => {
  const yearEnd = run({ count: 1500, seed: 4, statementDate: '2026-12-28' });
  const crossing = yearEnd.filter(
    ({ record, fields }) =>
      record.statement_date!.startsWith('2027-01') && fields.transaction_date?.startsWith('2026-12') && !record.narrative.includes('2026'),
  );
  assert.ok(crossing.length >= 10, `${crossing.length} December lines without a year on January statements`);
  assert.ok(
    crossing.some((g) => g.record.narrative.includes(`12/${g.fields.transaction_date!.slice(8)}`)),
    'month-first US lines among them',
  );
  assert.ok(
    crossing.some(
      (g) =>
        g.record.narrative.includes(`${g.fields.transaction_date!.slice(8)}.12.`) ||
        g.record.narrative.includes(`${g.fields.transaction_date!.slice(8)}/12`),
    ),
    'day-first lines among them',
  );
});

test('text traps appear at their configured share and never change the truth', () => {
  const base = run({ count: 2000, seed: 8, trapShare: { cardNumber: 0, injection: 0, contact: 0, nearDuplicate: 0 } });
  const trapped = run({ count: 2000, seed: 8, trapShare: { cardNumber: 0.3, injection: 0.2, contact: 0.1, nearDuplicate: 0 } });
  for (const [kind, share] of [
    ['card-number', 0.3],
    ['injection', 0.2],
    ['contact', 0.1],
  ] as const) {
    const seen = trapped.filter((g) => g.meta.traps.includes(kind)).length / trapped.length;
    assert.ok(Math.abs(seen - share) < 0.04, `${kind}: ${seen} for ${share}`);
  }
  trapped.forEach((g, i) => {
    const before = base[i]!;
    assert.deepEqual(g.fields, before.fields, g.record.narrative);
    assert.deepEqual({ ...g.record, narrative: '' }, { ...before.record, narrative: '' });
    assert.ok(g.record.narrative.startsWith(before.record.narrative));
    assert.equal(g.record.narrative === before.record.narrative, g.meta.traps.length === 0);
  });
  const injected = trapped.find((g) => g.meta.traps.includes('injection') && g.record.locale === 'en-US')!;
  assert.match(injected.record.narrative, /IGNORE|SYSTEM|INSTRUCTIONS|disregard/i);
  const carded = trapped.find((g) => g.meta.traps.includes('card-number'))!;
  assert.ok(maskSecrets(carded.record.narrative).secrets.includes('CARD'), `a masker finds the card in ${carded.record.narrative}`);
});

test('near-duplicate traps swap in a twin merchant, whose own truth the record then carries', () => {
  const base = run({ count: 2000, seed: 9, trapShare: { nearDuplicate: 0, cardNumber: 0, injection: 0, contact: 0 } });
  const trapped = run({ count: 2000, seed: 9, trapShare: { nearDuplicate: 0.5, cardNumber: 0, injection: 0, contact: 0 } });
  const twinNames = new Set([
    'Shell',
    "Shelly's Deli",
    'Amazon',
    'Amazon Web Services',
    'Uber',
    'Uber Eats',
    'Apple',
    'Apple Store',
    'Costco',
    'YouTube',
    'Google Workspace',
    'Delta Air Lines',
    'Delta Dental',
    'Tesco',
    'Tesco Mobile',
    'TotalEnergies',
  ]);
  const swapped = trapped.filter((g) => g.meta.traps.includes('near-duplicate'));
  const eligible = trapped.filter(
    (g) => ['us-card', 'uk-card', 'fr-card', 'refund', 'fx-card'].includes(g.meta.rail) && g.meta.railId !== 'us-card/ca',
  ).length;
  assert.ok(swapped.length / eligible > 0.35 && swapped.length / eligible < 0.65, `${swapped.length} of ${eligible} eligible`);
  for (const g of swapped) assert.ok(twinNames.has(g.fields.counterparty!), `${g.fields.counterparty} in ${g.record.narrative}`);
  trapped.forEach((g, i) => {
    if (!g.meta.traps.includes('near-duplicate')) assert.deepEqual(g, base[i]);
  });
});

test('templateChangeAt moves changing sources to a new layout, version and update time from that record on', () => {
  const changeAt = 1200;
  const records = run({ count: 2400, seed: 10, templateChangeAt: changeAt });
  const changeTime = records[changeAt]!.record.received_at;
  for (const spec of SOURCES) {
    const mine = records.filter((g) => g.record.source_id === spec.id);
    const [before, after] = [
      mine.filter((g) => Number(g.record.record_id.split('-')[2]) < changeAt),
      mine.filter((g) => Number(g.record.record_id.split('-')[2]) >= changeAt),
    ];
    for (const g of before) assert.deepEqual([g.record.template_version, g.meta.layout], [spec.templateVersion, spec.layout], spec.id);
    for (const g of after) {
      if (!spec.changesTemplate) {
        assert.deepEqual([g.record.template_version, g.meta.layout], [spec.templateVersion, spec.layout], spec.id);
        continue;
      }
      assert.notEqual(g.record.template_version, spec.templateVersion, spec.id);
      assert.equal(g.meta.layout, spec.layout + 1, spec.id);
      assert.equal(g.record.source_updated_at, changeTime, spec.id);
      assert.ok(g.record.source_updated_at! > before[0]!.record.source_updated_at!, spec.id);
    }
  }
  const chaseCard = (g: Generated) => g.record.source_id === 'chase-card-us' && g.meta.railId === 'us-card/us';
  assert.ok(
    records
      .slice(0, changeAt)
      .filter(chaseCard)
      .every((g) => / \d\d\/\d\d \$[\d,]+\.\d\d/.test(g.record.narrative)),
    'old layout: date then $amount',
  );
  assert.ok(
    records
      .slice(changeAt)
      .filter(chaseCard)
      .every((g) => /^\d\d\/\d\d /.test(g.record.narrative)),
    'new layout: date first',
  );
});

test('sources: n keeps the first n sources, cloning beyond the catalogue; bad options are refused', () => {
  const few = run({ count: 400, seed: 11, sources: 3 });
  assert.deepEqual(new Set(few.map((g) => g.record.source_id)), new Set(SOURCES.slice(0, 3).map((s) => s.id)));
  const many = run({ count: 3000, seed: 11, sources: SOURCES.length + 2 });
  assert.ok(many.some((g) => g.record.source_id === `${SOURCES[0]!.id}-2`));
  assert.throws(() => run({ count: -1, seed: 1 }), /count/);
  assert.throws(() => run({ count: 1, seed: 1, trapShare: { injection: 2 } }), /trapShare/);
  assert.throws(() => run({ count: 1, seed: 1, statementDate: '11/02/2026' }), /statementDate/);
});
