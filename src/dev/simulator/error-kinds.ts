/**
 * The mistakes a simulated model makes, each one a realistic way an LLM misreads a bank line.
 * Every kind says when it can apply (a day/month swap needs both numbers ≤ 12) and turns the true
 * fields into a plausible wrong answer; the wrong value often still appears in the text, so
 * grounding alone cannot catch it — except a well-known merchant the line does not print, which
 * only grounding can.
 */
import { fieldMatches } from '../../contract/field-match.ts';
import type { Category, ExtractedFields } from '../../contract/records.ts';

export type ErrorKind =
  | 'swap-day-month'
  | 'flip-direction'
  | 'truncate-counterparty'
  | 'absent-counterparty'
  | 'wrong-category'
  | 'invent-reference'
  | 'transpose-amount';

type KindRule = {
  kind: ErrorKind;
  /** Relative frequency among the kinds that apply. */
  weight: number;
  /** The field it corrupts; a protected field (a hint the model took) is left alone. */
  field: keyof ExtractedFields;
  applies: (fields: ExtractedFields, text: string) => boolean;
  apply: (fields: ExtractedFields, text: string, draw: number) => ExtractedFields;
};

/** The category a model confuses with each one: a neighbour, never a random pick. */
const CATEGORY_NEIGHBOUR: Record<Category, Category> = {
  GROCERIES: 'SHOPPING',
  DINING: 'GROCERIES',
  TRAVEL: 'TRANSPORT',
  TRANSPORT: 'TRAVEL',
  FUEL: 'TRANSPORT',
  UTILITIES: 'TELECOM',
  TELECOM: 'UTILITIES',
  SOFTWARE: 'SHOPPING',
  SHOPPING: 'GROCERIES',
  HEALTH: 'SHOPPING',
  ENTERTAINMENT: 'SOFTWARE',
  INCOME: 'TRANSFER',
  RENT: 'TRANSFER',
  INSURANCE: 'HEALTH',
  TAXES: 'FEES',
  FEES: 'OTHER',
  CASH: 'TRANSFER',
  TRANSFER: 'RENT',
  OTHER: 'SHOPPING',
};

/**
 * Merchants a model names from habit rather than from the line (a coffee chain for any small card
 * payment, a marketplace for any online one): well known in every market the generator writes.
 */
// biome-ignore format: data laid out by hand as a list, to read down
const HABITUAL_MERCHANTS = [
  'Blue Bottle Coffee', 'Starbucks', 'Whole Foods Market', 'Amazon', 'Netflix', 'Uber Eats', 'Shell', 'Tesco',
  'Carrefour', 'Zomato', 'Mercadona', 'Magazine Luiza',
];

const foldWords = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 3);

/**
 * The habitual merchants none of whose words the line prints (folded), so none is a misreading of
 * it, and none the true counterparty (AMZN prints Amazon without its word).
 */
function absentMerchants(fields: ExtractedFields, text: string): string[] {
  const printed = foldWords(text).join(' ');
  return HABITUAL_MERCHANTS.filter(
    (name) => foldWords(name).every((word) => !printed.includes(word)) && !fieldMatches('counterparty', name, fields.counterparty),
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function swappableDate(date: string | null): RegExpExecArray | null {
  const match = date ? ISO_DATE.exec(date) : null;
  if (!match) return null;
  const [, , month, day] = match;
  return Number(day) <= 12 && Number(month) <= 12 && day !== month ? match : null;
}

/** Index pairs of adjacent digits that differ and whose swap keeps a leading non-zero digit. */
function transposablePairs(amount: string | null): number[] {
  if (!amount) return [];
  const pairs: number[] = [];
  for (let at = 0; at + 1 < amount.length; at += 1) {
    const [a, b] = [amount[at]!, amount[at + 1]!];
    if (!/\d/.test(a) || !/\d/.test(b) || a === b || (at === 0 && b === '0')) continue;
    pairs.push(at);
  }
  return pairs;
}

/** A number printed in the line that a careless model takes for a reference (store, PPD or phone). */
function inventedReference(text: string, fields: ExtractedFields, draw: number): string {
  const amountDigits = fields.amount?.replace(/\D/g, '');
  const candidates = (text.match(/[A-Z0-9]*\d[A-Z0-9]*/gi) ?? []).filter(
    (token) => token.replace(/\D/g, '').length >= 4 && token.replace(/\D/g, '') !== amountDigits,
  );
  if (candidates.length > 0) return candidates[Math.floor(draw * candidates.length)]!;
  return `REF${Math.floor(draw * 1e8)
    .toString()
    .padStart(8, '0')}`;
}

const RULES: readonly KindRule[] = [
  {
    kind: 'swap-day-month',
    weight: 3,
    field: 'transaction_date',
    applies: (fields) => swappableDate(fields.transaction_date) !== null,
    apply: (fields) => {
      const [, year, month, day] = swappableDate(fields.transaction_date)!;
      return { ...fields, transaction_date: `${year}-${day}-${month}` };
    },
  },
  {
    kind: 'flip-direction',
    weight: 2,
    field: 'direction',
    applies: (fields) => fields.direction !== null,
    apply: (fields) => ({ ...fields, direction: fields.direction === 'DEBIT' ? 'CREDIT' : 'DEBIT' }),
  },
  {
    kind: 'truncate-counterparty',
    weight: 2,
    field: 'counterparty',
    applies: (fields) => (fields.counterparty?.trim().split(/\s+/).length ?? 0) >= 2,
    apply: (fields) => ({ ...fields, counterparty: fields.counterparty!.trim().split(/\s+/)[0]! }),
  },
  {
    // The rarest mistake: a name from habit, neither the truth nor anything the line prints.
    kind: 'absent-counterparty',
    weight: 1,
    field: 'counterparty',
    applies: (fields, text) => fields.counterparty !== null && absentMerchants(fields, text).length > 0,
    apply: (fields, text, draw) => {
      const absent = absentMerchants(fields, text);
      return { ...fields, counterparty: absent[Math.floor(draw * absent.length)]! };
    },
  },
  {
    kind: 'wrong-category',
    weight: 3,
    field: 'category',
    applies: (fields) => fields.category !== null,
    apply: (fields) => ({ ...fields, category: CATEGORY_NEIGHBOUR[fields.category!] }),
  },
  {
    kind: 'invent-reference',
    weight: 2,
    field: 'reference',
    applies: (fields) => fields.reference === null,
    apply: (fields, text, draw) => ({ ...fields, reference: inventedReference(text, fields, draw) }),
  },
  {
    kind: 'transpose-amount',
    weight: 1,
    field: 'amount',
    applies: (fields) => transposablePairs(fields.amount).length > 0,
    apply: (fields, _text, draw) => {
      const pairs = transposablePairs(fields.amount);
      const at = pairs[Math.floor(draw * pairs.length)]!;
      const chars = [...fields.amount!];
      [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
      return { ...fields, amount: chars.join('') };
    },
  },
];

/** The kinds that can corrupt `fields`, with their weights, minus those touching `protectedFields`. */
export function applicableKinds(
  fields: ExtractedFields,
  text: string,
  protectedFields: ReadonlySet<string> = new Set(),
): { value: ErrorKind; weight: number }[] {
  return RULES.filter((rule) => !protectedFields.has(rule.field) && rule.applies(fields, text)).map((rule) => ({
    value: rule.kind,
    weight: rule.weight,
  }));
}

export function applyError(kind: ErrorKind, fields: ExtractedFields, text: string, draw: number): ExtractedFields {
  const rule = RULES.find((candidate) => candidate.kind === kind)!;
  return rule.apply(fields, text, draw);
}
