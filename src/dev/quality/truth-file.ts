/**
 * A truth file: JSON Lines of `{record_id, fields}` (other keys ignored), the labels a run is
 * scored against and the simulator answers from.
 */
import { readFileSync } from 'node:fs';
import { ParsimonyError } from '../../common/errors.ts';
import { EMPTY_FIELDS, type ExtractedFields, FIELD_NAMES } from '../../contract/records.ts';
import { splitLines } from '../../ingest/read-lines.ts';

export function readTruth(path: string): Map<string, ExtractedFields> {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    throw new ParsimonyError('INPUT_INVALID', `cannot read truth file ${path}: ${(error as Error).message}`);
  }
  const truth = new Map<string, ExtractedFields>();
  for (const line of splitLines(data)) {
    let entry: { record_id?: unknown; fields?: unknown };
    try {
      entry = JSON.parse(line.bytes.toString('utf8'));
    } catch (error) {
      throw new ParsimonyError('INPUT_INVALID', `${path} line ${line.lineNumber}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof entry.record_id !== 'string' || typeof entry.fields !== 'object' || entry.fields === null) {
      throw new ParsimonyError('INPUT_INVALID', `${path} line ${line.lineNumber}: expected {"record_id": "...", "fields": {...}}`);
    }
    truth.set(entry.record_id, normalise(entry.fields as Record<string, unknown>, `${path} line ${line.lineNumber}`));
  }
  return truth;
}

/** The known fields of a truth entry; a field left out means null, a non-string value is an error. */
function normalise(fields: Record<string, unknown>, where: string): ExtractedFields {
  const out: Record<string, string | null> = { ...EMPTY_FIELDS };
  for (const name of FIELD_NAMES) {
    const value = fields[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string')
      throw new ParsimonyError('INPUT_INVALID', `${where}: fields.${name} must be a string or null, got ${JSON.stringify(value)}`);
    out[name] = value;
  }
  return out as ExtractedFields;
}
