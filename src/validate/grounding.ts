/**
 * Grounding: every value a model gives must be readable in the record's own text. A value that
 * is not there — an invented reference, an amount from an instruction planted in the narrative,
 * another record's date, a merchant the line never names — makes the answer doubtful, and the
 * record escalates.
 */
import { withoutAccents } from '../common/ascii.ts';
import type { ExtractedFields } from '../contract/records.ts';

const NUMBER_TOKEN = /\d(?:[\d.,' ]*\d)?/g;

/** Every numeric value a token of the text can mean, whichever separator is the decimal one. */
export function numericReadings(text: string): number[] {
  const readings: number[] = [];
  for (const match of text.matchAll(NUMBER_TOKEN)) readings.push(...tokenReadings(match[0]));
  return readings;
}

function tokenReadings(token: string): number[] {
  const readings: number[] = [];
  for (const part of [token, ...token.split(' ')]) {
    const digits = part.replace(/[^\d]/g, '');
    if (digits === '') continue;
    readings.push(Number(digits));
    const decimal = /[.,](\d{1,3})$/.exec(part);
    if (decimal) readings.push(Number(`${part.slice(0, decimal.index).replace(/[^\d]/g, '')}.${decimal[1]}`));
  }
  return readings;
}

/** Whether a token of the text reads as the amount; the tokens after the first that does are not read. */
export function amountIsGrounded(amount: string, text: string): boolean {
  const value = Number(amount);
  if (!Number.isFinite(value)) return false;
  for (const match of text.matchAll(NUMBER_TOKEN))
    if (tokenReadings(match[0]).some((reading) => Math.abs(reading - value) < 0.005)) return true;
  return false;
}

/** Case, accents and compatibility forms aside. */
const fold = (s: string) => withoutAccents(s).toLowerCase();

const compact = (s: string) => fold(s).replace(/[^\p{L}\p{N}]/gu, '');

export function referenceIsGrounded(reference: string, text: string): boolean {
  const wanted = compact(reference);
  return wanted.length > 0 && compact(text).includes(wanted);
}

/**
 * Descriptors that print a name in a form no letter-by-letter reading recovers, each with the
 * name it stands for: card processors' prefixes and the few best-known brand descriptors. Kept
 * short and general: a name the rules below can trace (AMZN, MSFT, TFL) needs no entry; the
 * Amazon, Google and Apple entries say outright what those rules would find anyway. An entry makes
 * a name traceable, not right: SQ * makes "Square" traceable, though the contract wants the
 * merchant printed after the star.
 */
// biome-ignore format: data laid out by hand as a table, to read down
const DESCRIPTOR_ALIASES: readonly { printed: RegExp; name: string }[] = [
  { printed: /\bSQ ?\*/i,                          name: 'Square' },  // Square's card terminals
  { printed: /\bTST ?\*/i,                         name: 'Toast' },   // Toast's restaurant terminals
  { printed: /\bPAYPAL ?\*|\bPP ?\*/i,              name: 'PayPal' },
  { printed: /\bAMZN|\bAMAZON ?MKTPL/i,             name: 'Amazon' },  // AMZN Mktp, AMAZON MKTPLACE
  { printed: /\bGOOGLE ?\*/i,                      name: 'Google' },
  { printed: /\bAPPLE\.COM\/BILL\b/i,               name: 'Apple' },
  { printed: /\bWM SUPERCENTER\b|\bWAL-?MART\b/i,   name: 'Walmart' },
  { printed: /\bVZ ?W(?:RLSS|IRELESS)\b|\bVZW\b/i,   name: 'Verizon' }, // Verizon Wireless
];

/** Words a name may carry that a bank need not print: joiners, articles, legal forms, web suffixes. */
// biome-ignore format: data laid out by hand as a table, to read down
const OPTIONAL_WORDS = new Set([
  'the', 'and', 'of', 'for', 'a', 'an', 'at', 'de', 'des', 'du', 'la', 'le', 'les', 'el', 'los', 'las', 'del', 'da',
  'do', 'dos', 'das', 'di', 'y', 'e', 'et', 'und', 'von', 'van', 'der', 'den', 'het',
  'inc', 'llc', 'ltd', 'limited', 'plc', 'gmbh', 'ag', 'sa', 'co', 'corp', 'company', 'com', 'www',
]);

/**
 * Words a bank prints for the line's own structure: never taken for a name cut short, abbreviated
 * or as initials (CARD is not Cardinal, ACH not Ace Cash Hub, ID not Isla Davies).
 */
// biome-ignore format: data laid out by hand as a table, to read down
const LINE_WORDS = new Set([
  'pos', 'ach', 'ppd', 'ccd', 'web', 'tel', 'ref', 'trn', 'txn', 'upi', 'imps', 'neft', 'rtgs', 'sepa', 'pix', 'card',
  'debit', 'credit', 'pmt', 'pymt', 'payment', 'paid', 'purchase', 'trf', 'xfer', 'transfer', 'dep', 'deposit', 'atm',
  'fee', 'chg', 'bal', 'balance', 'amt', 'amount', 'desc', 'descr', 'memo', 'eref', 'mref', 'cred', 'svwz', 'sec',
  'trace', 'orig', 'ind', 'entry', 'iban', 'bic', 'utr', 'rrn', 'auth', 'value', 'val', 'visa', 'debitk', 'bill',
  'id', 'dr', 'cr', 'cd', 'dd', 'no', 'nr', 'to', 'on', 'at', 'of', 'by', 'in', 'de', 'le', 'la', 'el', 'en',
]);

const nameWords = (s: string) =>
  fold(s)
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');

/** The text as a name is looked for in it: folded, glued, and cut into tokens both ways. */
type Readable = { compact: string; words: readonly string[]; tokens: readonly string[]; tokenSet: ReadonlySet<string> };

function readable(text: string): Readable {
  const expansions = DESCRIPTOR_ALIASES.filter((alias) => alias.printed.test(text)).map((alias) => alias.name);
  const full = [text, ...expansions].join(' ');
  // A token both as split at punctuation (PRIYA.SHARMA → priya, sharma) and as glued across the
  // punctuation a name may carry (NAME:PG&E → pge).
  const words = nameWords(full);
  const tokens = [...words, ...full.split(/[^\p{L}\p{N}&'’.@_-]+/u).map(compact)].filter((t) => t !== '');
  return { compact: compact(full), words, tokens, tokenSet: new Set(tokens) };
}

/** `part` is `word`'s first letter and some of its other letters, in order (or the whole word). */
function keptFrom(part: string, word: string): boolean {
  if (part === '' || part[0] !== word[0]) return false;
  let at = 0;
  for (const letter of word) if (letter === part[at]) at += 1;
  return at === part.length;
}

/**
 * A token that may stand for a name: four letters or more (three-letter tokens — ARN, LLC, ORG,
 * APP — are too often the line's own words), and not a word of the line's structure.
 */
const mayNameSomething = (token: string) => /^\p{L}{4,}$/u.test(token) && !LINE_WORDS.has(token);

/**
 * `short` (a token that may name something) keeps `long`'s first letter and some others in order, dropping vowels as a bank
 * abbreviates (MSFT, AMZN, WHSE): a word of the line that happens to share a name's letters (WARE,
 * PRET, FLAT) is not an abbreviation of it.
 */
const abbreviates = (short: string, long: string) =>
  short.length < long.length && !/[aeiou]/.test(short.slice(1).replace(/e$/, '')) && keptFrom(short, long);

/** One letter changed, added, dropped or two neighbours swapped: STARBUKS, WALGREEENS. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  const [restA, restB] = [a.slice(i), b.slice(i)];
  return (
    restA.slice(1) === restB.slice(1) ||
    restA.slice(1) === restB ||
    restA === restB.slice(1) ||
    (restA.length >= 2 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2))
  );
}

/**
 * Letters printed inside a longer token, as in a UPI handle (priyasharma@, swiggy48@): five or
 * more anywhere, fewer only as a whole token or before digits (CON is not in CONCEPTO).
 */
const printedWithin = (letters: string, text: Readable) =>
  letters.length >= 5
    ? text.compact.includes(letters)
    : text.tokens.some((token) => token.startsWith(letters) && /^\d*$/.test(token.slice(letters.length)));

type Trace = 'exact' | 'near' | 'none';

/**
 * How one word of a name is in the text: exact (a token, or glued into a handle: priya.sharma@,
 * swiggy48@) or near (cut short: PROPER; misspelt by a letter: STARBUKS; abbreviated: MSFT, WHSE).
 */
function wordTrace(word: string, text: Readable): Trace {
  if (text.tokenSet.has(word)) return 'exact';
  if (word.length < 3) return 'none';
  if (printedWithin(word, text)) return 'exact';
  const near = text.tokens.some(
    (token) =>
      mayNameSomething(token) &&
      ((token.length < word.length && word.startsWith(token)) ||
        (word.length >= 5 && oneEditApart(token, word)) ||
        abbreviates(token, word)),
  );
  return near ? 'near' : 'none';
}

/**
 * `short` is the heads of the name's words in order, one letter or more of each (a joiner may be
 * left out): CONED for Con Edison, PGANDE for Pacific Gas and Electric, MAGALU for Magazine Luiza.
 */
function abbreviatesWords(short: string, words: readonly string[]): boolean {
  if (words.length === 0) return short === '';
  const [word, ...rest] = words as [string, ...string[]];
  if (OPTIONAL_WORDS.has(word) && abbreviatesWords(short, rest)) return true;
  for (let take = 1; take <= short.length; take += 1) {
    if (word.startsWith(short.slice(0, take)) && abbreviatesWords(short.slice(take), rest)) return true;
  }
  return false;
}

/**
 * The name as one thing: printed without its spaces and punctuation (AT&T → ATT), as its initials
 * (TFL, AWS), its words abbreviated (CONED), or an acronym of printed words (DGFIP).
 */
function wholeNameTraced(words: readonly string[], significant: readonly string[], text: Readable): boolean {
  const whole = words.join('');
  if (whole.length >= 3 ? printedWithin(whole, text) : text.tokenSet.has(whole)) return true;
  const initials = [significant, words]
    .filter((w) => w.length >= 2 && w.every((word) => word.length >= 2))
    .map((w) => w.map((word) => word[0]).join(''));
  if (initials.some((i) => text.tokenSet.has(i) && !LINE_WORDS.has(i))) return true;
  if (words.length >= 2 && text.tokens.some((token) => mayNameSomething(token) && abbreviatesWords(token, words))) return true;
  return (
    words.length === 1 && whole.length >= 3 && /^\p{L}+$/u.test(whole) && text.words.some((_, at) => startsAcronym(whole, text.words, at))
  );
}

/**
 * `acronym` is made of the heads of the words from `at` on, each giving one letter or more and a
 * joiner none: DGFIP for DIRECTION GENERALE DES FINANCES PUBLIQUES, HMRC for HM REVENUE & CUSTOMS.
 */
function startsAcronym(acronym: string, words: readonly string[], at: number, used = 0): boolean {
  if (acronym === '') return used >= 2;
  const word = words[at];
  if (word === undefined) return false;
  if (used > 0 && OPTIONAL_WORDS.has(word) && startsAcronym(acronym, words, at + 1, used)) return true;
  for (let take = 1; take <= Math.min(word.length, acronym.length); take += 1)
    if (word.startsWith(acronym.slice(0, take)) && startsAcronym(acronym.slice(take), words, at + 1, used + 1)) return true;
  return false;
}

/**
 * Whether a counterparty can be traced to the text, as a bank prints names: case, accents and
 * punctuation aside, the whole name (glued, as initials or abbreviated), a descriptor alias, or
 * word by word — its first significant word (cut short, misspelt by a letter, abbreviated, glued
 * into a UPI handle), or its initial beside another of its words (J SMITH), or all but one of
 * three or more words. A name none of whose signs is printed (Blue Bottle Coffee for a Zelle to
 * John Smith) is not traceable, and an answer carrying it is doubtful.
 */
export function counterpartyIsGrounded(counterparty: string, text: string): boolean {
  const words = nameWords(counterparty);
  if (words.length === 0) return false;
  const meaningful = words.filter((w) => w.length >= 2 && !OPTIONAL_WORDS.has(w));
  const significant = meaningful.length > 0 ? meaningful : words;
  const target = readable(text);
  if (wholeNameTraced(words, significant, target)) return true;
  const [head, ...rest] = significant as [string, ...string[]];
  const headTrace = wordTrace(head, target);
  if (headTrace === 'exact' || (headTrace === 'near' && rest.length === 0)) return true;
  const traced = rest.filter((w) => wordTrace(w, target) !== 'none');
  if (headTrace === 'near' && traced.length > 0) return true;
  return initialBeside(head[0]!, traced, target) || (significant.length >= 3 && traced.length >= significant.length - 1);
}

/** The head's initial printed next to another word of the name: J SMITH, SHARMA P. */
function initialBeside(initial: string, traced: readonly string[], text: Readable): boolean {
  return text.words.some(
    (word, at) =>
      word === initial &&
      [text.words[at - 1], text.words[at + 1]].some(
        (next) => next !== undefined && traced.some((w) => wordTrace(w, readable(next)) !== 'none'),
      ),
  );
}

/** The day of a date must be printed; the month as a number or a name is checked by the rules tier. */
export function dateIsGrounded(isoDate: string, text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return false;
  const day = Number(match[3]);
  const numbers = text.match(/\d+/g) ?? [];
  return numbers.some((n) => Number(n) === day || n.includes(match[3]!) || (n.length >= 4 && n.includes(String(day))));
}

const CURRENCY_SYMBOLS: Record<string, string[]> = {
  USD: ['$', 'US$'],
  EUR: ['€'],
  GBP: ['£'],
  INR: ['₹', 'RS', 'RS.'],
  BRL: ['R$'],
  JPY: ['¥'],
  CAD: ['$', 'C$'],
  AUD: ['$', 'A$'],
};

export function currencyIsGrounded(currency: string, text: string, hint: string | null): boolean {
  if (hint === currency) return true;
  const upper = text.toUpperCase();
  return upper.includes(currency) || (CURRENCY_SYMBOLS[currency] ?? []).some((s) => upper.includes(s));
}

type GroundingContext = { text: string; currencyHint: string | null };

/**
 * The fields checked against the text, each with how it is read there, how a miss is named, and
 * whether a miss takes the value out of the answer. A number, a date, a reference or a currency
 * the text does not print is a guess: it goes. A counterparty that cannot be traced stays, flagged:
 * a model may rightly name the brand behind a legal name the line prints (Swiggy for BUNDL
 * TECHNOLOGIES), which no reading of the letters confirms, so the name is doubtful rather than
 * false — the record escalates, and if no tier gives a traceable name it leaves LOW_CONFIDENCE with
 * the name for a person to judge.
 */
const CHECKS: readonly {
  name: 'amount' | 'reference' | 'transaction_date' | 'currency' | 'counterparty';
  label: string;
  grounded: (value: string, context: GroundingContext) => boolean;
  missKeepsValue?: true;
}[] = [
  { name: 'amount', label: 'amount', grounded: (v, c) => amountIsGrounded(v, c.text) },
  { name: 'reference', label: 'reference', grounded: (v, c) => referenceIsGrounded(v, c.text) },
  { name: 'transaction_date', label: 'date', grounded: (v, c) => dateIsGrounded(v, c.text) },
  { name: 'currency', label: 'currency', grounded: (v, c) => currencyIsGrounded(v, c.text, c.currencyHint) },
  { name: 'counterparty', label: 'counterparty', grounded: (v, c) => counterpartyIsGrounded(v, c.text), missKeepsValue: true },
];

/**
 * The answer with every guessed value taken out (null), and why: not even a doubtful output
 * carries a value the text does not print. Every miss, taken out or kept (an untraceable
 * counterparty), is a problem, so the answer is doubtful.
 */
export function groundedOnly(fields: ExtractedFields, context: GroundingContext): { fields: ExtractedFields; problems: string[] } {
  const kept: ExtractedFields = { ...fields };
  const problems: string[] = [];
  for (const { name, label, grounded, missKeepsValue } of CHECKS) {
    const value = fields[name];
    if (value === null || grounded(value, context)) continue;
    if (!missKeepsValue) kept[name] = null;
    problems.push(`${label} ${value} is not in the text`);
  }
  return problems.length === 0 ? { fields, problems } : { fields: kept, problems };
}

/** The grounding problems of an answer, one line each; empty when every value is in the text. */
export function groundingProblems(fields: ExtractedFields, context: GroundingContext): string[] {
  return groundedOnly(fields, context).problems;
}
