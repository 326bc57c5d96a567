import { readFileSync, writeFileSync } from 'node:fs';
import { deadLetter, deadLetterToJson } from '../../emit/dead-letter.ts';
import { ParsimonyError } from '../../errors.ts';
import { decodeJsonNarrative } from '../../ingest/decode-json.ts';
import { splitLines } from '../../ingest/read-lines.ts';
import type { DeadLetter, TransactionNarrative } from '../../contract/records.ts';
import { parseFlags } from '../context.ts';
import type { Command } from '../main.ts';

const usage = 'parsimony validate --input IN.jsonl [--output VALID.jsonl] [--dead-letters DLQ.jsonl]';

export const validateCommand: Command = {
  summary: 'Check a JSON Lines file of narratives against the contract; bad lines become dead letters with the reason.',
  usage,
  async run(args) {
    const { values } = parseFlags(args, {
      input: { type: 'string' }, output: { type: 'string' }, 'dead-letters': { type: 'string' },
    }, usage);
    if (!values.input) throw new ParsimonyError('USAGE', `--input is required\nUsage: ${usage}`);
    let data: Buffer;
    try {
      data = readFileSync(values.input);
    } catch (error) {
      throw new ParsimonyError('INPUT_INVALID', `cannot read ${values.input}: ${(error as Error).message}`);
    }
    const valid: TransactionNarrative[] = [];
    const letters: DeadLetter[] = [];
    const seen = new Set<string>();
    const now = Date.now();
    for (const line of splitLines(data)) {
      const decoded = decodeJsonNarrative(line.bytes, { receivedAt: now });
      const origin = { topic: values.input, partition: 0, offset: line.lineNumber };
      const reject = (r: { code: DeadLetter['error_code']; reason: string; recordId: string | null; stage: DeadLetter['stage'] }) =>
        letters.push(deadLetter({ key: null, value: Buffer.from(line.bytes), origin, ...r, at: now }));
      if (!decoded.ok) reject(decoded.rejection);
      else if (seen.has(decoded.record.record_id)) {
        reject({ code: 'DUPLICATE_RECORD_ID', reason: `record_id ${decoded.record.record_id} appeared earlier in the input`, recordId: decoded.record.record_id, stage: 'validate' });
      } else {
        seen.add(decoded.record.record_id);
        valid.push(decoded.record);
      }
    }
    if (values.output) writeFileSync(values.output, valid.map((r) => JSON.stringify(r) + '\n').join(''));
    if (values['dead-letters']) writeFileSync(values['dead-letters'], letters.map((l) => JSON.stringify(deadLetterToJson(l)) + '\n').join(''));
    console.log(`${values.input}: ${valid.length} valid, ${letters.length} dead-lettered`);
    for (const letter of letters) console.log(`  line ${letter.offset}: ${letter.error_code} — ${letter.reason}`);
    return 0;
  },
};
