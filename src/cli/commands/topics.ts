import { ParsimonyError } from '../../common/errors.ts';
import { checkKafka, createKafka } from '../../connect/kafka.ts';
import { checkSchemaRegistry, createSchemaRegistry } from '../../connect/registry.ts';
import { applyCatalogue } from '../../topics/apply.ts';
import { CATALOGUE_PATH, loadCatalogue, withTopicPrefix } from '../../topics/catalogue.ts';
import { loadSchemas } from '../../topics/schemas.ts';
import type { Command } from '../command.ts';
import { createContext, parseFlags } from '../context.ts';

const usage =
  'parsimony topics apply [--catalogue streams/topics.json] [--config FILE]\n       parsimony topics list [--catalogue FILE] [--config FILE]';

export const topicsCommand: Command = {
  usage,
  async run(args) {
    const { values, positionals } = parseFlags(args, { catalogue: { type: 'string' } }, usage);
    const action = positionals[0];
    if (action !== 'apply' && action !== 'list') throw new ParsimonyError('USAGE', `expected "apply" or "list"\nUsage: ${usage}`);
    const { config, logger } = createContext(values.config);
    const catalogue = withTopicPrefix(loadCatalogue(values.catalogue ?? CATALOGUE_PATH), config.kafka.topicPrefix);
    if (action === 'list') {
      for (const t of catalogue.topics) {
        console.log(
          `${t.name}  partitions=${t.partitions} cleanup=${t.cleanupPolicy} retention.ms=${t.retentionMs} value=${t.valueSchema}\n    ${t.doc}`,
        );
      }
      return 0;
    }
    const kafka = createKafka(config.kafka, logger);
    await Promise.all([checkKafka(config.kafka, logger), checkSchemaRegistry(config.registry)]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const report = await applyCatalogue({
        admin,
        registry: createSchemaRegistry(config.registry),
        registryConfig: config.registry,
        catalogue,
        schemas: loadSchemas(),
      });
      for (const line of report.lines) console.log(line);
      return report.conflicts > 0 ? 1 : 0;
    } finally {
      await admin.disconnect();
    }
  },
};
