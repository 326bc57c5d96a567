/**
 * Reading a party's name out of a structured field: the run of words after a marker ("B/O:",
 * "ENVIADO A", "PAYMENT TO"), cased as a person would write it, and whether it looks like a
 * private person (which lets the rules call a transfer person-to-person).
 */
import { isAscii } from '../common/ascii.ts';
import { isCurrencyCode } from './currency-codes.ts';
import { GIVEN_NAMES } from './given-names.ts';

// Words that make a name a business (or a bank, or a government body), in several languages.
// biome-ignore format: data laid out by hand as a table, to read down
const BUSINESS_WORDS = new Set([
  'LTD', 'LIMITED', 'LLC', 'LLP', 'INC', 'CORP', 'CORPORATION', 'CO', 'COMPANY', 'GMBH', 'AG', 'KG', 'SA', 'SAS',
  'SARL', 'SL', 'SRL', 'SPA', 'BV', 'NV', 'PLC', 'PVT', 'PTY', 'LTDA', 'EIRELI', 'ME', 'MEI', 'SERVICES', 'SERVICE',
  'STORE', 'STORES', 'SHOP', 'MARKET', 'MART', 'BANK', 'INSURANCE', 'TELECOM', 'PAY', 'PAYMENTS', 'TECH',
  'TECHNOLOGIES', 'ENTERPRISES', 'TRADERS', 'TRADING', 'ONLINE', 'RESTAURANT', 'CAFE', 'HOTEL', 'FOODS', 'RETAIL',
  'INTERNATIONAL', 'GROUP', 'HOLDINGS', 'ASSOCIATES', 'SOLUTIONS', 'SYSTEMS', 'MOTORS', 'PHARMACY', 'ENERGY', 'GAS',
  'WATER', 'POWER', 'UTILITIES', 'UNIVERSITY', 'SCHOOL', 'CLUB', 'FOUNDATION', 'TRUST', 'COMERCIO', 'SERVICOS',
  'INDUSTRIA', 'AGENCY', 'STUDIO', 'CENTER', 'CENTRE', 'CLINIC', 'HOSPITAL', 'TAX', 'GOV', 'GOVT', 'DEPT', 'CITY',
]);
// Legal forms kept in their usual spelling rather than title-cased ("Globex LLC", not "Globex Llc").
// biome-ignore format: data laid out by hand as a table, to read down
const KEEP_SPELLING: Readonly<Record<string, string>> = {
  LLC: 'LLC', LLP: 'LLP', LTD: 'Ltd', INC: 'Inc', PLC: 'PLC', GMBH: 'GmbH', AG: 'AG', SA: 'SA', SAS: 'SAS', BV: 'BV',
  NV: 'NV', PVT: 'Pvt', USA: 'USA', UK: 'UK',
};
const NAME_WORD_RE = /^[\p{L}][\p{L}'’.&-]*$/u;
const TRAILING_PUNCT = ',;:';
const TOKEN_RE = /\S+/g;
const MAX_SKIPPED = 6;
const MAX_WORDS = 6;

// Legal forms a person leaves out when naming a business ("Globex", not "Globex LLC").
// biome-ignore format: data laid out by hand as a table, to read down
const LEGAL_FORMS = new Set([
  'LLC', 'LLP', 'LP', 'INC', 'CORP', 'CORPORATION', 'LTD', 'LIMITED', 'PLC', 'GMBH', 'AG', 'KG', 'SA', 'SAS', 'SARL', 'SL',
  'SRL', 'SPA', 'BV', 'NV', 'PTY', 'PVT', 'LTDA', 'EIRELI', 'SCA', 'SE', 'OY', 'AB', 'AS', 'CO',
]);

/** The name without trailing legal-form words: "GLOBEX LLC" → "GLOBEX", "ACME PVT LTD" → "ACME". */
export function withoutLegalForm(name: string): string {
  const words = name.split(' ');
  while (words.length > 1 && LEGAL_FORMS.has(words.at(-1)!.toUpperCase().replace(/[.,]/g, ''))) words.pop();
  return words.join(' ');
}

// A name's parts start after an apostrophe or a hyphen too: O'Brien, Jean-Luc.
const PART_JOINERS = "'’-";

function capitalise(word: string): string {
  const lower = word.toLowerCase();
  let out = lower.charAt(0).toUpperCase();
  let from = 1;
  for (let i = 1; i < lower.length; i++) {
    if (!PART_JOINERS.includes(lower[i - 1]!)) continue;
    out += lower.slice(from, i) + lower[i]!.toUpperCase();
    from = i + 1;
  }
  return out + lower.slice(from);
}

export function titleCase(name: string): string {
  return name
    .split(' ')
    .map((w) => KEEP_SPELLING[w.toUpperCase()] ?? capitalise(w))
    .join(' ');
}

const COMBINING_MARKS = /\p{M}/gu;
const PLAIN_NAME_WORD_RE = /^\p{L}[\p{L}'’-]*\.?$/u;

/** Upper case without accents, as the word lists are written; ASCII has no accent to take off. */
const fold = (word: string) => (isAscii(word) ? word : word.normalize('NFD').replace(COMBINING_MARKS, '')).toUpperCase();

/**
 * Two to four plain words, none a business word, opening with a given name or an initial:
 * "PRIYA SHARMA", "J SMITH", "Joao da Silva"; not "ACME CORP", "PAO DE ACUCAR", "IFOOD.COM".
 */
export function looksLikePerson(name: string): boolean {
  const printed = name.split(' ');
  if (printed.length < 2 || printed.length > 4) return false;
  const words = printed.map(fold);
  const plain = words.every((w) => PLAIN_NAME_WORD_RE.test(w) && !BUSINESS_WORDS.has(w.replace(/\./g, '')));
  const first = words[0]!.replace(/\.$/, '');
  return plain && (first.length === 1 || GIVEN_NAMES.has(first));
}

export type NameRunOptions = {
  /** Upper-case words that end the name (REF, CONCEPTO, E2E, AMT, ...). */
  stop: ReadonlySet<string>;
  /** Upper-case words skipped before the name starts (A, DE, PARA, TO, FROM, ...). */
  skip?: ReadonlySet<string>;
  /** How many tokens may be passed over before the name starts; 6 unless told. */
  maxSkipped?: number;
};

/** The token without the commas, semicolons and colons it ends with. */
function withoutTrailingPunct(token: string): string {
  let end = token.length;
  while (end > 0 && TRAILING_PUNCT.includes(token[end - 1]!)) end--;
  return end === token.length ? token : token.slice(0, end);
}

function isSkippable(word: string, skip: ReadonlySet<string> | undefined): boolean {
  return !NAME_WORD_RE.test(word) || (skip?.has(word.toUpperCase()) ?? false) || isCurrencyCode(word) || word.startsWith('[');
}

/**
 * The words of a name starting at `from`: numbers, dates, amounts, currency codes and skip words
 * before it are passed over; the name ends at a stop word or anything that is not a plain word.
 */
export function nameRunAfter(text: string, from: number, options: NameRunOptions): string | null {
  const words: string[] = [];
  let skipped = 0;
  // The shared global regex, positioned by lastIndex; nothing else uses it meanwhile.
  TOKEN_RE.lastIndex = from;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    const word = withoutTrailingPunct(m[0]);
    const upper = word.toUpperCase();
    if (options.stop.has(upper)) break;
    if (words.length === 0 && isSkippable(word, options.skip)) {
      if (++skipped > (options.maxSkipped ?? MAX_SKIPPED)) break;
      continue;
    }
    if (!NAME_WORD_RE.test(word) || isCurrencyCode(word)) break;
    words.push(word);
    if (words.length >= MAX_WORDS || word !== m[0]) break;
  }
  return words.length > 0 ? words.join(' ') : null;
}
