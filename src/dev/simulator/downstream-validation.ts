/**
 * The simulator as a downstream validation job: for a random share of the extractions it sees,
 * it compares the fields with the truth and sends back a verdict with the right fields, as a
 * reconciliation against the ledger would a little after each record is emitted. Which records are
 * judged depends on the seed and the record_id only, so two runs judge the same records.
 */
import { fieldMatches } from '../../contract/field-match.ts';
import { type ExtractedFields, type Extraction, type ExtractionFeedback, FIELD_NAMES } from '../../contract/records.ts';
import { unit } from './seeded.ts';

// One or two fields wrong is a partly right answer; more is a wrong one.
const MOST_PARTIAL_ERRORS = 2;

export function downstreamVerdicts(
  extractions: readonly Extraction[],
  options: { truth: ReadonlyMap<string, ExtractedFields>; rate: number; seed: number; at: number },
): ExtractionFeedback[] {
  return extractions.flatMap((extraction) => {
    const want = options.truth.get(extraction.record_id);
    if (!want || unit(options.seed, 'downstream-validation', extraction.record_id) >= options.rate) return [];
    const errors = FIELD_NAMES.filter((name) => !fieldMatches(name, extraction.fields[name], want[name]));
    return [
      {
        record_id: extraction.record_id,
        verdict: errors.length === 0 ? 'CORRECT' : errors.length <= MOST_PARTIAL_ERRORS ? 'PARTIAL' : 'INCORRECT',
        corrected_fields: errors.length === 0 ? null : want,
        field_errors: errors.length === 0 ? null : errors,
        origin: 'downstream_validation',
        at: options.at,
      },
    ];
  });
}
