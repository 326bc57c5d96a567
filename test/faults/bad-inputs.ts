/**
 * Each bad input must come out as one dead letter with the code and the reason it deserves, and a
 * reason that names no value. Pure: checked on the inputs and dead letters as read back.
 */
import type { DeadLetter } from '#src/contract/records.ts';
import type { BadInput, Secret } from './corpus.ts';
import { secretsIn } from './scan.ts';

/** An input as read back from the narratives topic. */
export type ReadInput = { partition: number; offset: number; key: Buffer | null };

export type BadInputVerdict = { name: string; ok: boolean; problem?: string };

export function checkBadInputs(
  bad: readonly BadInput[],
  inputs: readonly ReadInput[],
  letters: readonly DeadLetter[],
  secrets: readonly Secret[],
): BadInputVerdict[] {
  const byKey = new Map<string, ReadInput[]>();
  for (const input of inputs) {
    const key = input.key?.toString('utf8') ?? '';
    byKey.set(key, [...(byKey.get(key) ?? []), input]);
  }
  return bad.map((item) => {
    const sent = byKey.get(item.key ?? '') ?? [];
    if (sent.length !== 1) return { name: item.name, ok: false, problem: `found ${sent.length} times on the input topic` };
    const { partition, offset } = sent[0]!;
    const found = letters.filter((d) => d.partition === partition && d.offset === offset);
    if (found.length !== 1) return { name: item.name, ok: false, problem: `${found.length} dead letters` };
    const letter = found[0]!;
    if (letter.error_code !== item.expect.code)
      return { name: item.name, ok: false, problem: `code ${letter.error_code}, expected ${item.expect.code}` };
    if (!item.expect.reason.test(letter.reason))
      return { name: item.name, ok: false, problem: `reason ${JSON.stringify(letter.reason)} is not ${item.expect.reason}` };
    if (secretsIn(letter.reason, secrets).length > 0) return { name: item.name, ok: false, problem: 'the reason names a secret' };
    return { name: item.name, ok: true };
  });
}
