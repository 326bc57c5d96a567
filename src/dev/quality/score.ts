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

/** The contract's score, kept as records pass: a run of any length holds a few counters. */
export class QualityTally {
  readonly #errorsByField = Object.fromEntries(FIELD_NAMES.map((n) => [n, 0])) as Record<FieldName, number>;
  #records = 0;
  #correct = 0;

  add(got: ExtractedFields, want: ExtractedFields): void {
    const errors = fieldErrors(got, want);
    for (const name of errors) this.#errorsByField[name] += 1;
    this.#records += 1;
    if (errors.length === 0) this.#correct += 1;
  }

  get records(): number {
    return this.#records;
  }

  report(spentUsd: number): QualityReport {
    const records = this.#records;
    const correctRecords = this.#correct;
    const wrongFields = Object.values(this.#errorsByField).reduce((a, b) => a + b, 0);
    return {
      records,
      correctRecords,
      recordAccuracy: records ? correctRecords / records : 0,
      fieldAccuracy: records ? 1 - wrongFields / (records * FIELD_NAMES.length) : 0,
      errorsByField: { ...this.#errorsByField },
      cpeUsd: correctRecords ? spentUsd / correctRecords : null,
    };
  }
}

export function scoreExtractions(pairs: ReadonlyArray<{ got: ExtractedFields; want: ExtractedFields }>, spentUsd: number): QualityReport {
  const tally = new QualityTally();
  for (const { got, want } of pairs) tally.add(got, want);
  return tally.report(spentUsd);
}
