/**
 * The labelled data generator: narratives as real feeds print them, each with the truth the data
 * contract says a correct extraction returns. For tests, examples and benchmarks.
 *
 * Record n is a pure function of (seed, n): it has its own random streams, so runs are
 * deterministic, a longer run starts with a shorter one, and `startRecordId` continues a run.
 */

import { ParsimonyError } from '../../common/errors.ts';
import { type ExtractedFields, MAX_NARRATIVE_CHARS, type TransactionNarrative } from '../../contract/records.ts';
import { MARKETS, type Market } from './markets.ts';
import { memoInjection } from './memo-injections.ts';
import { drawParty } from './pools.ts';
import { HELD_OUT_RAILS_BY_ID } from './rails/held-out/index.ts';
import { RAILS_BY_ID, type Rail } from './rails/index.ts';
import { formatOf } from './rails/rail.ts';
import { dateBefore, epochOf, isoDateOf, Random } from './random.ts';
import { HELD_OUT_SOURCES, nextVersion, SOURCES, type SourceSpec } from './sources.ts';
import { cardNumberTrap, contactTrap, DEFAULT_TRAP_SHARES, injectionTrap, type Planted, type TrapKind, type TrapShares } from './traps.ts';

/**
 * Which print formats a run draws on: the sources the rules tier was written for (`seen`), the
 * held-out sources whose layouts it was not (`held-out`), or both mixed by weight (`all`).
 */
export type Formats = 'seen' | 'held-out' | 'all';

export type GenerateOptions = {
  /** How many records. */
  count: number;
  /** Names the data set: the same seed gives the same records. */
  seed: number;
  /** Index of the first record; record ids are `gen-<seed>-<index>`. Default 0. */
  startRecordId?: number;
  /**
   * Which formats: `seen` (the default, and the stream every earlier run produced), `held-out`
   * (only HELD_OUT_SOURCES), or `all` (SOURCES then HELD_OUT_SOURCES, mixed by weight).
   */
  formats?: Formats;
  /** How many sources to draw from: the first n of the catalogue `formats` selects, cloned (`<id>-2`, ...) beyond it. Default: that catalogue (18 seen, 14 held out). */
  sources?: number;
  /** Record index from which the sources that change their template print their next layout, with a bumped `template_version` and `source_updated_at`. Default: never. */
  templateChangeAt?: number;
  /** Share of records carrying each trap. Default DEFAULT_TRAP_SHARES; 0 turns a trap off. */
  trapShare?: Partial<TrapShares>;
  /** ISO date of the first statement; later records move forward in time. Default 2026-11-02. */
  statementDate?: string;
  /** Records per day of `received_at`. Default 100. */
  recordsPerDay?: number;
};

export type Generated = {
  record: TransactionNarrative;
  fields: ExtractedFields;
  /** How the record was made, for tests and per-rail benchmark breakdowns; not part of the contract. */
  meta: GeneratedMeta;
};

export type GeneratedMeta = {
  rail: string;
  railId: string;
  /** The source's layout number (before the rail takes it modulo its layout count). */
  layout: number;
  /** The print format the line used, `<rail id>#<layout name or index>` (formatOf). */
  format: string;
  /** Whether the format is one of the held-out ones the rules tier was not written for. */
  heldOut: boolean;
  traps: TrapKind[];
  /** What each planted instruction (appended or in the memo) asks for; absent when none was planted. */
  planted?: Planted[];
};

type PlannedSource = {
  id: string;
  spec: SourceSpec;
  market: Market;
  rails: (readonly [Rail, number])[];
  updatedAt: number;
  heldOut: boolean;
};

type Plan = {
  seed: number;
  traps: TrapShares;
  startMs: number;
  gapMs: number;
  templateChangeAt: number | null;
  sources: (readonly [PlannedSource, number])[];
};

/** How many days before the statement a line's date may fall, by document type. */
const MAX_LAG_DAYS: Readonly<Record<SourceSpec['documentType'], number>> = {
  card_feed: 4,
  daily_statement: 3,
  ach_batch: 2,
  wire_advice: 0,
};
const DAY_MS = 86_400_000;

export function* generate(options: GenerateOptions): Generator<Generated> {
  const plan = planRun(options);
  const first = options.startRecordId ?? 0;
  for (let n = first; n < first + options.count; n++) yield generateRecord(plan, n);
}

function planRun(options: GenerateOptions): Plan {
  const { count, seed, startRecordId = 0, formats = 'seen', templateChangeAt, statementDate = '2026-11-02', recordsPerDay = 100 } = options;
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new ParsimonyError('USAGE', `generate: ${message}`);
  };
  check(Object.hasOwn(CATALOGUES, formats), `formats must be one of ${Object.keys(CATALOGUES).join(', ')}, got ${formats}`);
  const catalogue = CATALOGUES[formats];
  const sources = options.sources ?? catalogue.length;
  check(Number.isSafeInteger(count) && count >= 0, `count must be a whole number >= 0, got ${count}`);
  check(Number.isSafeInteger(seed), `seed must be a whole number, got ${seed}`);
  check(Number.isSafeInteger(startRecordId) && startRecordId >= 0, `startRecordId must be a whole number >= 0, got ${startRecordId}`);
  check(Number.isSafeInteger(sources) && sources >= 1, `sources must be a whole number >= 1, got ${sources}`);
  check(
    templateChangeAt === undefined || (Number.isSafeInteger(templateChangeAt) && templateChangeAt >= 0),
    `templateChangeAt must be a record index, got ${templateChangeAt}`,
  );
  check(
    /^\d{4}-\d{2}-\d{2}$/.test(statementDate) && !Number.isNaN(Date.parse(statementDate)),
    `statementDate must be an ISO date, got ${statementDate}`,
  );
  check(recordsPerDay > 0 && recordsPerDay <= DAY_MS, `recordsPerDay must be in (0, ${DAY_MS}], got ${recordsPerDay}`);
  const traps = { ...DEFAULT_TRAP_SHARES, ...options.trapShare };
  for (const [kind, share] of Object.entries(traps))
    check(share >= 0 && share <= 1, `trapShare.${kind} must be within [0, 1], got ${share}`);
  // Files arrive in the morning; the first statement is dated the day they arrive.
  const startMs = epochOf(statementDate) + 6 * 3_600_000;
  const planned = plannedSources(catalogue, { count: sources, startMs });
  return {
    seed,
    traps,
    startMs,
    gapMs: Math.max(1, Math.floor(DAY_MS / recordsPerDay)),
    templateChangeAt: templateChangeAt ?? null,
    sources: planned.map((s) => [s, s.spec.weight] as const),
  };
}

const CATALOGUES: Readonly<Record<Formats, readonly SourceSpec[]>> = {
  seen: SOURCES,
  'held-out': HELD_OUT_SOURCES,
  all: [...SOURCES, ...HELD_OUT_SOURCES],
};

function plannedSources(catalogue: readonly SourceSpec[], { count, startMs }: { count: number; startMs: number }): PlannedSource[] {
  return Array.from({ length: count }, (_, i) => {
    const spec = catalogue[i % catalogue.length]!;
    const copy = Math.floor(i / catalogue.length);
    const heldOut = HELD_OUT_SOURCES.includes(spec);
    const rails = spec.rails.map(([id, weight]) => {
      const rail = (heldOut ? HELD_OUT_RAILS_BY_ID : RAILS_BY_ID).get(id);
      if (!rail) throw new Error(`source ${spec.id} names an unknown rail ${id}`);
      return [rail, weight] as const;
    });
    return {
      id: copy === 0 ? spec.id : `${spec.id}-${copy + 1}`,
      spec,
      market: MARKETS[spec.market],
      rails,
      updatedAt: startMs - spec.updatedDaysAgo * DAY_MS,
      heldOut,
    };
  });
}

/** Strictly increasing: record n arrives within its own slot [n·gap, (n+1)·gap) after the start. */
function receivedAtOf(plan: Plan, n: number): number {
  return plan.startMs + n * plan.gapMs + Math.floor(Random.derive(plan.seed, 'time', n).next() * plan.gapMs);
}

function generateRecord(plan: Plan, n: number): Generated {
  const rng = Random.derive(plan.seed, 'record', n);
  const receivedAt = receivedAtOf(plan, n);
  const source = rng.weighted(plan.sources);
  const rail = rng.weighted(source.rails);
  const changed = plan.templateChangeAt !== null && n >= plan.templateChangeAt && source.spec.changesTemplate;
  const statementDate = isoDateOf(receivedAt);
  const date = dateBefore(rng, statementDate, MAX_LAG_DAYS[source.spec.documentType]);
  const accountId = `${source.id}-${String(rng.int(1, 3)).padStart(2, '0')}`;
  // Each trap draws from its own stream, so turning one on or off changes nothing else.
  const drawn = drawParty(rail, {
    rng,
    traps: Random.derive(plan.seed, 'trap:near-duplicate', n),
    nearDuplicateShare: plan.traps.nearDuplicate,
  });
  const layout = source.spec.layout + (changed ? 1 : 0);
  // Only layouts with a free-text field in the middle of the line call the planter.
  const memoTrap = memoInjection({ seed: plan.seed, n, share: plan.traps.memoInjection, market: source.market });
  const out = rail.render({ rng, date, layout, party: drawn.party, plant: memoTrap.plant });
  const trapped = applyTextTraps(out.narrative, { seed: plan.seed, n, shares: plan.traps, market: source.market });
  const inMemo = memoTrap.planted();
  const planted = [...(inMemo ? [inMemo] : []), ...trapped.planted];
  const traps: TrapKind[] = [...(inMemo ? (['memo-injection'] as const) : []), ...trapped.kinds];
  if (trapped.narrative.length > MAX_NARRATIVE_CHARS) throw new Error(`rail ${rail.id} wrote ${trapped.narrative.length} characters`);
  const version = source.spec.templateVersion;
  // A line that does not print its drawn party (a fee reversal) shows no twin.
  const shownTwin = drawn.nearDuplicate && out.fields.counterparty !== null;
  return {
    record: {
      record_id: `gen-${plan.seed}-${n}`,
      narrative: trapped.narrative,
      source_id: source.id,
      document_type: source.spec.documentType,
      template_version: version !== null && changed ? nextVersion(version) : version,
      account_id: accountId,
      statement_date: statementDate,
      locale: source.market.locale,
      currency_hint: source.market.currency,
      source_updated_at: changed ? receivedAtOf(plan, plan.templateChangeAt!) : source.updatedAt,
      received_at: receivedAt,
    },
    fields: out.fields,
    meta: {
      rail: rail.rail,
      railId: rail.id,
      layout,
      format: formatOf(rail, layout),
      heldOut: source.heldOut,
      traps: shownTwin ? ['near-duplicate', ...traps] : traps,
      ...(planted.length > 0 ? { planted } : {}),
    },
  };
}

type TextTrap = { text: string; planted?: Planted };

const TEXT_TRAPS: readonly { kind: TrapKind; share: keyof TrapShares; make: (rng: Random, market: Market) => TextTrap }[] = [
  { kind: 'card-number', share: 'cardNumber', make: (rng, market) => ({ text: cardNumberTrap(rng, market.language) }) },
  { kind: 'contact', share: 'contact', make: (rng, market) => ({ text: contactTrap(rng, market.country) }) },
  { kind: 'injection', share: 'injection', make: (rng, market) => injectionTrap(rng, market.language) },
];

/** Appends the text traps this record drew, each decided on its own stream. */
function applyTextTraps(
  narrative: string,
  at: { seed: number; n: number; shares: TrapShares; market: Market },
): { narrative: string; kinds: TrapKind[]; planted: Planted[] } {
  const parts = [narrative];
  const kinds: TrapKind[] = [];
  const planted: Planted[] = [];
  for (const trap of TEXT_TRAPS) {
    const rng = Random.derive(at.seed, `trap:${trap.kind}`, at.n);
    if (!rng.chance(at.shares[trap.share])) continue;
    const made = trap.make(rng, at.market);
    parts.push(made.text);
    kinds.push(trap.kind);
    if (made.planted) planted.push(made.planted);
  }
  return { narrative: parts.join(' '), kinds, planted };
}
