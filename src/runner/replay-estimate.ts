/**
 * What a replay will cost, from a sample of its range, before anything is spent (`replay
 * --dry-run`). Each sampled record is read as the pipeline would read it for free — undecodable or
 * invalid (a dead letter), answered by the rules, answered by a template already cached — and
 * the rest need a model. The cache learns while a replay runs: a skeleton's first answers go to a
 * model (the first makes a template, the next confirm it) and once its template serves, the later
 * records are free — from the next window on, since a window's answers are learnt when it ends.
 * So the sample is replayed through that learning in range order, and the share of records still
 * needing a model in its later half is taken for the part of the range the sample did not read.
 *
 * What a record that needs a model costs is measured, not assumed, when the output topic holds
 * recent extractions: their calls' USD per model-answered record, in real time and through the
 * Batch APIs (each call's share converted by its model's batch discount).
 */
import type { CacheMissKind } from '../cache/cache-miss.ts';
import type { TemplateCache } from '../cache/template-cache.ts';
import type { CallShareRecord } from '../contract/records.ts';
import type { NarrativeDecoder } from '../ingest/decoder.ts';
import { prepare } from '../prepare/prepare.ts';
import { findPrice, type PriceTable } from '../pricing/price-table.ts';
import { applyRules, rulesInputOf } from '../rules/apply-rules.ts';
import { answersAlone } from '../rules/rules-result.ts';

export type SampledRecord =
  | { kind: 'dead-letter' | 'rules' | 'cache'; progress: number }
  /**
   * `progress`: where in its partition's range the record lies, 0 at the start, 1 at the end.
   * `answersToServe`: model answers its skeleton still needs before its template serves (null: never).
   */
  | { kind: 'model'; skeleton: string; answersToServe: number | null; progress: number };

export type CostPerModelRecord = {
  /** Nano-USD per record a model answered, in real time and through the Batch APIs. */
  realTimeNano: number;
  batchNano: number;
  /** Where the figure comes from, said with the estimate. */
  basis: string;
};

export type ModeEstimate = { modelRecords: number; freeShare: number; usd: number };

export type ReplayEstimate = {
  records: number;
  sampled: number;
  realTime: ModeEstimate;
  batch: ModeEstimate;
  basis: string;
};

/**
 * Sorts sampled messages as the pipeline would read them for free: a dead letter, the rules alone,
 * a template the cache holds now (looked at read-only), or model work — with how many answers its
 * skeleton needs before a template of it serves.
 */
export async function sortSample(
  messages: readonly { message: { value: Buffer | null; timestamp: string }; progress: number }[],
  deps: { decode: NarrativeDecoder; cache: TemplateCache | undefined; minConfirmations: number; lookupBatch: number; now: () => number },
): Promise<SampledRecord[]> {
  const sample: SampledRecord[] = [];
  const pending: { key: number; prepared: ReturnType<typeof prepare>; rules: ReturnType<typeof applyRules>; progress: number }[] = [];
  for (const { message, progress } of messages) {
    const decoded = await deps.decode(message.value, { receivedAt: Number(message.timestamp) || deps.now() });
    if (!decoded.ok) {
      sample.push({ kind: 'dead-letter', progress });
      continue;
    }
    const prepared = prepare(decoded.record);
    const rules = applyRules(rulesInputOf(prepared));
    if (answersAlone(rules)) sample.push({ kind: 'rules', progress });
    else pending.push({ key: pending.length, prepared, rules, progress });
  }
  const looked = new Map<number, CacheMissKind | 'hit'>();
  for (let i = 0; deps.cache && i < pending.length; i += deps.lookupBatch) {
    const lookup = await deps.cache.answer(pending.slice(i, i + deps.lookupBatch), { readOnly: true });
    for (const key of lookup.answers.keys()) looked.set(key, 'hit');
    for (const [key, miss] of lookup.misses) looked.set(key, miss.kind);
  }
  const toServe = (kind: CacheMissKind | undefined): number | null => {
    if (!deps.cache || kind === undefined || kind === 'unavailable') return null;
    // A stored template waits for its confirmations; any other miss makes a template of its own skeleton.
    return kind === 'unconfirmed' ? 1 : deps.minConfirmations + 1;
  };
  for (const item of pending) {
    const kind = looked.get(item.key);
    sample.push(
      kind === 'hit'
        ? { kind: 'cache', progress: item.progress }
        : { kind: 'model', skeleton: item.prepared.skeleton, answersToServe: toServe(kind), progress: item.progress },
    );
  }
  return sample;
}

/**
 * `windowRecords`: records answered together in each mode. A template learnt from a window's
 * answers serves only the windows after it, so the larger the window (a batch's thousands, real
 * time's few hundred), the less a range teaches itself.
 */
export function estimateReplay(input: {
  sample: readonly SampledRecord[];
  records: number;
  windowRecords: { realTime: number; batch: number };
  cost: CostPerModelRecord;
}): ReplayEstimate {
  const ordered = [...input.sample].sort((a, b) => a.progress - b.progress);
  const mode = (windowRecords: number, nanoPerRecord: number): ModeEstimate => {
    const modelRecords = modelRecordsIn(ordered, input.records, windowRecords);
    return {
      modelRecords: Math.round(modelRecords),
      freeShare: input.records > 0 ? 1 - modelRecords / input.records : 1,
      usd: (modelRecords * nanoPerRecord) / 1e9,
    };
  };
  return {
    records: input.records,
    sampled: ordered.length,
    realTime: mode(input.windowRecords.realTime, input.cost.realTimeNano),
    batch: mode(input.windowRecords.batch, input.cost.batchNano),
    basis: input.cost.basis,
  };
}

/** The sample replayed through the cache's learning, window by window; the unread rest at the later half's share. */
function modelRecordsIn(ordered: readonly SampledRecord[], records: number, windowRecords: number): number {
  const answers = new Map<string, number>();
  const servesFrom = new Map<string, number>();
  const needsModel = ordered.map((record) => {
    if (record.kind !== 'model') return false;
    const window = Math.floor((record.progress * records) / Math.max(1, windowRecords));
    const from = servesFrom.get(record.skeleton);
    if (from !== undefined && window > from) return false;
    const answered = (answers.get(record.skeleton) ?? 0) + 1;
    answers.set(record.skeleton, answered);
    if (record.answersToServe !== null && answered === record.answersToServe) servesFrom.set(record.skeleton, window);
    return true;
  });
  const sampled = ordered.length;
  if (sampled === 0) return 0;
  const later = needsModel.slice(Math.floor(sampled / 2));
  const laterShare = later.filter(Boolean).length / Math.max(1, later.length);
  return Math.min(records, needsModel.filter(Boolean).length + Math.max(0, records - sampled) * laterShare);
}

/**
 * USD per model-answered record measured on recent extractions: every call share at its real-time
 * price (a share paid through a batch is grossed up by its model's discount) and at its batch price.
 * Null when none of them had a model call.
 */
export function measuredCost(calls: readonly (readonly CallShareRecord[])[], prices: PriceTable): CostPerModelRecord | null {
  const withCalls = calls.filter((c) => c.length > 0);
  if (withCalls.length === 0) return null;
  let real = 0;
  let batch = 0;
  for (const record of withCalls) {
    for (const share of record) {
      const discount = findPrice(prices, share.provider, share.model)?.batchDiscount ?? 0;
      const nano = Number(share.usd) * 1e9;
      const realTime = share.batch_api && discount < 1 ? nano / (1 - discount) : nano;
      real += realTime;
      batch += realTime * (1 - discount);
    }
  }
  return {
    realTimeNano: real / withCalls.length,
    batchNano: batch / withCalls.length,
    basis: `measured on ${withCalls.length} recent model-answered extractions`,
  };
}
