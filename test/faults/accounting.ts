/**
 * Exactly once, counted: every message that went into the input topic must come out once, as an
 * extraction (read_committed, matched by record_id) or as a dead letter (matched by the input
 * partition and offset it names, since its key is masked). Pure, so it can be checked on made-up
 * streams.
 */

export type InputRef = { partition: number; offset: number; recordId: string | null };
export type DeadLetterRef = { partition: number; offset: number };

export type Accounting = {
  /** Inputs with no extraction and no dead letter. */
  lost: InputRef[];
  /** Inputs that came out more than once (in extractions, dead letters or both), with how often. */
  duplicated: { input: InputRef; times: number }[];
  /** Extractions of a record_id no input carried. */
  strangers: string[];
};

const at = (partition: number, offset: number) => `${partition}@${offset}`;

export function account(inputs: readonly InputRef[], extractionIds: readonly string[], deadLetters: readonly DeadLetterRef[]): Accounting {
  const byId = new Map<string, InputRef>();
  for (const input of inputs) {
    if (input.recordId === null) continue;
    // The suite's stream holds each record_id once: a second copy would be a new version of the record.
    if (byId.has(input.recordId)) throw new Error(`record_id ${input.recordId} was produced twice: the suite's stream must not repeat one`);
    byId.set(input.recordId, input);
  }
  const times = new Map<string, number>();
  const strangers: string[] = [];
  for (const id of extractionIds) {
    const input = byId.get(id);
    if (!input) strangers.push(id);
    else times.set(at(input.partition, input.offset), (times.get(at(input.partition, input.offset)) ?? 0) + 1);
  }
  for (const letter of deadLetters)
    times.set(at(letter.partition, letter.offset), (times.get(at(letter.partition, letter.offset)) ?? 0) + 1);
  const lost: InputRef[] = [];
  const duplicated: { input: InputRef; times: number }[] = [];
  for (const input of inputs) {
    const n = times.get(at(input.partition, input.offset)) ?? 0;
    if (n === 0) lost.push(input);
    else if (n > 1) duplicated.push({ input, times: n });
  }
  return { lost, duplicated, strangers };
}
