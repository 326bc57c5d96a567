/**
 * JSON Lines for generated data: a narratives file in the contract's input shape (what file mode
 * reads) and a truth file of `{record_id, fields}` lines (what the scorer and simulator read).
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ExtractedFields, TransactionNarrative } from '../../contract/records.ts';

type Labelled = { record: TransactionNarrative; fields: ExtractedFields };

/** One narrative line, fields in the contract's order. */
export function narrativeLine(record: TransactionNarrative): string {
  const {
    record_id,
    narrative,
    source_id,
    document_type,
    template_version,
    account_id,
    statement_date,
    locale,
    currency_hint,
    source_updated_at,
    received_at,
  } = record;
  return JSON.stringify({
    record_id,
    narrative,
    source_id,
    document_type,
    template_version,
    account_id,
    statement_date,
    locale,
    currency_hint,
    source_updated_at,
    received_at,
  });
}

export function truthLine(item: Labelled): string {
  return JSON.stringify({ record_id: item.record.record_id, fields: item.fields });
}

/** Both files' contents in memory, one line per record, each ending in a newline. */
export function toJsonl(items: Iterable<Labelled>): { narratives: string; truth: string } {
  const narratives: string[] = [];
  const truth: string[] = [];
  for (const item of items) {
    narratives.push(`${narrativeLine(item.record)}\n`);
    truth.push(`${truthLine(item)}\n`);
  }
  return { narratives: narratives.join(''), truth: truth.join('') };
}

/** Streams both files to disk, honouring back-pressure, for data sets too large to hold. Returns the record count. */
export async function writeJsonl(items: Iterable<Labelled>, paths: { narratives: string; truth: string }): Promise<number> {
  const narratives = createWriteStream(paths.narratives);
  const truth = createWriteStream(paths.truth);
  let count = 0;
  try {
    for (const item of items) {
      const a = narratives.write(`${narrativeLine(item.record)}\n`);
      const b = truth.write(`${truthLine(item)}\n`);
      if (!a) await once(narratives, 'drain');
      if (!b) await once(truth, 'drain');
      count += 1;
    }
  } finally {
    await Promise.all([close(narratives), close(truth)]);
  }
  return count;
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
