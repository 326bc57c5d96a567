/**
 * The Avro schemas under schemas/, one named type a file. A file may refer to a type from
 * another file by its full name (Extraction and ExtractionFeedback share ExtractedFields); the
 * schema registered and used on the wire is self-contained, with each such type inlined where
 * it first appears.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { ParsimonyError } from '../common/errors.ts';

export const SCHEMAS_DIR = new URL('../../schemas/', import.meta.url).pathname;

export type AvroSchemaJson = Record<string, unknown>;

export type SchemaSet = {
  /** Self-contained schema JSON by short name (the file name without .avsc). */
  readonly schemas: ReadonlyMap<string, AvroSchemaJson>;
  /** Parsed avsc types by short name, for local encoding and validation. */
  readonly types: ReadonlyMap<string, avro.Type>;
};

export function loadSchemas(dir: string = SCHEMAS_DIR): SchemaSet {
  const definitions = new Map<string, AvroSchemaJson>();
  const shortNames = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.avsc'))
    .sort()) {
    const definition = readSchemaFile(join(dir, file));
    const fullName = `${definition.namespace}.${definition.name}`;
    definitions.set(fullName, definition);
    shortNames.set(fullName, file.slice(0, -'.avsc'.length));
  }
  const schemas = new Map<string, AvroSchemaJson>();
  const types = new Map<string, avro.Type>();
  for (const [fullName, definition] of definitions) {
    const shortName = shortNames.get(fullName)!;
    const selfContained = inlineReferences(definition, definitions, new Set([fullName])) as AvroSchemaJson;
    try {
      types.set(shortName, avro.Type.forSchema(selfContained as avro.Schema));
    } catch (error) {
      throw new ParsimonyError('SCHEMA_INVALID', `schemas/${shortName}.avsc is not a valid Avro schema: ${(error as Error).message}`);
    }
    schemas.set(shortName, selfContained);
  }
  return { schemas, types };
}

function readSchemaFile(path: string): AvroSchemaJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ParsimonyError('SCHEMA_INVALID', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  const schema = parsed as AvroSchemaJson;
  if (typeof schema?.name !== 'string' || typeof schema.namespace !== 'string') {
    throw new ParsimonyError('SCHEMA_INVALID', `${path} must declare one named type with a name and a namespace`);
  }
  return schema;
}

/** Replaces the first reference to each type defined in another file by that type's definition. */
function inlineReferences(node: unknown, definitions: Map<string, AvroSchemaJson>, defined: Set<string>): unknown {
  if (typeof node === 'string') {
    const definition = definitions.get(node);
    if (!definition || defined.has(node)) return node;
    defined.add(node);
    return inlineReferences(definition, definitions, defined);
  }
  if (Array.isArray(node)) return node.map((item) => inlineReferences(item, definitions, defined));
  if (typeof node === 'object' && node !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      // Only `type` and `items`/`values` positions name types; names and docs are plain strings.
      out[key] =
        key === 'type' || key === 'items' || key === 'values' || key === 'fields' ? inlineReferences(value, definitions, defined) : value;
    }
    return out;
  }
  return node;
}
