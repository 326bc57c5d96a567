/**
 * The dashboard and the alerts ask only for what the service exports: every metric their queries
 * name is on a live /metrics, and the rules pass Prometheus's own checker.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createMetrics } from '#src/common/metrics.ts';
import { startStatusServer } from '#src/common/status-server.ts';

const ops = new URL('../../ops/', import.meta.url);
const dashboard = JSON.parse(readFileSync(new URL('grafana/dashboards/parsimony.json', ops), 'utf8')) as {
  panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
};
const rules = readFileSync(new URL('prometheus/alerts.yml', ops), 'utf8');

/** Metric names a PromQL text reads: the service's own and Node.js's. */
function metricsNamed(promql: string): string[] {
  return [...promql.matchAll(/\b(?:parsimony|process|nodejs)_[a-z0-9_]+\b/g)].map((m) => m[0]);
}

async function exported(): Promise<Set<string>> {
  const metrics = createMetrics({ defaultMetrics: true });
  const server = await startStatusServer({
    host: '127.0.0.1',
    port: 0,
    registry: metrics.registry,
    liveness: () => ({ ok: true, reason: 'alive' }),
    readiness: () => ({ ok: true, reason: 'ready' }),
  });
  try {
    const body = await (await fetch(`${server.url}/metrics`)).text();
    const names = new Set<string>();
    for (const [, name, type] of body.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      names.add(name!);
      if (type === 'histogram') for (const part of ['_bucket', '_sum', '_count']) names.add(`${name}${part}`);
    }
    return names;
  } finally {
    await server.close();
  }
}

test('every metric the dashboard and the alert rules query is exported by the service', async () => {
  const names = await exported();
  const wanted = [
    ...dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricsNamed(t.expr).map((m) => ({ m, where: `panel "${p.title}"` })))),
    ...metricsNamed(rules).map((m) => ({ m, where: 'ops/prometheus/alerts.yml' })),
  ];
  assert.ok(wanted.length > 20, 'the queries were read');
  assert.deepEqual(
    wanted.filter(({ m }) => !names.has(m)),
    [],
    'metrics queried but not exported',
  );
});

test('the dashboard reads the provisioned data source in every panel', () => {
  const provisioned = readFileSync(new URL('grafana/provisioning/datasources/prometheus.yml', ops), 'utf8');
  const uid = /^\s+uid: (\S+)$/m.exec(provisioned)?.[1];
  assert.equal(uid, 'prometheus');
  for (const panel of dashboard.panels) {
    assert.equal(panel.datasource.uid, uid, panel.title);
    assert.ok(panel.targets.length > 0 && panel.targets.every((t) => t.expr.trim() !== ''), panel.title);
  }
});

test("the alert rules pass Prometheus's own checker (promtool)", () => {
  const checked = spawnSync('promtool', ['check', 'rules', new URL('prometheus/alerts.yml', ops).pathname], { encoding: 'utf8' });
  assert.ifError(checked.error ? new Error(`promtool is needed (Debian: apt-get install prometheus): ${checked.error.message}`) : null);
  assert.equal(checked.status, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /SUCCESS: \d+ rules found/);
});
