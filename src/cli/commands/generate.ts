import { ParsimonyError } from '../../common/errors.ts';
import { type Formats, generate } from '../../dev/generator/generate.ts';
import { writeJsonl } from '../../dev/generator/jsonl.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../context.ts';

const usage =
  'parsimony generate --count N --output NARRATIVES.jsonl --truth TRUTH.jsonl [--seed S] [--template-change-at I] [--formats seen|held-out|all]';

export const generateCommand: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(
      args,
      {
        count: { type: 'string' },
        seed: { type: 'string' },
        output: { type: 'string' },
        truth: { type: 'string' },
        'template-change-at': { type: 'string' },
        formats: { type: 'string' },
      },
      usage,
    );
    const count = Number(values.count);
    if (!Number.isInteger(count) || count < 1 || !values.output || !values.truth) {
      throw new ParsimonyError('USAGE', `--count (an integer ≥ 1), --output and --truth are required\nUsage: ${usage}`);
    }
    const formats = values.formats ?? 'seen';
    if (!isFormats(formats)) throw new ParsimonyError('USAGE', `--formats is seen, held-out or all, not ${JSON.stringify(formats)}`);
    const written = await writeJsonl(
      generate({
        count,
        seed: Number(values.seed ?? 1),
        formats,
        ...(values['template-change-at'] ? { templateChangeAt: Number(values['template-change-at']) } : {}),
      }),
      { narratives: values.output, truth: values.truth },
    );
    console.log(`${written} narratives → ${values.output}, truth → ${values.truth}`);
    return 0;
  },
};

/** Layouts the rules were written for (seen), others of the same rails (held-out), or both mixed. */
const isFormats = (value: string): value is Formats => value === 'seen' || value === 'held-out' || value === 'all';
