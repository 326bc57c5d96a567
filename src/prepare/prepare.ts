/**
 * Step 3 of the path (DESIGN.md): a narrative made safe and comparable. The order matters:
 * white space first, so a card grouped with NBSPs is still seen as a card; masking before the
 * skeleton, so no secret can survive as a slot value.
 */
import type { TransactionNarrative } from '../contract/records.ts';
import { maskSecrets } from './mask-secrets.ts';
import { normalise } from './normalise.ts';
import type { PreparedRecord } from './prepared-record.ts';
import { skeletonize } from './skeleton.ts';

export function prepare(record: TransactionNarrative): PreparedRecord {
  const { masked, secrets } = maskSecrets(normalise(record.narrative));
  const { skeleton, slots } = skeletonize(masked);
  return { record, masked, secrets, skeleton, slots };
}
