/**
 * The template cache as the pipeline sees it: for a window of records the rules could not answer
 * alone, the exact skeleton matches the store has at hand in process, then one store round trip
 * (exact term and kNN) for the rest; each candidate judged by the cache policy and re-grounded in
 * the record's own slots. Confident model answers are learnt as templates; feedback marking an answer incorrect evicts
 * the template behind it. When the store fails or is slow, the window goes on without the cache.
 */

import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import { RecentKeys } from '../common/recent-keys.ts';
import { CircuitBreaker } from '../common/resilience/circuit-breaker.ts';
import { fieldMatches } from '../contract/field-match.ts';
import type { ExtractedFields } from '../contract/records.ts';
import type { PreparedRecord } from '../prepare/prepared-record.ts';
import type { PriceTable } from '../pricing/price-table.ts';
import { type CallShare, shareCall } from '../pricing/record-cost.ts';
import type { RulesResult } from '../rules/rules-result.ts';
import { type CacheMiss, nearestMiss } from './cache-miss.ts';
import { type CachePolicy, judgeCandidate, type Verdict } from './cache-policy.ts';
import type { Embedder } from './embedder.ts';
import { type Outcomes, pooledPrior } from './error-bound.ts';
import { learnTemplate } from './learn-template.ts';
import { QuantizedVectors } from './quantized-vectors.ts';
import { type Regrounded, reground } from './reground.ts';
import type { Template } from './template.ts';
import type { LookupOptions, TemplateCandidate, TemplateQuery, TemplateStore } from './template-store.ts';

export type CacheItem = { key: number; prepared: PreparedRecord; rules: RulesResult };
export type CacheAnswer = { fields: ExtractedFields; templateId: string; score: number; exact: boolean };
export type CacheLookup = {
  answers: Map<number, CacheAnswer>;
  shares: Map<number, CallShare[]>;
  stale: Set<string>;
  /** For each record not answered: its nearest candidate and why it did not serve. */
  misses: Map<number, CacheMiss>;
};
export type Lesson = {
  prepared: PreparedRecord;
  fields: ExtractedFields;
  confidence: number;
  producedBy: { tier: string; model: string | null };
  /** The stable fields were confirmed with the answer: the rules' confident readings, or two tiers agreeing. */
  confirmed?: boolean;
};

/** Which templates a record may use: its source's, its document type's, or any. */
export type CacheScope = 'source' | 'document_type' | 'global';

export type TemplateCacheOptions = {
  store: TemplateStore;
  scope: CacheScope;
  /** Null: exact skeleton matches only. */
  embedder: Embedder | null;
  policy: CachePolicy;
  lookup: LookupOptions;
  /** Answers below this confidence are not learnt. */
  admitMinConfidence: number;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
  prices: PriceTable;
};

/** Records per lookup request: the micro-batch the lookup's latency is measured and tuned at. */
const LOOKUP_CHUNK = 256;
/**
 * Skeleton embeddings kept for the lessons of the windows in flight, so that a template learnt
 * from a model's answer is not embedded twice; twice the default in-flight bound of records.
 */
const EMBEDDINGS_KEPT = 10_000;
/** Records answered lately whose verdicts measure the cache: verdicts come within this many answers of the cache. */
const SERVED_KEPT = 100_000;

export class TemplateCache {
  readonly #o: TemplateCacheOptions;
  /** Made at the first embedding, which says their dimensions. */
  #embeddings: QuantizedVectors | undefined;
  readonly #breaker: CircuitBreaker;
  /**
   * For a record sent on to the models: the template that would have answered it but for a
   * confirmation. The record's own answer, when learnt, confirms or contradicts it.
   */
  readonly #awaiting = new Map<string, Template>();
  /**
   * Feedback verdicts on templates' answers: the cache-wide record each template's bound starts
   * from. Disagreeing model answers count against their template only: either answer may be the
   * wrong one, and a model's own error rate would shut the whole cache.
   */
  readonly #pool: Outcomes = { correct: 0, incorrect: 0 };
  /**
   * Records this cache answered lately. Only verdicts on those measure the cache: a verdict on the
   * model answer a template was learnt from judges the model, and pooling those made one wrong
   * model answer shut every young template (the cache then served nothing, and so never heard of
   * its own answers again).
   */
  readonly #served = new RecentKeys(SERVED_KEPT);

  constructor(options: TemplateCacheOptions) {
    this.#o = options;
    this.#breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 5_000 }, options.clock);
  }

  /** Templates in the store. */
  size(): Promise<number> {
    return this.#o.store.size();
  }

  /** The store's circuit: open while it failed lately (lookups then miss at once). */
  get circuitState() {
    return this.#breaker.state;
  }

  /**
   * `readOnly` (an estimate, such as `replay --dry-run`): looks only — no hit counted, no record
   * linked, no stale template evicted, and no embedding from a paid provider (its near matches are
   * then not looked for, only exact ones).
   */
  async answer(items: readonly CacheItem[], options: { readOnly?: boolean } = {}): Promise<CacheLookup> {
    const result: CacheLookup = { answers: new Map(), shares: new Map(), stale: new Set(), misses: new Map() };
    // Records an exact match at hand serves cost no round trip; the others are looked up, and
    // their candidates judged there, once.
    const atHand = this.#o.store.exactAtHand(items.map((item) => this.#query(item, null)));
    const remote: CacheItem[] = [];
    for (const item of items) if (!this.#serveAtHand(item, atHand.get(String(item.key)) ?? [], result)) remote.push(item);
    // A batch window holds thousands of records: looked up a micro-batch at a time, each request
    // stays within the request timeout, and one that fails costs its own records only.
    for (let from = 0; from < remote.length && this.#breaker.tryEnter(); from += LOOKUP_CHUNK) {
      try {
        await this.#lookUp(remote.slice(from, from + LOOKUP_CHUNK), result, options.readOnly ?? false);
        this.#breaker.succeeded();
      } catch (error) {
        this.#unavailable('lookup', error);
      }
    }
    for (const item of items)
      if (!result.answers.has(item.key) && !result.misses.has(item.key))
        result.misses.set(item.key, { similarity: 0, kind: 'unavailable' });
    if (options.readOnly) return result;
    if (result.stale.size > 0) await this.#evict([...result.stale], 'stale');
    if (result.answers.size > 0 && this.#breaker.tryEnter()) {
      const at = this.#o.clock.now();
      const answered = items.filter((item) => result.answers.has(item.key));
      try {
        await this.#o.store.recordHits(answered.map((item) => ({ id: result.answers.get(item.key)!.templateId, at })));
        await this.#o.store.linkRecords(
          answered.map((item) => ({ recordId: item.prepared.record.record_id, templateId: result.answers.get(item.key)!.templateId })),
        );
        this.#breaker.succeeded();
      } catch (error) {
        this.#unavailable('record-hits', error);
      }
    }
    return result;
  }

  async #lookUp(remote: readonly CacheItem[], result: CacheLookup, readOnly: boolean): Promise<void> {
    const free = this.#o.embedder?.id.startsWith('local') ?? true;
    const embeddings = readOnly && !free ? null : await this.#embed(remote, result);
    const candidates = await this.#o.store.lookup(
      remote.map((item, i) => this.#query(item, embeddings?.[i] ?? null)),
      this.#o.lookup,
    );
    for (const item of remote) {
      const found = candidates.get(String(item.key)) ?? [];
      const hit = found.some((c) => this.#accept(item, c, result));
      if (!hit) this.#o.metrics.cacheLookups.inc({ result: 'miss', match: 'none' });
      if (found.length === 0) result.misses.set(item.key, { similarity: 0, kind: 'no_candidate' });
    }
  }

  /**
   * Learns from confident answers. A template new to the store waits for an independent
   * confirmation before it serves (unless the answer came confirmed); an answer for a template
   * already stored counts as an outcome of it: right when it agrees on the stable fields, wrong
   * when it does not, which retires a template whose error bound then passes the limit (see
   * error-bound.ts). Returns how many answers were admitted or counted.
   */
  async learn(lessons: readonly Lesson[]): Promise<number> {
    const admitted: { recordId: string; template: Template }[] = [];
    for (const lesson of lessons) {
      if (lesson.confidence < this.#o.admitMinConfidence) {
        this.#o.metrics.cacheAdmissions.inc({ outcome: 'low_confidence' });
        continue;
      }
      const admission = learnTemplate({
        prepared: lesson.prepared,
        fields: lesson.fields,
        producedBy: lesson.producedBy,
        confirmed: lesson.confirmed === true,
        now: this.#o.clock.now(),
        embedding: this.#embeddings?.get(lesson.prepared.skeleton) ?? null,
      });
      if (admission.ok) admitted.push({ recordId: lesson.prepared.record.record_id, template: admission.template });
      else this.#o.metrics.cacheAdmissions.inc({ outcome: 'not_regroundable' });
    }
    if (admitted.length === 0 || !this.#breaker.tryEnter()) return 0;
    try {
      const known = await this.#stored(admitted.map((a) => a.template));
      const fresh: Template[] = [];
      const verdicts: { id: string; correct: boolean }[] = [];
      for (const { recordId, template } of admitted) {
        const awaited = this.#awaited(recordId, template.id);
        const old = known.get(template.id) ?? awaited;
        if (!old) {
          known.set(template.id, template);
          fresh.push(template);
          this.#o.metrics.cacheAdmissions.inc({ outcome: 'admitted' });
          continue;
        }
        const agrees = sameStableFields(old, template);
        verdicts.push({ id: old.id, correct: agrees });
        const feedback = agrees
          ? { ...old.feedback, correct: old.feedback.correct + 1 }
          : { ...old.feedback, incorrect: old.feedback.incorrect + 1 };
        known.set(old.id, { ...old, feedback });
        this.#o.metrics.cacheAdmissions.inc({ outcome: agrees ? 'confirmed' : 'contradicted' });
        if (old.id === template.id) continue;
        // A near template's own skeleton is new: it is learnt too, confirmed when the two agree.
        const confirmed = agrees ? { ...template, feedback: { ...template.feedback, correct: template.feedback.correct + 1 } } : template;
        known.set(template.id, confirmed);
        fresh.push(confirmed);
        this.#o.metrics.cacheAdmissions.inc({ outcome: 'admitted' });
      }
      await this.#o.store.put(fresh);
      await this.#o.store.recordFeedback(verdicts);
      await this.#o.store.linkRecords(admitted.map((a) => ({ recordId: a.recordId, templateId: a.template.id })));
      this.#breaker.succeeded();
      return admitted.length;
    } catch (error) {
      this.#unavailable('put', error);
      return 0;
    }
  }

  /** The stored templates with these ids, by one exact lookup. */
  async #stored(templates: readonly Template[]): Promise<Map<string, Template>> {
    const queries = templates.map((t) => ({
      key: t.id,
      skeleton: t.skeleton,
      embedding: null,
      filter: { source_id: t.scope.source_id, document_type: t.scope.document_type, template_version: t.scope.template_version },
    }));
    const found = await this.#o.store.lookup(queries, { k: 1, numCandidates: 1 });
    const stored = new Map<string, Template>();
    for (const t of templates) {
      const match = (found.get(t.id) ?? []).find((c) => c.exact && c.template.id === t.id);
      if (match) stored.set(t.id, match.template);
    }
    return stored;
  }

  /** Feedback on answers: an INCORRECT one evicts the template behind it. */
  async feedback(verdicts: readonly { recordId: string; correct: boolean }[]): Promise<number> {
    const templates = await this.#o.store.templatesOfRecords(verdicts.map((v) => v.recordId));
    const counted = verdicts.flatMap((v) => (templates.has(v.recordId) ? [{ id: templates.get(v.recordId)!, correct: v.correct }] : []));
    await this.#o.store.recordFeedback(counted);
    for (const v of verdicts) if (templates.has(v.recordId) && this.#served.delete(v.recordId)) this.#count(v.correct);
    const evict = [...new Set(counted.filter((c) => !c.correct).map((c) => c.id))];
    await this.#evict(evict, 'incorrect_feedback');
    return evict.length;
  }

  async #evict(ids: readonly string[], reason: string): Promise<void> {
    if (ids.length === 0 || !this.#breaker.tryEnter()) return;
    try {
      await this.#o.store.evict(ids);
      this.#breaker.succeeded();
      this.#o.metrics.cacheEvictions.inc({ reason }, ids.length);
    } catch (error) {
      this.#unavailable('evict', error);
    }
  }

  #query(item: CacheItem, embedding: number[] | null): TemplateQuery {
    return { key: String(item.key), skeleton: item.prepared.skeleton, embedding, filter: scopeFilter(this.#o.scope, item.prepared) };
  }

  /**
   * Answers the record from the exact matches at hand when one of them serves it, with the effects
   * of judging it and those before it; when none does, nothing is recorded: the record is looked
   * up, and its candidates judged there.
   */
  #serveAtHand(item: CacheItem, known: readonly TemplateCandidate[], result: CacheLookup): boolean {
    const assessed: Assessment[] = [];
    for (const candidate of known) {
      assessed.push(this.#assess(item, candidate));
      if (!assessed.at(-1)!.regrounded?.ok) continue;
      for (const [i, assessment] of assessed.entries()) this.#accept(item, known[i]!, result, assessment);
      return true;
    }
    return false;
  }

  /** The policy's verdict on a candidate and, when it is a hit, the record's fields re-read through it. */
  #assess(item: CacheItem, candidate: TemplateCandidate): Assessment {
    const prior = pooledPrior(this.#pool, this.#o.policy.errorPrior);
    const verdict = judgeCandidate(candidate, item.prepared, this.#o.clock.now(), this.#o.policy, prior);
    return { verdict, regrounded: verdict.hit ? reground(candidate.template, item.prepared, item.rules) : null };
  }

  #accept(item: CacheItem, candidate: TemplateCandidate, result: CacheLookup, assessment = this.#assess(item, candidate)): boolean {
    const match = candidate.exact ? 'exact' : 'near';
    const { verdict, regrounded } = assessment;
    if (!verdict.hit) {
      result.misses.set(item.key, nearestMiss(result.misses.get(item.key), candidate.similarity, verdict.miss));
      if (verdict.unconfirmed) this.#await(item.prepared.record.record_id, candidate.template);
      if (verdict.stale) {
        this.#o.metrics.cacheLookups.inc({ result: 'stale', match });
        result.stale.add(candidate.template.id);
      }
      return false;
    }
    if (!regrounded?.ok) {
      result.misses.set(item.key, nearestMiss(result.misses.get(item.key), candidate.similarity, 'reground'));
      this.#o.metrics.cacheLookups.inc({ result: 'reground_failed', match });
      return false;
    }
    this.#o.metrics.cacheLookups.inc({ result: 'hit', match });
    this.#served.set(item.prepared.record.record_id);
    result.misses.delete(item.key);
    result.answers.set(item.key, {
      fields: regrounded.fields,
      templateId: candidate.template.id,
      score: verdict.score,
      exact: candidate.exact,
    });
    return true;
  }

  async #embed(items: readonly CacheItem[], result: CacheLookup): Promise<number[][] | null> {
    if (!this.#o.embedder) return null;
    const embedded = await this.#o.embedder.embed(items.map((i) => i.prepared.skeleton));
    const kept = (this.#embeddings ??= new QuantizedVectors(this.#o.embedder.dimensions));
    for (const [i, item] of items.entries()) kept.set(item.prepared.skeleton, embedded.vectors[i]!);
    while (kept.size > EMBEDDINGS_KEPT) kept.delete(kept.oldestKey()!);
    if (embedded.usage.inputTokens !== undefined) {
      const shares = shareCall(
        { tier: 'cache', provider: embedded.provider, model: embedded.model, usage: embedded.usage, batch: false },
        items.map((i) => i.prepared.skeleton.length + 1),
        this.#o.prices,
      );
      for (const [i, item] of items.entries()) result.shares.set(item.key, [shares[i]!]);
    }
    return embedded.vectors;
  }

  #await(recordId: string, template: Template): void {
    if (this.#awaiting.has(recordId)) return;
    this.#awaiting.set(recordId, template);
    if (this.#awaiting.size > 10_000) this.#awaiting.delete(this.#awaiting.keys().next().value!);
  }

  /** The template a record's answer confirms or contradicts, other than its own skeleton's. */
  #awaited(recordId: string, ownId: string): Template | undefined {
    const template = this.#awaiting.get(recordId);
    this.#awaiting.delete(recordId);
    return template?.id === ownId ? undefined : template;
  }

  #count(correct: boolean): void {
    if (correct) this.#pool.correct += 1;
    else this.#pool.incorrect += 1;
  }

  #unavailable(operation: string, error: unknown): void {
    this.#breaker.failed();
    this.#o.metrics.cacheErrors.inc({ operation });
    this.#o.logger.warn(`template store ${operation} failed; going on without the cache for now`, { error });
  }
}

function scopeFilter(scope: CacheScope, prepared: PreparedRecord): TemplateQuery['filter'] {
  const { record } = prepared;
  switch (scope) {
    case 'source':
      return { source_id: record.source_id, document_type: record.document_type, template_version: record.template_version };
    case 'document_type':
      return { source_id: null, document_type: record.document_type, template_version: undefined };
    case 'global':
      return { source_id: null, document_type: null, template_version: undefined };
  }
}

const STABLE_FIELDS = ['counterparty', 'transaction_type', 'category', 'direction', 'currency'] as const;

/** Two answers for one template agree when its stable fields are the same answer. */
function sameStableFields(a: Template, b: Template): boolean {
  return STABLE_FIELDS.every((name) => fieldMatches(name, a.stable[name], b.stable[name]));
}

type Assessment = { verdict: Verdict; regrounded: Regrounded | null };
