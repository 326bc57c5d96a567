/**
 * Step 3 of the path (DESIGN.md): a narrative made safe and comparable. The order matters:
 * passages addressed to a model first, on the text as printed, where a column gap still ends the
 * field they sit in; then white space, so a card grouped with NBSPs is still seen as a card;
 * masking before the skeleton, so no secret can survive as a slot value.
 */
import type { TransactionNarrative } from '../contract/records.ts';
import { instructionSpans, withoutInstructions } from './instruction-spans.ts';
import { maskSecrets } from './mask-secrets.ts';
import { normalise } from './normalise.ts';
import type { PreparedRecord } from './prepared-record.ts';
import { skeletonize } from './skeleton.ts';

export function prepare(record: TransactionNarrative): PreparedRecord {
  const instructions = instructionSpans(record.narrative);
  const readable = instructions.length > 0 ? withoutInstructions(record.narrative, instructions) : record.narrative;
  const { masked, secrets } = maskSecrets(normalise(readable));
  const { skeleton, slots } = skeletonize(masked);
  return { record, masked, secrets, skeleton, slots, instructionsRemoved: instructions.length };
}
