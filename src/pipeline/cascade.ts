/**
 * The path of a window of prepared records through the tiers: the rules tier answers what it
 * can alone; the rest go to the model tiers in order, each answer merged with the confident
 * rules readings, validated (grounding, cross-field checks, confidence), and escalated to the
 * next tier when doubtful. Every record leaves with the cost of every call that carried it.
 */
import type { CacheMiss } from '../cache/cache-miss.ts';
import type { TemplateCache } from '../cache/template-cache.ts';
import { type FieldName, fieldMatches } from '../contract/field-match.ts';
import { EMPTY_FIELDS, type ExtractedFields, type Extraction, FIELD_NAMES, type TransactionNarrative } from '../contract/records.ts';
import type { BudgetGuard } from '../dispatch/budget-guard.ts';
import { type CallObserver, dispatchToTier, type TierAnswer, type TierDispatch, type TierInput } from '../dispatch/dispatch-tier.ts';
import type { ModelTier } from '../dispatch/model-tier.ts';
import type { PreparedRecord } from '../prepare/prepared-record.ts';
import type { PriceTable } from '../pricing/price-table.ts';
import type { CallShare } from '../pricing/record-cost.ts';
import { routeFeatures } from '../routing/features.ts';
import type { RouteEntry, TierAttempt } from '../routing/route-entry.ts';
import { fixedCascade, type Router } from '../routing/router.ts';
import { SkeletonSightings } from '../routing/skeleton-sightings.ts';
import { applyRules, rulesInputOf } from '../rules/apply-rules.ts';
import { answersAlone, CONFIDENT, type RulesResult } from '../rules/rules-result.ts';
import { consistencyProblems } from '../validate/consistency.ts';
import { groundedOnly } from '../validate/grounding.ts';
import { rulesDisagreements } from '../validate/rules-agreement.ts';
import { buildExtraction, type Outcome } from './build-extraction.ts';

export type CascadeDeps = {
  tiers: readonly ModelTier[];
  prices: PriceTable;
  now: () => number;
  /** Which tiers each record tries; the fixed cascade (every tier, in order) when absent. */
  router?: Router;
  /** Told the route of every record that went to the model tiers, for the router to learn from. */
  routes?: { routed(entries: readonly RouteEntry[]): Promise<void> };
  /** Skeletons seen lately (a router feature); a fresh count per window when absent. */
  sightings?: SkeletonSightings;
  signal?: AbortSignal;
  onCall?: CallObserver;
  /** The template cache; absent, every record the rules leave goes to the model tiers. */
  cache?: TemplateCache;
  /** How a tier's records are sent: in real time (dispatchToTier) unless set, e.g. through the Batch APIs. */
  dispatch?: TierDispatch;
  /** The spending limits every model call reserves against (budget-guard.ts). */
  budget?: BudgetGuard;
  /** Points the accuracy target and the confidence bars give way for now, near the budget's limit (routing/budget-relaxation.ts). */
  relaxation?: () => number;
  /**
   * Whether a record the rules and the cache left may wait for the Batch APIs (its latency budget
   * allows it): it is then set aside, unanswered, for the deferred lane (`openDeferredLane` in cli/build-service.ts).
   */
  defer?: (record: TransactionNarrative) => boolean;
};

/** A window's extractions, and the items set aside for the Batch APIs (in window order). */
export type CascadeResult = { extractions: Extraction[]; deferred: WindowItem[] };

type Candidate = { fields: ExtractedFields; confidence: number; answer: TierAnswer; tier: string; problems: string[] };

/**
 * A prepared record and when the service took it in (its latency runs from there), with its rules
 * reading when that was done already (the rules pool), and how often its skeleton was seen before
 * when it was counted already (skeletonSeen: the pipeline counts every record of a window in order,
 * those the rules answer included, before the cascade sees the rest).
 */
export type WindowItem = { prepared: PreparedRecord; intakeAt: number; rules?: RulesResult; skeletonSeen?: number };

type RecordState = {
  prepared: PreparedRecord;
  intakeAt: number;
  rules: RulesResult;
  shares: CallShare[];
  tried: string[];
  /** The tiers the router chose for this record, in order. */
  route: readonly string[];
  /** What the route was planned from, once planned. */
  routing: { features: Float64Array; version: string | null; explored: boolean } | undefined;
  cacheMiss: CacheMiss;
  skeletonSeen: number;
  /** Each model tier's answer, as judged. */
  attempts: TierAttempt[];
  /** What each model tier answered, in order, before the rules were merged in. */
  modelAnswers: ExtractedFields[];
  best: Candidate | undefined;
  outcome: Outcome | undefined;
};

export async function runCascade(window: readonly WindowItem[], deps: CascadeDeps): Promise<Extraction[]> {
  return (await runCascadeDeferring(window, deps)).extractions;
}

export async function runCascadeDeferring(window: readonly WindowItem[], deps: CascadeDeps): Promise<CascadeResult> {
  const router = routerOf(deps);
  const sightings = deps.sightings ?? SkeletonSightings.forOneWindow(window.length);
  const states: RecordState[] = window.map(({ prepared, intakeAt, rules: ruled, skeletonSeen }) => {
    const rules = ruled ?? applyRules(rulesInputOf(prepared));
    return {
      prepared,
      intakeAt,
      rules,
      shares: [],
      tried: [],
      route: [],
      routing: undefined,
      cacheMiss: UNCACHED,
      skeletonSeen: skeletonSeen ?? sightings.sight(prepared.skeleton),
      attempts: [],
      modelAnswers: [],
      best: undefined,
      outcome: rulesOutcome(rules),
    };
  });

  if (deps.cache) await answerFromCache(states, deps.cache);
  const deferred = new Set<RecordState>(deps.defer ? states.filter((state) => !state.outcome && deps.defer!(state.prepared.record)) : []);
  // Read once a window: every record of it is routed under the same pressure.
  const relax = deps.relaxation?.() ?? 0;
  for (const state of states) if (!state.outcome && !deferred.has(state)) planRoute(state, router, relax);

  for (const tier of deps.tiers) {
    const pending = states
      .map((state, key) => ({ state, key }))
      .filter(({ state }) => !state.outcome && !deferred.has(state) && state.route.includes(tier.name));
    if (pending.length === 0) continue;
    const inputs: TierInput[] = pending.map(({ state, key }) => ({ key, prompt: promptFor(state), ask: unread(state.rules) }));
    const result = await (deps.dispatch ?? dispatchToTier)(tier, inputs, {
      prices: deps.prices,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.onCall ? { onCall: deps.onCall } : {}),
      ...(deps.budget ? { budget: deps.budget } : {}),
    });
    for (const { state, key } of pending) {
      state.tried.push(tier.name);
      state.shares.push(...(result.shares.get(key) ?? []));
      const answer = result.answers.get(key);
      if (!answer) continue;
      const candidate = judge(state, answer, tier);
      state.modelAnswers.push(candidate.answer.fields);
      state.attempts.push({
        tier: tier.name,
        model: answer.model,
        confidence: candidate.confidence,
        clean: candidate.problems.length === 0,
        fields: candidate.fields,
        nanoUsd: (result.shares.get(key) ?? []).reduce((sum, share) => sum + share.nanoUsd, 0),
      });
      if (!state.best || better(candidate, state.best)) state.best = candidate;
      // An explored record is routed as the fixed cascade routes it, bars included: where a learnt
      // bar keeps doubted answers, only these still show what the next tier would have said.
      const bar = state.routing?.explored
        ? tier.minConfidence
        : (router.escalationThreshold(tier.name, state.routing?.features ?? null) ?? tier.minConfidence) - relax;
      if (candidate.problems.length === 0 && candidate.confidence >= bar) {
        state.outcome = {
          status: 'OK',
          tier: tier.name,
          fields: candidate.fields,
          confidence: candidate.confidence,
          answer,
          failureReason: null,
        };
      }
    }
  }

  if (deps.cache) {
    await deps.cache.learn(
      states.flatMap((state) => {
        const { outcome } = state;
        if (outcome?.status !== 'OK' || !outcome.answer) return [];
        return [
          {
            prepared: state.prepared,
            fields: outcome.fields,
            confidence: outcome.confidence,
            producedBy: { tier: outcome.tier, model: outcome.answer.model },
            confirmed: stableFieldsConfirmed(state, outcome.fields),
          },
        ];
      }),
    );
  }

  const extractedAt = deps.now();
  const answered = states.filter((state) => !deferred.has(state));
  const extractions = answered.map((state) => {
    state.outcome ??= settle(state);
    return buildExtraction({
      record: state.prepared.record,
      outcome: state.outcome,
      shares: state.shares,
      tried: state.tried,
      routerVersion: state.routing?.version ?? router.version,
      intakeAt: state.intakeAt,
      extractedAt,
    });
  });
  if (deps.routes) await deps.routes.routed(answered.flatMap((state) => routeEntry(state, extractedAt)));
  return { extractions, deferred: window.filter((_, i) => deferred.has(states[i]!)) };
}

const UNCACHED: CacheMiss = { similarity: 0, kind: 'unavailable' };

function routerOf(deps: CascadeDeps): Router {
  return deps.router ?? fixedCascade(deps.tiers.map((t) => t.name));
}

/** The rules' answer when they read every field confidently, else undefined: the other tiers are needed. */
function rulesOutcome(rules: RulesResult): Outcome | undefined {
  if (!answersAlone(rules)) return undefined;
  return {
    status: 'OK',
    tier: 'rules',
    fields: rulesFields(rules),
    confidence: minConfidence(rules),
    answer: undefined,
    failureReason: null,
  };
}

/**
 * The extraction of a record the rules answer alone, or undefined. Such a record needs nothing of
 * the rest of its window (no lookup, no model call, nothing learnt, no route logged): the pipeline
 * finishes it as soon as its rules are read, and lets its prepared form go.
 */
export function extractionByRules(
  item: WindowItem & { rules: RulesResult },
  routerVersion: string | null,
  extractedAt: number,
): Extraction | undefined {
  const outcome = rulesOutcome(item.rules);
  if (!outcome) return undefined;
  return buildExtraction({
    record: item.prepared.record,
    outcome,
    shares: [],
    tried: [],
    routerVersion,
    intakeAt: item.intakeAt,
    extractedAt,
  });
}

/** What a window's extractions record as provenance.router_version when no model tier was tried. */
export function routerVersionOf(deps: CascadeDeps): string | null {
  return routerOf(deps).version;
}

function planRoute(state: RecordState, router: Router, relax: number): void {
  const { record } = state.prepared;
  const features = routeFeatures({
    prepared: state.prepared,
    rules: state.rules,
    cache: state.cacheMiss,
    sourceErrorRate: router.sourceErrorRate(record.source_id),
    skeletonSeen: state.skeletonSeen,
  });
  const route = router.plan(features, record.record_id, relax);
  state.route = route.tiers;
  state.routing = { features, version: router.version, explored: route.explored };
}

/**
 * The log keeps tens of thousands of these: a spread copy holds each number boxed (about 2.5 times
 * the memory), an array filled by index keeps them unboxed.
 */
function unboxedCopy(values: Float64Array): number[] {
  const copy = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) copy[i] = values[i]!;
  return copy;
}

/** What the router learns from a record that went to the model tiers; none for one that did not reach a tier. */
function routeEntry(state: RecordState, at: number): RouteEntry[] {
  const { routing, outcome } = state;
  if (!routing || !outcome || state.attempts.length === 0) return [];
  return [
    {
      record_id: state.prepared.record.record_id,
      source_id: state.prepared.record.source_id,
      at,
      router_version: routing.version,
      features: unboxedCopy(routing.features),
      explored: routing.explored,
      attempts: state.attempts,
      final: { tier: outcome.tier, status: outcome.status, fields: outcome.fields },
      verdict: null,
    },
  ];
}

async function answerFromCache(states: RecordState[], cache: TemplateCache): Promise<void> {
  const pending = states.map((state, key) => ({ state, key })).filter(({ state }) => !state.outcome);
  if (pending.length === 0) return;
  const lookup = await cache.answer(pending.map(({ state, key }) => ({ key, prepared: state.prepared, rules: state.rules })));
  for (const { state, key } of pending) {
    state.shares.push(...(lookup.shares.get(key) ?? []));
    state.cacheMiss = lookup.misses.get(key) ?? UNCACHED;
    const hit = lookup.answers.get(key);
    if (!hit) continue;
    state.outcome = {
      status: 'OK',
      tier: 'cache',
      fields: hit.fields,
      confidence: Math.min(0.97, hit.score),
      answer: undefined,
      failureReason: null,
      cacheEntryId: hit.templateId,
    };
  }
}

const STABLE_FIELDS = ['counterparty', 'transaction_type', 'category', 'direction'] as const;

/**
 * Whether an answer's stable fields (what a template would repeat) were confirmed independently:
 * every one read confidently and alike by the rules, or given alike by two model tiers.
 */
function stableFieldsConfirmed(state: RecordState, fields: ExtractedFields): boolean {
  const byRules = STABLE_FIELDS.every(
    (name) => state.rules.fields[name].confidence >= CONFIDENT && fieldMatches(name, state.rules.fields[name].value, fields[name]),
  );
  const tiersAgreeing = state.modelAnswers.filter((answer) =>
    STABLE_FIELDS.every((name) => fieldMatches(name, answer[name], fields[name])),
  );
  return byRules || tiersAgreeing.length >= 2;
}

/** When no tier gave a clean answer: the best doubtful one, or the rules' confident fields. */
function settle(state: RecordState): Outcome {
  if (state.best) {
    const { best } = state;
    return {
      status: 'LOW_CONFIDENCE',
      tier: best.tier,
      fields: best.fields,
      confidence: Math.min(best.confidence, 0.5),
      answer: best.answer,
      failureReason:
        best.problems.length > 0 ? best.problems.join('; ') : `confidence ${best.confidence.toFixed(2)} below the bar of every tier`,
    };
  }
  return {
    status: 'FAILED',
    tier: state.tried.at(-1) ?? 'rules',
    fields: rulesFields(state.rules),
    confidence: 0,
    answer: undefined,
    failureReason:
      state.tried.length === 0
        ? 'no model tier is configured and the rules could not answer alone'
        : `no tier answered (${state.tried.join(', ')})`,
  };
}

function judge(state: RecordState, given: TierAnswer, tier: ModelTier): Candidate {
  // A compact-format tier was asked only what the rules did not read confidently: the rest of its
  // answer is the rules' reading, not a null that would contradict it (or, agreeing with another
  // such null, outvote it).
  const answer = tier.answerFormat === 'compact' ? { ...given, fields: { ...given.fields, ...confidentReadings(state.rules) } } : given;
  const merged = mergeWithRules(answer.fields, state.rules, state.modelAnswers);
  const grounded = groundedOnly(merged, { text: state.prepared.masked, currencyHint: state.prepared.record.currency_hint });
  const { fields } = grounded;
  const problems = [...grounded.problems, ...consistencyProblems(fields), ...rulesDisagreements(fields, state.rules)];
  const overruled = FIELD_NAMES.filter((name) => state.rules.fields[name].confidence >= CONFIDENT && answer.fields[name] !== fields[name]);
  const confidence = answer.confidence * (overruled.length > 0 ? 0.8 : 1);
  return { fields, confidence, answer, tier: tier.name, problems };
}

const better = (a: Candidate, b: Candidate) =>
  a.problems.length < b.problems.length || (a.problems.length === b.problems.length && a.confidence > b.confidence);

/**
 * Confident rules readings are grounded by construction, so they win over one model's answer. Two
 * models of different tiers agreeing against them win instead: on a layout the rules have not
 * seen, a confident reading can still be the wrong one.
 */
export function mergeWithRules(fields: ExtractedFields, rules: RulesResult, earlier: readonly ExtractedFields[]): ExtractedFields {
  const merged: Record<string, unknown> = { ...fields };
  for (const name of FIELD_NAMES) {
    const reading = rules.fields[name];
    if (reading.confidence < CONFIDENT || fieldMatches(name, fields[name], reading.value)) continue;
    const corroborated = earlier.some((answer) => fieldMatches(name, answer[name], fields[name]));
    if (!corroborated) merged[name] = reading.value;
  }
  return merged as ExtractedFields;
}

/** The fields the rules did not read confidently: what a compact-format tier asks for. */
function unread(rules: RulesResult): FieldName[] {
  return FIELD_NAMES.filter((name) => rules.fields[name].confidence < CONFIDENT);
}

function rulesFields(rules: RulesResult): ExtractedFields {
  return { ...EMPTY_FIELDS, ...confidentReadings(rules) };
}

function confidentReadings(rules: RulesResult): Partial<ExtractedFields> {
  const fields: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) if (rules.fields[name].confidence >= CONFIDENT) fields[name] = rules.fields[name].value;
  return fields as Partial<ExtractedFields>;
}

function minConfidence(rules: RulesResult): number {
  return Math.min(...FIELD_NAMES.map((name) => rules.fields[name].confidence));
}

function promptFor(state: RecordState): TierInput['prompt'] {
  const { record } = state.prepared;
  const hints = rulesFields(state.rules);
  const given = Object.fromEntries(Object.entries(hints).filter(([, v]) => v !== null));
  return {
    text: state.prepared.masked,
    ...(record.locale ? { locale: record.locale } : {}),
    ...(record.statement_date ? { statement_date: record.statement_date } : {}),
    ...(record.currency_hint ? { currency_hint: record.currency_hint } : {}),
    ...(Object.keys(given).length > 0 ? { hints: given } : {}),
  };
}
