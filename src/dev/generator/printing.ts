/**
 * How amounts, dates and names are printed in narratives, and the small template language the
 * rails' layout tables are written in.
 */
import type { Direction } from '../../contract/records.ts';

/** Decimal mark and thousands grouping; `lakh` groups Indian style (1,18,500.00). */
export type AmountStyle = { decimal: '.' | ','; group: '' | ',' | '.' | ' ' | 'lakh' };

export const AMOUNT_STYLES = {
  us: { decimal: '.', group: ',' },
  plain: { decimal: '.', group: '' },
  eu: { decimal: ',', group: '.' },
  euPlain: { decimal: ',', group: '' },
  fr: { decimal: ',', group: ' ' },
  lakh: { decimal: '.', group: 'lakh' },
} as const satisfies Record<string, AmountStyle>;

/** Absolute amount in minor units, printed in a style (the sign is the caller's business). */
export function money(cents: number, style: AmountStyle): string {
  const abs = Math.abs(Math.round(cents));
  const units = String(Math.floor(abs / 100));
  return groupDigits(units, style.group) + style.decimal + String(abs % 100).padStart(2, '0');
}

function groupDigits(digits: string, group: AmountStyle['group']): string {
  if (group === '' || digits.length <= 3) return digits;
  const last = digits.slice(-3);
  const rest = digits.slice(0, -3);
  const size = group === 'lakh' ? 2 : 3;
  const parts: string[] = [];
  for (let end = rest.length; end > 0; end -= size) parts.unshift(rest.slice(Math.max(0, end - size), end));
  return [...parts, last].join(group === 'lakh' ? ',' : group);
}

/** The contract's amount form: absolute, `.` decimal, no grouping, two decimals ("1234.50"). */
export function contractAmount(cents: number): string {
  return money(cents, AMOUNT_STYLES.plain);
}

/**
 * How a line marks money out versus money in. `parensCredit` is the card-statement habit (credits
 * in parentheses), `parensDebit` the accounting one.
 */
export type SignNotation = 'none' | 'minus' | 'plusMinus' | 'trailingMinus' | 'crdr' | 'parensCredit' | 'parensDebit';

export function signed(text: string, direction: Direction, notation: SignNotation): string {
  const debit = direction === 'DEBIT';
  switch (notation) {
    case 'none':
      return text;
    case 'minus':
      return debit ? `-${text}` : text;
    case 'plusMinus':
      return debit ? `-${text}` : `+${text}`;
    case 'trailingMinus':
      return debit ? `${text}-` : text;
    case 'crdr':
      return `${text} ${debit ? 'DR' : 'CR'}`;
    case 'parensCredit':
      return debit ? text : `(${text})`;
    case 'parensDebit':
      return debit ? `(${text})` : text;
  }
}

export const MONTHS = {
  en: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  es: ['ENE', 'FEB', 'MAR', 'ABR', 'MAY', 'JUN', 'JUL', 'AGO', 'SEP', 'OCT', 'NOV', 'DIC'],
  fr: ['JANV', 'FEVR', 'MARS', 'AVR', 'MAI', 'JUIN', 'JUIL', 'AOUT', 'SEPT', 'OCT', 'NOV', 'DEC'],
  de: ['JAN', 'FEB', 'MRZ', 'APR', 'MAI', 'JUN', 'JUL', 'AUG', 'SEP', 'OKT', 'NOV', 'DEZ'],
  pt: ['JAN', 'FEV', 'MAR', 'ABR', 'MAI', 'JUN', 'JUL', 'AGO', 'SET', 'OUT', 'NOV', 'DEZ'],
} as const;
export type MonthNames = readonly string[];

const DATE_TOKENS = /YYYY|YY|MON|MM|DD/g;
/** A template key is a date pattern when it is made of date tokens and separators only. */
const DATE_PATTERN = /^(?:YYYY|YY|MON|MM|DD|[ ./-])+$/;

/** Prints an ISO date with YYYY, YY, MM, DD and MON (month abbreviation) tokens. */
export function printDate(isoDate: string, pattern: string, months: MonthNames = MONTHS.en): string {
  const [year, month, day] = isoDate.split('-') as [string, string, string];
  return pattern.replace(DATE_TOKENS, (token) => {
    switch (token) {
      case 'YYYY':
        return year;
      case 'YY':
        return year.slice(2);
      case 'MM':
        return month;
      case 'DD':
        return day;
      default:
        return months[Number(month) - 1]!;
    }
  });
}

/**
 * Fills `{name}` slots from `vars`; a slot that is a date pattern (`{MM/DD}`, `{DD.MM.YYYY}`)
 * prints `date`. Layout tables stay data this way.
 */
export function fill(template: string, slots: { vars?: Readonly<Record<string, string>>; date: string; months?: MonthNames }): string {
  return template.replace(/\{([^}]+)\}/g, (_, key: string) => {
    const value = slots.vars?.[key];
    if (value !== undefined) return value;
    if (DATE_PATTERN.test(key)) return printDate(slots.date, key, slots.months);
    throw new Error(`template slot {${key}} has no value in: ${template}`);
  });
}

/** Whether a template prints the transaction date (if not, the truth date is null). */
export function printsDate(template: string): boolean {
  return [...template.matchAll(/\{([^}]+)\}/g)].some((m) => DATE_PATTERN.test(m[1]!));
}

/** Upper case without accents, the way most bank systems print names. */
export function caps(text: string): string {
  return text.replace(/ß/g, 'ss').normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

/** "PRIYA SHARMA" → "Priya Sharma": the form a person would write a printed name in. */
export function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());
}
