import { printable } from '../../common/printable.ts';
import { describeConfig } from '../../config/config.ts';
import { optionList } from '../../config/option-tree.ts';
import { OPTIONS } from '../../config/options.ts';
import type { Command } from '../command.ts';
import { createContext, parseFlags } from '../context.ts';

const usage = 'parsimony config [--config FILE] [--options]';

export const configCommand: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(args, { options: { type: 'boolean' } }, usage);
    if (values.options) {
      for (const { key, option } of optionList(OPTIONS)) {
        const fallback = option.kind === 'defaulted' ? `default ${JSON.stringify(option.default)}` : 'unset by default';
        console.log(`${key}  ${option.env} (${fallback})\n    ${option.doc}`);
      }
      return 0;
    }
    const context = createContext(values.config);
    // Options marked secret are masked by describeConfig; a password inside a URL is not an option
    // of its own, so every line is redacted too.
    for (const line of describeConfig(context.resolved)) console.log(printable(line));
    return 0;
  },
};
