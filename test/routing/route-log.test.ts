/**
 * The in-memory route log passes the port's conformance suite, and keeps its most recent entries
 * up to its bound.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryRouteLog } from '#src/routing/route-log.ts';
import { routeEntry, routeLogConformance } from './route-log-conformance.ts';

routeLogConformance('MemoryRouteLog', async () => ({ log: new MemoryRouteLog(), cleanup: async () => {} }));

test('past its bound the log forgets the oldest entries first', async () => {
  const log = new MemoryRouteLog({ limit: 3 });
  await log.record([1, 2, 3, 4].map((i) => routeEntry(i, { attempts: 2 })));
  assert.deepEqual([...(await log.find(['route-1', 'route-2', 'route-3', 'route-4'])).keys()], ['route-2', 'route-3', 'route-4']);
  assert.deepEqual(
    (await log.labelled(10)).map((e) => e.record_id),
    ['route-4', 'route-3', 'route-2'],
  );
});
