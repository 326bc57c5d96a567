import { describeError } from '../../common/errors.ts';
import { printable } from '../../common/printable.ts';
import { checkElasticsearch, createElasticsearch } from '../../connect/elasticsearch.ts';
import { checkKafka } from '../../connect/kafka.ts';
import { checkSchemaRegistry } from '../../connect/registry.ts';
import type { Command } from '../command.ts';
import { createContext, parseFlags } from '../context.ts';

const usage = 'parsimony check [--config FILE]';

export const checkCommand: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(args, {}, usage);
    const { config, logger } = createContext(values.config);
    const checks: [string, () => Promise<string>][] = [
      [
        'kafka',
        async () => {
          const cluster = await checkKafka(config.kafka, logger);
          return `${cluster.brokers} broker(s) at ${config.kafka.brokers.join(',')}`;
        },
      ],
      ['schema registry', async () => `${(await checkSchemaRegistry(config.registry)).subjects} subject(s) at ${config.registry.url}`],
      [
        'elasticsearch',
        async () => {
          const client = createElasticsearch(config.elasticsearch);
          try {
            return `version ${(await checkElasticsearch(client, config.elasticsearch)).version} at ${config.elasticsearch.url}`;
          } finally {
            await client.close();
          }
        },
      ],
    ];
    const results = await Promise.all(
      checks.map(async ([name, check]) => {
        try {
          return { name, ok: true, detail: await check() };
        } catch (error) {
          return { name, ok: false, detail: describeError(error) };
        }
      }),
    );
    // Addresses may carry credentials (http://user:secret@host) and errors may quote them.
    for (const result of results) console.log(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.name}: ${printable(result.detail)}`);
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
