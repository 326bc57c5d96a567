/**
 * The `parsimony` command line: one binary, one subcommand per job. This and the command modules
 * are the composition root: the only code that reads the environment and builds clients.
 */
import { isParsimonyError } from '../common/errors.ts';
import { printable, printableLines } from '../common/printable.ts';
import type { Command } from './command.ts';
import { checkCommand } from './commands/check.ts';
import { configCommand } from './commands/config.ts';
import { extractCommand } from './commands/extract.ts';
import { generateCommand } from './commands/generate.ts';
import { replayCommand } from './commands/replay.ts';
import { routerCommand } from './commands/router.ts';
import { runCommand } from './commands/run.ts';
import { simulatorCommand } from './commands/simulator.ts';
import { topicsCommand } from './commands/topics.ts';
import { validateCommand } from './commands/validate.ts';

const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  config: configCommand,
  extract: extractCommand,
  generate: generateCommand,
  replay: replayCommand,
  router: routerCommand,
  run: runCommand,
  simulator: simulatorCommand,
  topics: topicsCommand,
  validate: validateCommand,
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'parsimony — bank transaction narratives to structured fields, at the lowest cost per correct extraction',
    '',
    'Usage: parsimony <command> [options]     (every command takes --config FILE and --help)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`parsimony: unknown command ${printable(JSON.stringify(name))}\n\n${help()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (isParsimonyError(error)) {
      console.error(`parsimony ${name}: ${printableLines(error.message)}`);
      return error.code === 'USAGE' ? 2 : 1;
    }
    throw error;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
