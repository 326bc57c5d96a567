/**
 * The file source of the embedded default: a JSON Lines file of narratives, one intake a line.
 * A line's offset is its line number, so a dead letter points at the line to fix.
 */
import { readFileSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';
import type { Intake } from '../pipeline/pipeline.ts';
import { decodeJsonNarrative } from './decode-json.ts';
import { splitLines } from './read-lines.ts';

export function readFileIntakes(path: string, now: () => number): Intake[] {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    throw new ParsimonyError('INPUT_INVALID', `cannot read ${path}: ${(error as Error).message}`);
  }
  const intakes: Intake[] = [];
  for (const line of splitLines(data)) {
    const intakeAt = now();
    intakes.push({
      origin: { topic: path, partition: 0, offset: line.lineNumber },
      key: null,
      value: Buffer.from(line.bytes),
      intakeAt,
      decoded: decodeJsonNarrative(line.bytes, { receivedAt: intakeAt }),
    });
  }
  return intakes;
}
