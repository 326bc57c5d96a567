import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CacheMiss } from '#src/cache/cache-miss.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { FEATURE_NAMES, type FeatureInput, routeFeatures } from '#src/routing/features.ts';
import { applyRules, rulesInputOf } from '#src/rules/apply-rules.ts';
import { narrativeRecord } from '#test/support/records.ts';

function input(narrative: string, extra: Partial<FeatureInput> & { locale?: string } = {}): FeatureInput {
  const prepared = prepare({ ...narrativeRecord('r1'), narrative, locale: extra.locale ?? null });
  const cache: CacheMiss = { similarity: 0, kind: 'no_candidate' };
  return { prepared, rules: applyRules(rulesInputOf(prepared)), cache, sourceErrorRate: 0, skeletonSeen: 0, ...extra };
}

function named(vector: Float64Array): Record<string, number> {
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, vector[i]!]));
}

test('one value per named feature, and the names are unique', () => {
  const vector = routeFeatures(input('POS 11/02 SQ *BLUE BOTTLE COFFEE OAKLAND CA 6.75'));
  assert.equal(vector.length, FEATURE_NAMES.length);
  assert.equal(new Set(FEATURE_NAMES).size, FEATURE_NAMES.length);
  assert.ok(vector.every(Number.isFinite));
});

test('the features read the text, the rail, the locale, the cache outcome and the source', () => {
  const card = named(
    routeFeatures(
      input('CARD PURCHASE 11/02 SHELL OIL 57442 HOUSTON TX USD 48.12', {
        locale: 'en-US',
        cache: { similarity: 0.82, kind: 'gate' },
        sourceErrorRate: 0.07,
        skeletonSeen: 3,
      }),
    ),
  );
  assert.equal(card.language_en, 1);
  assert.equal(card.no_locale, 0);
  assert.equal(card.cache_similarity, 0.82);
  assert.equal(card.cache_gate, 1);
  assert.equal(card.cache_no_candidate, 0);
  assert.equal(card.source_error_rate, 0.07);
  assert.equal(card.skeleton_novel, 0);
  assert.ok(Math.abs(card.log_skeleton_seen! - Math.log1p(3)) < 1e-12);
  assert.equal(card.digit_groups, 5); // 11, 02, 57442, 48, 12

  const sepa = named(
    routeFeatures(input('SEPA-UEBERWEISUNG EREF+E2E-2026-11-05-0001 SVWZ+Rechnung 4711 Müller GmbH', { locale: 'de-DE' })),
  );
  assert.equal(sepa.rail_sepa, 1);
  assert.equal(sepa.no_rail, 0);
  assert.equal(sepa.language_de, 1);
  assert.ok(sepa.non_ascii_share! > 0);
  assert.equal(sepa.skeleton_novel, 1);
});

test('the same record gives the same vector: serving and training read alike', () => {
  const a = routeFeatures(input('ZELLE PAYMENT TO JOHN SMITH CONF# A1B2C3 25.00'));
  const b = routeFeatures(input('ZELLE PAYMENT TO JOHN SMITH CONF# A1B2C3 25.00'));
  assert.deepEqual([...a], [...b]);
});
