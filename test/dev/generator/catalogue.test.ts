import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORIES } from '#src/contract/records.ts';
import { COUNTRIES } from '#src/dev/generator/markets.ts';
import { MERCHANTS } from '#src/dev/generator/merchants.ts';
import { BUSINESSES, EMPLOYERS, PEOPLE } from '#src/dev/generator/people.ts';
import { ALL_PARTIES, buildPool } from '#src/dev/generator/pools.ts';
import { RAILS, RAILS_BY_ID } from '#src/dev/generator/rails/index.ts';
import { nextVersion, SOURCES } from '#src/dev/generator/sources.ts';

test('about 150 merchants and billers across every market, with unique ids and valid categories', () => {
  assert.ok(MERCHANTS.length >= 150, `${MERCHANTS.length} merchants`);
  assert.equal(new Set(ALL_PARTIES.map((p) => p.id)).size, ALL_PARTIES.length, 'party ids are unique');
  for (const p of ALL_PARTIES) {
    assert.ok((CATEGORIES as readonly string[]).includes(p.category), `${p.id}: ${p.category}`);
    assert.ok(p.spend[0] > 0 && p.spend[0] <= p.spend[1], `${p.id}: spend`);
    if (p.kind !== 'person') assert.ok(p.forms.length > 0, `${p.id} has printed forms`);
  }
  for (const country of COUNTRIES) {
    assert.ok(
      PEOPLE.some((p) => p.country === country),
      `people in ${country}`,
    );
    assert.ok(
      EMPLOYERS.some((p) => p.country === country),
      `employers in ${country}`,
    );
    assert.ok(
      BUSINESSES.some((p) => p.country === country),
      `businesses in ${country}`,
    );
    assert.ok(
      MERCHANTS.some((p) => p.country === country),
      `merchants in ${country}`,
    );
  }
});

test('near-duplicate twins print alike but differ in counterparty or category', () => {
  const groups = Map.groupBy(
    MERCHANTS.filter((m) => m.twin),
    (m) => m.twin!,
  );
  for (const [label, members] of groups) {
    assert.ok(members.length >= 2, `twin group ${label}`);
    const distinct = new Set(members.map((m) => `${m.name}/${m.category}`));
    assert.equal(distinct.size, members.length, `twins in ${label} are told apart by name or category`);
  }
  const pair = (a: string, b: string) => {
    const [x, y] = [MERCHANTS.find((m) => m.id === a)!, MERCHANTS.find((m) => m.id === b)!];
    assert.equal(x.twin, y.twin, `${a} and ${b} are twins`);
  };
  pair('shell', 'shellys-deli');
  pair('amazon-us', 'aws');
  pair('uber', 'uber-eats');
  pair('apple', 'apple-store');
  pair('costco', 'costco-gas');
});

test('every source names known rails of its own market, and every rail is used', () => {
  const used = new Set<string>();
  for (const source of SOURCES) {
    for (const [id] of source.rails) {
      const rail = RAILS_BY_ID.get(id);
      assert.ok(rail, `${source.id}: unknown rail ${id}`);
      assert.equal(rail.market.country, source.market, `${source.id}: ${id} is of another market`);
      used.add(id);
    }
    assert.equal(source.changesTemplate && source.templateVersion === null, false, `${source.id} changes template, so it says its version`);
  }
  assert.deepEqual(
    RAILS.map((r) => r.id).filter((id) => !used.has(id)),
    [],
    'rails no source uses',
  );
  assert.equal(new Set(SOURCES.map((s) => s.id)).size, SOURCES.length);
  assert.ok(new Set(RAILS.map((r) => r.rail)).size >= 15, 'at least 15 rail modules');
});

test('every rail pool is non-empty and ranked; template versions bump their last number', () => {
  for (const rail of RAILS) {
    if (rail.pool) assert.ok(buildPool(rail.pool).parties.length > 0, rail.id);
    // A template change must be visible: every rail has a next layout to move to.
    assert.ok(rail.layouts >= 2, `${rail.id} has ${rail.layouts} layout(s)`);
  }
  const usCard = buildPool(RAILS_BY_ID.get('us-card/us')!.pool!);
  assert.equal(usCard.parties[0]!.id, 'amazon-us', 'the most popular local merchant leads');
  assert.ok(usCard.twins.some((p) => p.id === 'shellys-deli') && usCard.twins.some((p) => p.id === 'shell'));
  assert.equal(nextVersion('v3'), 'v4');
  assert.equal(nextVersion('2024.2'), '2024.3');
  assert.equal(nextVersion('nacha-9'), 'nacha-10');
  assert.equal(nextVersion('beta'), 'beta.1');
});
