/**
 * Month names and abbreviations in English, German, French, Spanish and Portuguese, with and
 * without accents ("Dezember", "DEZ", "décembre", "DEC.", "dic", "dezembro"), as one pattern.
 */

const NAMES: readonly (readonly string[])[] = [
  ['JAN', 'JANUARY', 'JANUAR', 'JÄN', 'JAENNER', 'JÄNNER', 'JANV', 'JANVIER', 'ENE', 'ENERO', 'JANEIRO'],
  ['FEB', 'FEBRUARY', 'FEBRUAR', 'FEV', 'FÉV', 'FEVR', 'FÉVR', 'FEVRIER', 'FÉVRIER', 'FEBRERO', 'FEVEREIRO'],
  ['MAR', 'MARCH', 'MÄRZ', 'MAERZ', 'MARZ', 'MRZ', 'MARS', 'MARZO', 'MARÇO', 'MARCO'],
  ['APR', 'APRIL', 'AVR', 'AVRIL', 'ABR', 'ABRIL'],
  ['MAY', 'MAI', 'MAYO', 'MAIO'],
  ['JUN', 'JUNE', 'JUNI', 'JUIN', 'JUNIO', 'JUNHO'],
  ['JUL', 'JULY', 'JULI', 'JUIL', 'JUILLET', 'JULIO', 'JULHO'],
  ['AUG', 'AUGUST', 'AOUT', 'AOÛT', 'AGO', 'AGOSTO'],
  ['SEP', 'SEPT', 'SEPTEMBER', 'SEPTEMBRE', 'SEPTIEMBRE', 'SETIEMBRE', 'SET', 'SETEMBRO'],
  ['OCT', 'OCTOBER', 'OKT', 'OKTOBER', 'OCTOBRE', 'OCTUBRE', 'OUT', 'OUTUBRO'],
  ['NOV', 'NOVEMBER', 'NOVEMBRE', 'NOVIEMBRE', 'NOVEMBRO'],
  ['DEC', 'DECEMBER', 'DEZ', 'DEZEMBER', 'DÉC', 'DECEMBRE', 'DÉCEMBRE', 'DIC', 'DICIEMBRE', 'DEZEMBRO'],
];

// English names only: "NOV 5, 2026" is an English habit, and "OUT 12" or "SET 3" in other
// languages are more often words than dates.
const ENGLISH: readonly (readonly string[])[] = [
  ['JAN', 'JANUARY'],
  ['FEB', 'FEBRUARY'],
  ['MAR', 'MARCH'],
  ['APR', 'APRIL'],
  ['MAY'],
  ['JUN', 'JUNE'],
  ['JUL', 'JULY'],
  ['AUG', 'AUGUST'],
  ['SEP', 'SEPT', 'SEPTEMBER'],
  ['OCT', 'OCTOBER'],
  ['NOV', 'NOVEMBER'],
  ['DEC', 'DECEMBER'],
];

function lookup(table: readonly (readonly string[])[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const [i, names] of table.entries()) for (const name of names) map.set(name, i + 1);
  return map;
}

function alternation(map: Map<string, number>): string {
  return [...map.keys()].sort((a, b) => b.length - a.length).join('|');
}

const ALL = lookup(NAMES);
const EN = lookup(ENGLISH);

/** Regex source matching any month name (use with the `i` flag). */
export const MONTH_NAME_SOURCE = alternation(ALL);
/** Regex source matching an English month name (use with the `i` flag). */
export const ENGLISH_MONTH_SOURCE = alternation(EN);

/** 1..12 for a month name in any of the languages, null otherwise. */
export function monthNumber(name: string): number | null {
  return ALL.get(name.toUpperCase().replace(/\.$/, '')) ?? null;
}
