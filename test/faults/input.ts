/**
 * The suite's input stream: the generated records (their narratives and truth written for the
 * simulator), with the narratives carrying secrets and the bad input spread evenly among them,
 * each as Avro keyed by record_id as a producer would send it; and every secret that went in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { generate } from '#src/dev/generator/generate.ts';
import { writeJsonl } from '#src/dev/generator/jsonl.ts';
import { type BadInput, badInputs, type Secret, secretNarratives } from './corpus.ts';
import { printedCards } from './scan.ts';
import type { InputMessage } from './stream.ts';

export type SuiteInput = {
  messages: InputMessage[];
  /** The generator's files, which the simulator answers from. */
  files: { narratives: string; truth: string };
  generated: number;
  secretRecordIds: string[];
  bad: BadInput[];
  secrets: Secret[];
};

/** `extra` spread evenly through `stream`, in order. */
export function interleave<T>(stream: readonly T[], extra: readonly T[]): T[] {
  const out: T[] = [];
  const every = Math.max(1, Math.floor(stream.length / (extra.length + 1)));
  let next = 0;
  stream.forEach((item, i) => {
    out.push(item);
    if ((i + 1) % every === 0 && next < extra.length) out.push(extra[next++]!);
  });
  return [...out, ...extra.slice(next)];
}

/** Registers the writer schemas the bad input needs: the narrative with nullable required fields, and an unrelated record. */
async function badInputSchemas(registry: SchemaRegistry, root: string): Promise<{ nullable: number; other: number }> {
  const narrative = JSON.parse(readFileSync(join(root, 'schemas', 'TransactionNarrative.avsc'), 'utf8'));
  const nullable = {
    ...narrative,
    fields: narrative.fields.map((f: { name: string; type: unknown }) =>
      typeof f.type === 'string' ? { ...f, type: ['null', f.type], default: null } : f,
    ),
  };
  const other = { type: 'record', name: 'Other', namespace: 'faults', fields: [{ name: 'x', type: 'int' }] };
  const [{ id: nullableId }, { id: otherId }] = await Promise.all([
    registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(nullable) }, { subject: 'faults.nullable-narrative-value' }),
    registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(other) }, { subject: 'faults.other-value' }),
  ]);
  return { nullable: nullableId, other: otherId };
}

export async function buildInput(options: {
  registry: SchemaRegistry;
  inputTopic: string;
  records: number;
  seed: number;
  dir: string;
  root: string;
}): Promise<SuiteInput> {
  const { registry, seed } = options;
  const generated = [...generate({ count: options.records, seed, formats: 'all' })];
  const files = { narratives: join(options.dir, 'narratives.jsonl'), truth: join(options.dir, 'truth.jsonl') };
  await writeJsonl(generated, files);
  const plantedByGenerator: Secret[] = generated.flatMap(({ record, meta }) =>
    meta.traps.includes('card-number')
      ? printedCards(record.narrative).map((value) => ({ kind: 'CARD' as const, value, label: 'card planted by the generator' }))
      : [],
  );
  const narrativeSchema = await registry.getLatestSchemaId(`${options.inputTopic}-value`);
  const schemas = await badInputSchemas(registry, options.root);
  const encode = (record: object) => registry.encode(narrativeSchema, record);
  const now = Date.now();
  const withSecrets = secretNarratives(seed, now);
  const bad = await badInputs(
    seed,
    { narrative: encode, nullable: (r) => registry.encode(schemas.nullable, r), other: (v) => registry.encode(schemas.other, v) },
    now,
  );
  const good = await Promise.all(generated.map(async ({ record }) => ({ key: record.record_id, value: await encode(record) })));
  const extra: InputMessage[] = [
    ...(await Promise.all(withSecrets.records.map(async (r) => ({ key: r.record_id, value: await encode(r) })))),
    ...bad.inputs.map((b) => ({ key: b.key, value: b.value })),
  ];
  return {
    messages: interleave(good, extra),
    files,
    generated: generated.length,
    secretRecordIds: withSecrets.records.map((r) => r.record_id),
    bad: bad.inputs,
    secrets: [...plantedByGenerator, ...withSecrets.secrets, ...bad.secrets],
  };
}
