import { ParsimonyError } from '../../common/errors.ts';
import { generate } from '../../dev/generator/generate.ts';
import { writeJsonl } from '../../dev/generator/jsonl.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../context.ts';

const usage = 'parsimony generate --count N --output NARRATIVES.jsonl --truth TRUTH.jsonl [--seed S] [--template-change-at I]';

export const generateCommand: Command = {
  summary: 'Write labelled synthetic narratives (27 rails, nine markets) and their truth, for trials and benchmarks.',
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
      },
      usage,
    );
    const count = Number(values.count);
    if (!Number.isInteger(count) || count < 1 || !values.output || !values.truth) {
      throw new ParsimonyError('USAGE', `--count (an integer ≥ 1), --output and --truth are required\nUsage: ${usage}`);
    }
    const written = await writeJsonl(
      generate({
        count,
        seed: Number(values.seed ?? 1),
        ...(values['template-change-at'] ? { templateChangeAt: Number(values['template-change-at']) } : {}),
      }),
      { narratives: values.output, truth: values.truth },
    );
    console.log(`${written} narratives → ${values.output}, truth → ${values.truth}`);
    return 0;
  },
};
