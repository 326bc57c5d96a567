/**
 * Extraction quality exactly as the data contract scores it: field by field after
 * normalisation, a record correct when every field is, and cost per valid extraction (CPE).
 */
import { type FieldName, fieldMatches } from '../../contract/field-match.ts';
import { type ExtractedFields, FIELD_NAMES } from '../../contract/records.ts';

export type FieldErrors = FieldName[];

export function fieldErrors(got: ExtractedFields, want: ExtractedFields): FieldErrors {
  return FIELD_NAMES.filter((name) => !fieldMatches(name, got[name], want[name]));
}

export type QualityReport = {
  records: number;
  correctRecords: number;
  recordAccuracy: number;
  fieldAccuracy: number;
  errorsByField: Record<FieldName, number>;
  /** USD spent / correct records; null when none is correct. */
  cpeUsd: number | null;
};

export function scoreExtractions(pairs: ReadonlyArray<{ got: ExtractedFields; want: ExtractedFields }>, spentUsd: number): QualityReport {
  const errorsByField = Object.fromEntries(FIELD_NAMES.map((n) => [n, 0])) as Record<FieldName, number>;
  let correctRecords = 0;
  for (const { got, want } of pairs) {
    const errors = fieldErrors(got, want);
    for (const name of errors) errorsByField[name] += 1;
    if (errors.length === 0) correctRecords += 1;
  }
  const wrongFields = Object.values(errorsByField).reduce((a, b) => a + b, 0);
  const records = pairs.length;
  return {
    records,
    correctRecords,
    recordAccuracy: records ? correctRecords / records : 0,
    fieldAccuracy: records ? 1 - wrongFields / (records * FIELD_NAMES.length) : 0,
    errorsByField,
    cpeUsd: correctRecords ? spentUsd / correctRecords : null,
  };
}
