/**
 * The service's router wiring: a window whose routes set off a training that fails loses that
 * model, never the window; the model reader's group is the instance's own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routesFailingOpen } from '#src/cli/build-router.ts';
import { createLogger } from '#src/common/logger.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { modelReaderGroupId } from '#src/feedback/router-models.ts';
import { routeEntry } from '#test/routing/route-log-conformance.ts';

test('a training that fails while a window is routed is logged and counted; the window goes on', async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
  const metrics = createMetrics();
  const handed: string[] = [];
  const routes = routesFailingOpen(
    {
      routed: async (entries) => {
        handed.push(...entries.map((e) => e.record_id));
        if (handed.length > 1) throw new Error('publish failed: broker down');
      },
    },
    { logger, metrics },
  );
  await routes.routed([routeEntry(1)]);
  assert.equal((await metrics.routerTrainings.get()).values.length, 0);
  await routes.routed([routeEntry(2)]);
  assert.deepEqual(handed, ['route-1', 'route-2']);
  assert.deepEqual(
    (await metrics.routerTrainings.get()).values.map((v) => [v.labels.outcome, v.value]),
    [['failed', 1]],
  );
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /router training failed; the current model stays/);
  assert.match(lines[0]!, /broker down/);
});

test('each instance reads the models in a group of its own', () => {
  assert.equal(modelReaderGroupId('parsimony-extractor', 'host-a'), 'parsimony-extractor-router-host-a');
  assert.notEqual(modelReaderGroupId('g', 'a'), modelReaderGroupId('g', 'b'));
});
