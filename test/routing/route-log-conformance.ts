/**
 * The conformance suite of the RouteLog port: every adapter (in memory, Elasticsearch) registers
 * it with a factory and must pass it unchanged. Each test gets a fresh, empty log.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trainingEntryOf } from '#src/routing/examples.ts';
import type { RouteEntry, RouteVerdict } from '#src/routing/route-entry.ts';
import type { RouteLog } from '#src/routing/route-log.ts';
import { RIGHT, syntheticEntry, WRONG } from './synthetic-routes.ts';

export type RouteLogFixture = { log: RouteLog; cleanup(): Promise<void> };

/** The i-th entry, routed at `at`, answered by one tier or two, with or without a verdict. */
export function routeEntry(i: number, options: { at?: number; attempts?: 1 | 2; verdict?: RouteVerdict | null } = {}): RouteEntry {
  const base = syntheticEntry(i, { verdict: false });
  const small = { ...base.attempts[0]!, tier: 'small' };
  const large = { tier: 'large', model: 'gpt-4.1', confidence: 0.93, clean: true, fields: RIGHT, nanoUsd: 612_345 };
  const attempts = options.attempts === 2 ? [small, large] : [small];
  const final = attempts.at(-1)!;
  return {
    ...base,
    record_id: `route-${i}`,
    at: options.at ?? 1_767_225_600_000 + i,
    features: base.features.map((x, f) => x + f / 7),
    attempts,
    final: { tier: final.tier, status: 'OK', fields: final.fields },
    verdict: options.verdict ?? null,
  };
}

const verdict = (correct: boolean, at: number): RouteVerdict => ({ correct, corrected_fields: correct ? null : RIGHT, at });

export function routeLogConformance(name: string, makeLog: () => Promise<RouteLogFixture>): void {
  const withLog = (body: (log: RouteLog) => Promise<void>) => async () => {
    const fixture = await makeLog();
    try {
      await body(fixture.log);
    } finally {
      await fixture.cleanup();
    }
  };

  describe(`RouteLog conformance: ${name}`, { concurrency: true }, () => {
    test(
      'an entry comes back exactly as recorded (features, attempts, answer, verdict); an unknown record_id is absent',
      withLog(async (log) => {
        const entries = [routeEntry(1), routeEntry(2, { attempts: 2 }), routeEntry(3, { verdict: verdict(false, 99) })];
        await log.record(entries);
        const found = await log.find(['route-3', 'nobody', 'route-1', 'route-2', 'route-1']);
        assert.deepEqual([...found.keys()].sort(), ['route-1', 'route-2', 'route-3']);
        for (const entry of entries) assert.deepEqual(found.get(entry.record_id), entry);
        assert.equal((await log.find([])).size, 0);
      }),
    );

    test(
      'recording a record_id again replaces its entry',
      withLog(async (log) => {
        await log.record([routeEntry(1)]);
        const again = { ...routeEntry(1, { attempts: 2 }), router_version: 'default-abc' };
        await log.record([again]);
        assert.deepEqual((await log.find(['route-1'])).get('route-1'), again);
      }),
    );

    test(
      'label sets the verdict of the entries that exist and returns them labelled; an unknown record_id is skipped, never created',
      withLog(async (log) => {
        await log.record([routeEntry(1), routeEntry(2)]);
        const labelled = await log.label(
          new Map([
            ['route-2', verdict(false, 50)],
            ['nobody', verdict(true, 50)],
          ]),
        );
        assert.deepEqual(labelled, [{ ...routeEntry(2), verdict: verdict(false, 50) }]);
        const found = await log.find(['route-1', 'route-2', 'nobody']);
        assert.equal(found.has('nobody'), false);
        assert.equal(found.get('route-1')!.verdict, null);
        assert.deepEqual(found.get('route-2'), { ...routeEntry(2), verdict: verdict(false, 50) });
        assert.deepEqual(await log.label(new Map()), []);
      }),
    );

    test(
      'a later verdict replaces the earlier one whole',
      withLog(async (log) => {
        await log.record([routeEntry(1)]);
        await log.label(new Map([['route-1', verdict(false, 10)]]));
        await log.label(new Map([['route-1', verdict(true, 20)]]));
        assert.deepEqual((await log.find(['route-1'])).get('route-1')!.verdict, { correct: true, corrected_fields: null, at: 20 });
      }),
    );

    test(
      'labelled: the entries with a verdict or two tiers’ answers, most recently routed first, up to the limit',
      withLog(async (log) => {
        await log.record([
          routeEntry(1, { at: 1_000 }),
          routeEntry(2, { at: 2_000, attempts: 2 }),
          routeEntry(3, { at: 3_000, verdict: verdict(true, 3_500) }),
          routeEntry(4, { at: 4_000 }),
          routeEntry(5, { at: 5_000, attempts: 2, verdict: verdict(false, 5_500) }),
          routeEntry(6, { at: 6_000 }),
        ]);
        await log.label(new Map([['route-4', verdict(true, 9_000)]]));
        const ids = async (limit: number) => (await log.labelled(limit)).map((e) => e.record_id);
        assert.deepEqual(await ids(10), ['route-5', 'route-4', 'route-3', 'route-2']);
        assert.deepEqual(await ids(2), ['route-5', 'route-4']);
        assert.deepEqual((await log.labelled(10))[1], trainingEntryOf({ ...routeEntry(4, { at: 4_000 }), verdict: verdict(true, 9_000) }));
      }),
    );

    test(
      'labelled: each entry labelled as its whole would be, by agreement, by a verdict, by a correction and by the latest of several verdicts',
      withLog(async (log) => {
        const agreeing = routeEntry(1, { at: 1_000, attempts: 2 });
        const overruled = (i: number, at: number) => {
          const entry = routeEntry(i, { at, attempts: 2 });
          return { ...entry, attempts: [{ ...entry.attempts[0]!, fields: WRONG }, entry.attempts[1]!] };
        };
        const corrected = (correct: boolean, at: number): RouteVerdict => ({ correct, corrected_fields: correct ? null : WRONG, at });
        await log.record([agreeing, overruled(2, 2_000), overruled(3, 3_000), overruled(4, 4_000), routeEntry(5, { at: 5_000 })]);
        await log.label(new Map([['route-3', corrected(true, 3_500)]]));
        await log.label(new Map([['route-4', corrected(false, 4_500)]]));
        await log.label(new Map([['route-5', corrected(false, 5_500)]]));
        await log.label(new Map([['route-5', corrected(true, 5_600)]]));
        const expected = [
          { ...routeEntry(5, { at: 5_000 }), verdict: corrected(true, 5_600) },
          { ...overruled(4, 4_000), verdict: corrected(false, 4_500) },
          { ...overruled(3, 3_000), verdict: corrected(true, 3_500) },
          overruled(2, 2_000),
          agreeing,
        ];
        const labels = (entries: { attempts: { label: unknown }[] }[]) => entries.map((e) => e.attempts.map((a) => a.label));
        assert.deepEqual(await log.labelled(10), expected.map(trainingEntryOf));
        // Not vacuous: the five are labelled five ways.
        assert.equal(new Set(labels(expected.map(trainingEntryOf)).map((l) => JSON.stringify(l))).size, 5);
      }),
    );
  });
}
