/**
 * What a simulated model answers to one pack of records (the user message of
 * extraction-prompt.ts): the truth, corrupted for the records the model gets wrong, with a
 * confidence that is informative but imperfect, and now and then a malformed entry.
 *
 * Whether a model gets a record right depends only on (seed, model, text): a cheap model's wrong
 * answer stays wrong on every retry, while a stronger model may get it right. Format slips also
 * depend on the record's place in the pack, so a record retried alone usually comes back whole.
 */
import { type ExtractedFields, FIELD_NAMES } from '../../contract/records.ts';
import { difficulty } from './difficulty.ts';
import { applicableKinds, applyError, type ErrorKind } from './error-kinds.ts';
import type { ModelProfile } from './model-profile.ts';
import { gaussian, pickWeighted, unit } from './seeded.ts';
import type { TruthTable } from './truth.ts';

export type PackRecord = { i: number; text: string; locale?: string; hints?: Partial<ExtractedFields> };

export type AnswerContext = { model: string; profile: ModelProfile; truth: TruthTable; seed: number };

export type RecordOutcome = {
  fields: ExtractedFields;
  confidence: number;
  /** The errors introduced; empty when the answer equals the truth (or the text is unknown). */
  errors: ErrorKind[];
  known: boolean;
};

/** Confidence of a model that does not recognise the line at all. */
const UNKNOWN_CONFIDENCE = 0.2;
/** Chance that a wrong record carries a second, different error. */
const SECOND_ERROR_RATE = 0.25;
/** A record sent alone slips less often than one inside a pack. */
const SINGLE_RECORD_MALFORMED_FACTOR = 0.25;

const NULL_FIELDS: ExtractedFields = Object.fromEntries(FIELD_NAMES.map((name) => [name, null])) as ExtractedFields;

/** The records of a user message, or undefined when it is not the extraction prompt's JSON. */
export function readPack(userText: string): PackRecord[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(userText);
  } catch {
    return undefined;
  }
  const records = (parsed as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return undefined;
  return records.filter(
    (record): record is PackRecord =>
      typeof record === 'object' && record !== null && Number.isInteger(record.i) && typeof record.text === 'string',
  );
}

function hintedFields(hints: PackRecord['hints']): Partial<ExtractedFields> {
  if (typeof hints !== 'object' || hints === null) return {};
  return Object.fromEntries(FIELD_NAMES.filter((name) => hints[name] !== undefined).map((name) => [name, hints[name]]));
}

function corrupt(truth: ExtractedFields, record: PackRecord, ctx: AnswerContext, protect: ReadonlySet<string>) {
  const errors: ErrorKind[] = [];
  let fields = truth;
  const rounds = unit(ctx.seed, ctx.model, record.text, 'second') < SECOND_ERROR_RATE ? 2 : 1;
  for (let round = 0; round < rounds; round += 1) {
    const kinds = applicableKinds(fields, record.text, protect).filter((kind) => !errors.includes(kind.value));
    const kind = pickWeighted(unit(ctx.seed, ctx.model, record.text, 'kind', round), kinds);
    if (!kind) break;
    fields = applyError(kind, fields, record.text, unit(ctx.seed, ctx.model, record.text, 'how', round));
    errors.push(kind);
  }
  return { fields, errors };
}

function confidenceOf(record: PackRecord, ctx: AnswerContext, wrong: boolean, hardness: number): number {
  const draw = unit(ctx.seed, ctx.model, record.text, 'confidence');
  // Right answers sit at 0.90–0.97, wrong ones lower on average but overlapping once noise is added.
  const centre = wrong ? 0.72 + 0.2 * draw : 0.9 + 0.07 * draw;
  const noise = ctx.profile.confidenceNoise * gaussian(ctx.seed, ctx.model, record.text, 'noise');
  const value = centre + noise - 0.05 * hardness;
  return Math.round(Math.min(0.99, Math.max(0.05, value)) * 100) / 100;
}

/** The answer one model gives for one record, the same every time it is asked. */
export function answerRecord(record: PackRecord, ctx: AnswerContext): RecordOutcome {
  const hints = hintedFields(record.hints);
  const truth = ctx.truth.lookup(record.text);
  if (!truth) return { fields: { ...NULL_FIELDS, ...hints }, confidence: UNKNOWN_CONFIDENCE, errors: [], known: false };
  const hardness = difficulty({ text: record.text, locale: record.locale });
  const errorRate = Math.min(0.95, ctx.profile.baseErrorRate + ctx.profile.difficultySlope * hardness);
  const wrong = unit(ctx.seed, ctx.model, record.text, 'wrong') < errorRate;
  // A model copies the fields a parser already read, so those are never where it goes wrong.
  const { fields, errors } = wrong ? corrupt(truth, record, ctx, new Set(Object.keys(hints))) : { fields: truth, errors: [] };
  return {
    fields: { ...NULL_FIELDS, ...fields, ...hints },
    confidence: confidenceOf(record, ctx, errors.length > 0, hardness),
    errors,
    known: true,
  };
}

/** A broken entry of the kinds a real model produces; parseAnswer drops each, so the caller retries it. */
function malformed(entry: { i: number; fields: ExtractedFields; confidence: number }, positions: number, draw: number) {
  const pick = Math.floor(draw * 4);
  if (pick === 0) return { i: entry.i, confidence: entry.confidence };
  if (pick === 1) return { ...entry, i: positions + entry.i };
  if (pick === 2) return { ...entry, fields: { ...entry.fields, direction: 'OUTGOING' } };
  return undefined;
}

/** The whole answer object for a pack: `{"results": [...]}` in the order the records came. */
export function answerPack(records: readonly PackRecord[], ctx: AnswerContext): { results: unknown[] } {
  const results: unknown[] = [];
  const slipRate = ctx.profile.malformedRate * (records.length > 1 ? 1 : SINGLE_RECORD_MALFORMED_FACTOR);
  for (const record of records) {
    const { fields, confidence } = answerRecord(record, ctx);
    const entry = { i: record.i, fields, confidence };
    const slip = unit(ctx.seed, ctx.model, record.text, 'slip', record.i, records.length);
    if (slip >= slipRate) {
      results.push(entry);
      continue;
    }
    const broken = malformed(entry, records.length, unit(ctx.seed, ctx.model, record.text, 'slip-kind'));
    if (broken) results.push(broken);
  }
  return { results };
}
