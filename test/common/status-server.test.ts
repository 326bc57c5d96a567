import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from '#src/common/metrics.ts';
import { allOf, startStatusServer } from '#src/common/status-server.ts';
import type { Extraction } from '#src/contract/records.ts';

test('/metrics, /healthz and /readyz answer over HTTP, the checks saying why', async () => {
  const metrics = createMetrics();
  let ready = false;
  const server = await startStatusServer({
    host: '127.0.0.1',
    port: 0,
    registry: metrics.registry,
    liveness: () => ({ ok: true, reason: 'alive' }),
    readiness: () => (ready ? { ok: true, reason: 'a member' } : { ok: false, reason: 'not yet in the consumer group' }),
  });
  try {
    metrics.observeExtraction({
      provenance: { tier: 'small', escalated_from: null },
      status: 'OK',
      cost: { calls: [{ provider: 'openai', model: 'gpt-4o-mini', usd: '0.000125' }] },
    } as unknown as Extraction);
    metrics.batchRecords.observe({ reason: 'records' }, 256);
    const body = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(body, /parsimony_records_total\{tier="small",status="OK"\} 1/);
    assert.match(body, /parsimony_cost_usd_total\{provider="openai",model="gpt-4o-mini"\} 0\.000125/);
    assert.match(body, /parsimony_cost_per_ok_extraction_usd 0\.000125/);
    assert.match(body, /parsimony_batch_records_bucket\{le="500",reason="records"\} 1/);
    metrics.observeExtraction({
      provenance: { tier: 'large', escalated_from: 'small' },
      status: 'OK',
      cost: { calls: [] },
    } as unknown as Extraction);
    assert.match(await (await fetch(`${server.url}/metrics`)).text(), /parsimony_escalations_total\{from="small",to="large"\} 1/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const notReady = await fetch(`${server.url}/readyz`);
    assert.equal(notReady.status, 503);
    assert.deepEqual(await notReady.json(), { ok: false, reason: 'not yet in the consumer group' });
    ready = true;
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  } finally {
    await server.close();
    await server.close();
  }
});

test('provider calls count their tokens and errors', async () => {
  const metrics = createMetrics();
  const usage = { inputTokens: 100, cachedInputTokens: 1024, cacheWriteInputTokens: undefined, outputTokens: 50, raw: {} };
  metrics.observeCall({ provider: 'openai', model: 'gpt-4o-mini', usage, latencyMs: 120 });
  metrics.observeCall({
    provider: 'openai',
    model: 'gpt-4o-mini',
    usage: undefined,
    latencyMs: 5,
    error: { code: 'RATE_LIMITED' } as never,
  });
  const body = await metrics.registry.metrics();
  assert.match(body, /parsimony_tokens_total\{provider="openai",model="gpt-4o-mini",kind="cached_input"\} 1024/);
  assert.match(body, /parsimony_provider_errors_total\{provider="openai",code="RATE_LIMITED"\} 1/);
  assert.match(body, /parsimony_provider_call_seconds_count\{provider="openai",model="gpt-4o-mini"\} 2/);
});

test('several parts are healthy only together', () => {
  assert.deepEqual(
    allOf([
      { ok: true, reason: 'a' },
      { ok: true, reason: 'b' },
    ]),
    { ok: true, reason: 'a; b' },
  );
  assert.deepEqual(
    allOf([
      { ok: true, reason: 'a' },
      { ok: false, reason: 'b down' },
    ]),
    { ok: false, reason: 'b down' },
  );
});

test('the default Node.js metrics keep their usual names, for stock dashboards', async () => {
  const body = await createMetrics({ defaultMetrics: true }).registry.metrics();
  assert.match(body, /^process_cpu_seconds_total /m);
  assert.match(body, /^nodejs_heap_size_used_bytes /m);
  assert.doesNotMatch(body, /parsimony_process_|parsimony_nodejs_/);
});

test('circuit states are read when scraped: 0 closed, 1 half-open, 2 open', async () => {
  const metrics = createMetrics();
  let state: 'closed' | 'half-open' | 'open' = 'closed';
  metrics.watchCircuit('openai/gpt-6-luna', () => state);
  assert.match(await metrics.registry.metrics(), /parsimony_circuit_state\{circuit="openai\/gpt-6-luna"\} 0/);
  state = 'open';
  assert.match(await metrics.registry.metrics(), /parsimony_circuit_state\{circuit="openai\/gpt-6-luna"\} 2/);
});

test('rate-limit waits and the template count are read when scraped', async () => {
  const metrics = createMetrics();
  let waitedMs = 1_500;
  metrics.watchRateLimit('openai/gpt-6-luna', () => waitedMs);
  metrics.watchTemplates(async () => 42);
  assert.match(await metrics.registry.metrics(), /parsimony_rate_limit_wait_seconds_total\{model="openai\/gpt-6-luna"\} 1\.5/);
  waitedMs = 4_000;
  const body = await metrics.registry.metrics();
  assert.match(body, /parsimony_rate_limit_wait_seconds_total\{model="openai\/gpt-6-luna"\} 4\b/);
  assert.match(body, /parsimony_cache_templates 42/);
});
