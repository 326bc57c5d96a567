/**
 * Extraction quality exactly as the data contract scores it: field by field after
 * normalisation, a record correct when every field is, and cost per valid extraction (CPE).
 */
import { FIELD_NAMES, type ExtractedFields } from '../../contract/records.ts';

type FieldName = (typeof FIELD_NAMES)[number];

const LEGAL_FORMS = new Set([
  'inc', 'incorporated', 'llc', 'ltd', 'limited', 'gmbh', 'sa', 'sas', 'sarl', 'plc', 'ag', 'bv', 'nv', 'co', 'corp', 'corporation',
  'company', 'spa', 'srl', 'sl', 'ltda', 'me', 'eireli', 'kg', 'oy', 'ab', 'as', 'pty', 'pvt', 'lp', 'llp',
]);

function tokens(name: string): string[] {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter((t) => t !== '' && !LEGAL_FORMS.has(t));
}

export function counterpartyMatches(a: string, b: string): boolean {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.join(' ') === tb.join(' ')) return true;
  const [small, large] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  if (small.length === 0) return false;
  const largeSet = new Set(large);
  return small.every((t) => largeSet.has(t)) && small.length * 2 >= large.length;
}

export function fieldMatches(name: FieldName, got: string | null, want: string | null): boolean {
  if (got === null || want === null) return got === want;
  switch (name) {
    case 'amount':
      return /^\d+(\.\d+)?$/.test(got) && Number(got) === Number(want);
    case 'transaction_date':
      return got === want;
    case 'reference':
      return got.replace(/\s+/g, '').toLowerCase() === want.replace(/\s+/g, '').toLowerCase();
    case 'counterparty':
      return counterpartyMatches(got, want);
    default:
      return got.toUpperCase() === want.toUpperCase();
  }
}

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
