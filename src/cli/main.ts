/**
 * The `parsimony` command line: one binary, one subcommand per job. This and the command modules
 * are the composition root: the only code that reads the environment and builds clients.
 */
import { readFileSync } from 'node:fs';
import { isParsimonyError } from '../common/errors.ts';
import { printable, printableLines } from '../common/printable.ts';
import type { Command } from './command.ts';

/**
 * Each command's module is loaded only when that command runs: the SDKs, the Kafka and
 * Elasticsearch clients and the simulator's tokenizer of the others would otherwise be in memory
 * (tens of megabytes each) for every command.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  check: {
    summary: 'Check that Kafka, the schema registry and Elasticsearch answer at the configured addresses.',
    load: async () => (await import('./commands/check.ts')).checkCommand,
  },
  config: {
    summary: 'Print the effective configuration (secrets masked), or every option with --options.',
    load: async () => (await import('./commands/config.ts')).configCommand,
  },
  extract: {
    summary: 'Extract fields from a JSON Lines file of narratives (the embedded default: no Kafka, no Elasticsearch).',
    load: async () => (await import('./commands/extract.ts')).extractCommand,
  },
  generate: {
    summary: 'Write labelled synthetic narratives (27 rails, nine markets) and their truth, for trials and benchmarks.',
    load: async () => (await import('./commands/generate.ts')).generateCommand,
  },
  replay: {
    summary: 'Re-process a range of the narratives topic (a backfill) through the Batch APIs, resumable; --dry-run estimates it.',
    load: async () => (await import('./commands/replay.ts')).replayCommand,
  },
  router: {
    summary:
      'Show the router model: per tier, its calibration (predicted against observed by decile), escalation bar, examples and version.',
    load: async () => (await import('./commands/router.ts')).routerCommand,
  },
  run: {
    summary: 'Run the Kafka service: narratives.raw.v1 in, extractions.v1 and narratives.dlq.v1 out, metrics on /metrics.',
    load: async () => (await import('./commands/run.ts')).runCommand,
  },
  simulator: {
    summary: 'Serve the provider simulator (OpenAI and Anthropic over HTTP, answering from a truth file) for run, extract or any SDK.',
    load: async () => (await import('./commands/simulator.ts')).simulatorCommand,
  },
  topics: {
    summary: 'Create or update the topics of the catalogue and register their schemas (idempotent).',
    load: async () => (await import('./commands/topics.ts')).topicsCommand,
  },
  validate: {
    summary: 'Check a JSON Lines file of narratives against the contract; bad lines become dead letters with the reason.',
    load: async () => (await import('./commands/validate.ts')).validateCommand,
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'parsimony — bank transaction narratives to structured fields, at the lowest cost per correct extraction',
    '',
    'Usage: parsimony <command> [options]     (every command takes --config FILE and --help)',
    '       parsimony --version',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** The package's version, and the Node that runs it (what a bug report needs first). */
function version(): string {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `parsimony ${version} (Node ${process.versions.node})`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(version());
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`parsimony: unknown command ${printable(JSON.stringify(name))}\n\n${help()}`);
    return 2;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${entry.summary}\n\nUsage: ${command.usage}`);
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
