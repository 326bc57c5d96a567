import { systemClock } from '../../common/clock.ts';
import { ParsimonyError } from '../../common/errors.ts';
import { printable } from '../../common/printable.ts';
import { writePrivateFile } from '../../common/private-file.ts';
import { deadLettersToJsonl } from '../../emit/dead-letter-json.ts';
import { readFileIntakes } from '../../ingest/file-source.ts';
import { admitIntakes } from '../../pipeline/pipeline.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../context.ts';

const usage = 'parsimony validate --input IN.jsonl [--output VALID.jsonl] [--dead-letters DLQ.jsonl]';

export const validateCommand: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(
      args,
      {
        input: { type: 'string' },
        output: { type: 'string' },
        'dead-letters': { type: 'string' },
      },
      usage,
    );
    if (!values.input) throw new ParsimonyError('USAGE', `--input is required\nUsage: ${usage}`);
    const { accepted, deadLetters } = admitIntakes(await readFileIntakes(values.input, systemClock), {
      now: systemClock.now,
    });
    if (values.output) writePrivateFile(values.output, accepted.map((a) => `${JSON.stringify(a.record)}\n`).join(''));
    if (values['dead-letters']) writePrivateFile(values['dead-letters'], deadLettersToJsonl(deadLetters));
    console.log(`${printable(values.input)}: ${accepted.length} valid, ${deadLetters.length} dead-lettered`);
    // Reasons name a field and a rule, never its value; escaped all the same, as all printed input is.
    for (const letter of deadLetters) console.log(`  line ${letter.offset}: ${letter.error_code} — ${printable(letter.reason)}`);
    return 0;
  },
};
