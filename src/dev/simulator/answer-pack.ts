/**
 * What a simulated model answers to one pack of records (the user message of
 * extraction-prompt.ts): the truth, corrupted for the records the model gets wrong, with a
 * confidence that is informative but imperfect, and now and then a malformed entry.
 *
 * Whether a model gets a record right depends only on (seed, model, text): a cheap model's wrong
 * answer stays wrong on every retry, while a stronger model may get it right. Format slips also
 * depend on the record's place in the pack, so a record retried alone usually comes back whole.
 *
 * Hints (a parser's readings) are suggestions, as for a real model: a right one is followed and
 * shields its field from most of the model's own mistakes, a wrong one is followed at the profile's
 * `followsWrongHintRate` and otherwise read afresh from the text. An instruction planted in the
 * narrative is obeyed at the profile's `obeysInstructionRate`, over hints and text alike.
 */
import { type FieldName, fieldMatches } from '../../contract/field-match.ts';
import { type ExtractedFields, FIELD_NAMES } from '../../contract/records.ts';
import { FIELD_LETTERS } from '../../providers/compact-prompt.ts';
import { difficulty } from './difficulty.ts';
import { applicableKinds, applyError, type ErrorKind } from './error-kinds.ts';
import type { ModelProfile } from './model-profile.ts';
import { plantedInstruction } from './planted-instruction.ts';
import { gaussian, pickWeighted, unit } from './seeded.ts';
import type { TruthTable } from './truth.ts';

export type PackRecord = {
  i: number;
  text: string;
  locale?: string;
  hints?: Partial<ExtractedFields>;
  /** The compact format's fields asked (compact-prompt.ts); the full format asks every field. */
  ask?: readonly FieldName[];
};

export type AnswerContext = { model: string; profile: ModelProfile; truth: TruthTable; seed: number };

/** How an answer departs from the truth: the model's own misreadings, or being led astray. */
export type Mistake = ErrorKind | 'followed-wrong-hint' | 'obeyed-instruction';

export type RecordOutcome = {
  fields: ExtractedFields;
  confidence: number;
  /** The mistakes made; empty when the answer equals the truth (or the text is unknown). */
  errors: Mistake[];
  known: boolean;
};

/** Confidence of a model that does not recognise the line at all. */
const UNKNOWN_CONFIDENCE = 0.2;
/** Chance that a wrong record carries a second, different error. */
const SECOND_ERROR_RATE = 0.25;
/** A record sent alone slips less often than one inside a pack. */
const SINGLE_RECORD_MALFORMED_FACTOR = 0.25;
/**
 * A model told a right value that it finds in the line rarely changes it, but now and then it
 * "corrects" one (re-reads a date month-first, trims a name): a right hint's field goes wrong with
 * this share of the record's error rate, about a tenth of what that field would suffer unhinted (a
 * wrong record spreads its mistakes over three or four fields). The draw comes on top of the
 * model's usual mistakes on the other fields, which a hint never makes rarer, so no hint makes a
 * model right more often than it was before hints were suggestions.
 */
const RIGHT_HINT_OVERRULED_SHARE = 0.03;

const NULL_FIELDS: ExtractedFields = Object.fromEntries(FIELD_NAMES.map((name) => [name, null])) as ExtractedFields;

/** The `records` array of a user message, or undefined when it is not JSON with one. */
function recordsOf(userText: string): Record<string, unknown>[] | undefined {
  try {
    const records = (JSON.parse(userText) as { records?: unknown } | null)?.records;
    return Array.isArray(records) ? records.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null) : undefined;
  } catch {
    return undefined;
  }
}

/** How many records a user message carries, in either format; 0 when it is not an extraction prompt. */
export function recordCount(userText: string): number {
  return recordsOf(userText)?.length ?? 0;
}

/** The records of a user message, or undefined when it is not the extraction prompt's JSON. */
export function readPack(userText: string): PackRecord[] | undefined {
  const records = recordsOf(userText);
  if (!records) return undefined;
  return records.filter((record): record is PackRecord => Number.isInteger(record.i) && typeof record.text === 'string');
}

function hintedFields(hints: PackRecord['hints']): Partial<ExtractedFields> {
  if (typeof hints !== 'object' || hints === null) return {};
  const given = FIELD_NAMES.filter((name) => typeof hints[name] === 'string' || hints[name] === null);
  return Object.fromEntries(given.map((name) => [name, hints[name]]));
}

type TakenHints = {
  /** The hinted values the answer carries as given. */
  followed: Partial<ExtractedFields>;
  /** Fields the model's usual mistakes leave alone: the hints it followed. */
  protect: Set<string>;
  /** The followed hints that were right. */
  right: FieldName[];
  misled: boolean;
};

/** Which hints the model takes: right ones always, wrong ones at its profile's rate. */
function takeHints(hints: Partial<ExtractedFields>, truth: ExtractedFields, record: PackRecord, ctx: AnswerContext): TakenHints {
  const taken: TakenHints = { followed: {}, protect: new Set(), right: [], misled: false };
  for (const name of Object.keys(hints) as FieldName[]) {
    const hint = hints[name] ?? null;
    const right = fieldMatches(name, hint, truth[name]);
    if (!right && unit(ctx.seed, ctx.model, record.text, 'wrong-hint-followed', name) >= ctx.profile.followsWrongHintRate) continue;
    (taken.followed as Record<string, string | null>)[name] = hint;
    taken.protect.add(name);
    if (right) taken.right.push(name);
    else taken.misled = true;
  }
  return taken;
}

/** Now and then the model "corrects" a right hint: a misreading of that one field, drawn apart from the rest. */
function overruleRightHints(fields: ExtractedFields, right: readonly FieldName[], rate: number, at: [PackRecord, AnswerContext]) {
  const [record, ctx] = at;
  const errors: ErrorKind[] = [];
  let answer = fields;
  for (const name of right) {
    if (unit(ctx.seed, ctx.model, record.text, 'right-hint-overruled', name) >= rate) continue;
    const others = new Set(FIELD_NAMES.filter((other) => other !== name));
    const kind = pickWeighted(
      unit(ctx.seed, ctx.model, record.text, 'right-hint-kind', name),
      applicableKinds(answer, record.text, others),
    );
    if (!kind) continue;
    answer = applyError(kind, answer, record.text, unit(ctx.seed, ctx.model, record.text, 'right-hint-how', name));
    errors.push(kind);
  }
  return { fields: answer, errors };
}

/** The values a planted instruction puts into the answer when this model obeys it, if it does. */
function obeyedInstruction(record: PackRecord, ctx: AnswerContext): Partial<ExtractedFields> | undefined {
  const planted = plantedInstruction(record.text);
  if (!planted || Object.keys(planted.fields).length === 0) return undefined;
  return unit(ctx.seed, ctx.model, record.text, 'obey-instruction') < ctx.profile.obeysInstructionRate ? planted.fields : undefined;
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

/** `fooled`: wrong only through a hint or an instruction it trusted, which the model does not know. */
type Standing = 'right' | 'fooled' | 'wrong';

function confidenceOf(record: PackRecord, ctx: AnswerContext, standing: Standing, hardness: number): number {
  const draw = unit(ctx.seed, ctx.model, record.text, 'confidence');
  // Right answers sit at 0.90–0.97, wrong ones lower on average but overlapping once noise is added;
  // a fooled model saw a conflict it resolved the wrong way, so it stays moderately sure (0.84–0.94).
  const centre = { right: 0.9 + 0.07 * draw, fooled: 0.84 + 0.1 * draw, wrong: 0.72 + 0.2 * draw }[standing];
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
  const taken = takeHints(hints, truth, record, ctx);
  // The hints the model takes are not where its usual misreadings land; the rest of the line is,
  // of what it was asked: asked fewer fields, it errs as often, on those.
  const notAsked = record.ask ? FIELD_NAMES.filter((name) => !record.ask!.includes(name)) : [];
  const usual = wrong ? corrupt(truth, record, ctx, new Set([...taken.protect, ...notAsked])) : { fields: truth, errors: [] };
  const followed: ExtractedFields = { ...NULL_FIELDS, ...usual.fields, ...taken.followed };
  const overruled = overruleRightHints(followed, taken.right, RIGHT_HINT_OVERRULED_SHARE * errorRate, [record, ctx]);
  const errors = [...usual.errors, ...overruled.errors];
  let answer = overruled.fields;
  const mistakes: Mistake[] = [...errors, ...(taken.misled ? ['followed-wrong-hint' as const] : [])];
  const planted = obeyedInstruction(record, ctx);
  if (planted && FIELD_NAMES.some((name) => name in planted && !fieldMatches(name, planted[name] ?? null, answer[name]))) {
    answer = { ...answer, ...planted };
    mistakes.push('obeyed-instruction');
  }
  const standing: Standing = errors.length > 0 ? 'wrong' : mistakes.length > 0 ? 'fooled' : 'right';
  return { fields: answer, confidence: confidenceOf(record, ctx, standing, hardness), errors: mistakes, known: true };
}

/** A broken entry of the kinds a real model produces; parseAnswer drops each, so the caller retries it. */
function malformed(entry: { i: number; fields: ExtractedFields; confidence: number }, positions: number, draw: number) {
  const pick = Math.floor(draw * 4);
  if (pick === 0) return { i: entry.i, confidence: entry.confidence };
  if (pick === 1) return { ...entry, i: positions + entry.i };
  if (pick === 2) return { ...entry, fields: { ...entry.fields, direction: 'OUTGOING' } };
  return undefined;
}

/**
 * What a model answers to the user message of a call, in the format it was asked for: the full
 * one (extraction-prompt.ts) or the compact one (compact-prompt.ts), told apart by the records'
 * keys. Undefined records (not an extraction prompt) get an empty answer of the full format.
 */
export function answerUserMessage(userText: string, ctx: AnswerContext): unknown {
  const compact = readCompactPack(userText);
  if (!compact) return answerPack(readPack(userText) ?? [], ctx);
  const asks = new Map(compact.map((record) => [record.i, record.ask]));
  const r = answerPack(compact, ctx).results.map((entry) => {
    const { i, fields, confidence } = entry as { i: number; fields?: Record<string, unknown>; confidence?: number };
    const ask = asks.get(i) ?? [];
    // A broken entry stays broken: no values, or one value short.
    const v = fields ? ask.map((name) => fields[name] ?? null) : undefined;
    return {
      i,
      ...(confidence !== undefined ? { c: confidence } : {}),
      ...(v ? { v: fields?.direction === 'OUTGOING' ? v.slice(1) : v } : {}),
    };
  });
  return { r };
}

/** The records of a compact user message, or undefined when it is not one. */
function readCompactPack(userText: string): PackRecord[] | undefined {
  const records = recordsOf(userText);
  if (!records?.every((r) => typeof r.t === 'string' && typeof r.q === 'string')) return undefined;
  const byLetter = new Map(FIELD_NAMES.map((name) => [FIELD_LETTERS[name], name]));
  return records
    .filter((r) => Number.isInteger(r.i))
    .map((r) => ({
      i: r.i as number,
      text: r.t as string,
      ...(typeof r.l === 'string' ? { locale: r.l } : {}),
      ask: [...(r.q as string)].flatMap((letter) => byLetter.get(letter) ?? []),
    }));
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
