/**
 * A second opinion from the rules tier: where the rules read a field with some confidence (not
 * enough to answer alone) and the model says otherwise, the answer is doubtful. A sign dropped
 * or a day and month swapped by a model shows up here, whatever the model's own confidence.
 */

import { fieldMatches } from '../contract/field-match.ts';
import type { ExtractedFields } from '../contract/records.ts';
import type { RulesResult } from '../rules/rules-result.ts';

/** Below this the rules are guessing, and a disagreement says nothing. */
export const OPINION = 0.6;

/**
 * The fields the text decides by itself. Counterparty, category and type are judgements the
 * rules read literally ("CONED" where a person says Con Edison), so the model may rightly differ.
 */
const CHECKED = ['amount', 'transaction_date', 'currency', 'direction', 'reference'] as const;

export function rulesDisagreements(fields: ExtractedFields, rules: RulesResult): string[] {
  return CHECKED.flatMap((name) => {
    const reading = rules.fields[name];
    if (reading.confidence < OPINION || reading.value === null || fieldMatches(name, fields[name], reading.value)) return [];
    return [`${name} ${JSON.stringify(fields[name])} disagrees with the rules' reading ${JSON.stringify(reading.value)} (${reading.rule})`];
  });
}
