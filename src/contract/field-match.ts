/**
 * When two values of a field are the same answer, as the data contract defines it: amounts
 * numerically, references ignoring white space and case, counterparties after folding case,
 * accents, punctuation and legal-form words. Scoring, cache admission and the cascade's merging
 * of rules and model answers all compare through this one function.
 */
import type { FIELD_NAMES } from './records.ts';

export type FieldName = (typeof FIELD_NAMES)[number];

const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'sa',
  'sas',
  'sarl',
  'plc',
  'ag',
  'bv',
  'nv',
  'co',
  'corp',
  'corporation',
  'company',
  'spa',
  'srl',
  'sl',
  'ltda',
  'me',
  'eireli',
  'kg',
  'oy',
  'ab',
  'as',
  'pty',
  'pvt',
  'lp',
  'llp',
]);

function tokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((t) => t !== '' && !LEGAL_FORMS.has(t));
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
