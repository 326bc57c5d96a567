/**
 * Property: whatever shape a card number, IBAN or e-mail address is printed in (separators, glue,
 * case, digit scripts, invisible characters inside) and wherever it sits in a bank narrative, none
 * survives prepare(): not in `masked`, not in the skeleton, not in any slot.
 *
 * "Survives" is judged by a checker independent of the masker's patterns: after folding the text
 * (NFKC, invisible characters out, every script's digits as ASCII), no run of digits joined by
 * separators holds a Luhn-valid 13–19 digit window, no IBAN-shaped window of a planted country's
 * length passes mod-97 once separators are gone, and nothing reads as local@domain.tld.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { luhnValid } from '#src/common/secrets/card-number.ts';
import { asciiDigits } from '#src/common/secrets/digits.ts';
import { ibanChecksumValid } from '#src/common/secrets/iban.ts';
import type { TransactionNarrative } from '#src/contract/records.ts';
import { prepare } from '#src/prepare/prepare.ts';

const SEED = 20261105;
const RUNS = 1000;

// ---- what a secret is made of -------------------------------------------------------------

/** Card schemes as issued: prefix and length. */
const SCHEMES: readonly (readonly [string, number])[] = [
  ['4', 16],
  ['4', 13],
  ['4', 19],
  ['51', 16],
  ['55', 16],
  ['2221', 16],
  ['2720', 16],
  ['34', 15],
  ['37', 15],
  ['6011', 16],
  ['65', 19],
  ['3528', 16],
  ['36', 14],
  ['300', 14],
  ['62', 16],
  ['62', 19],
  ['50', 16],
  ['58', 19],
  ['2200', 16],
];

/** Countries, their IBAN length, and whether the national part has letters (GB, NL, MT, …). */
const IBAN_COUNTRIES: readonly (readonly [string, number, number])[] = [
  ['DE', 22, 0],
  ['GB', 22, 4],
  ['FR', 27, 0],
  ['NL', 18, 4],
  ['ES', 24, 0],
  ['IT', 27, 1],
  ['BE', 16, 0],
  ['CH', 21, 0],
  ['PL', 28, 0],
  ['PT', 25, 0],
  ['BR', 29, 0],
  ['NO', 15, 0],
  ['MT', 31, 4],
  ['IE', 22, 4],
];
const IBAN_LENGTH = new Map(IBAN_COUNTRIES.map(([country, length]) => [country, length]));

const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202c',
  '\u202e',
  '\u2060',
  '\u2063',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\u00ad',
];
// Zero of each script's digits; 0 is ASCII. Full-width and mathematical digits fold under NFKC, the others do not.
const DIGIT_ZEROS = [0x30, 0xff10, 0x1d7ce, 0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x0be6, 0x1040];
const CARD_SEPARATORS = [
  ' ',
  '-',
  '.',
  '/',
  '_',
  ' - ',
  ' / ',
  '\u2013',
  '\u2010',
  '\u2011',
  '\u2212',
  '\u00a0',
  '\u2009',
  '\u202f',
  '  ',
  '\u00b7',
];
const IBAN_SEPARATORS = [' ', '-', '\u00a0', '\u2013', '  '];

const luhnCheckDigit = (body: string): string => {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return String(d);
  throw new Error('unreachable');
};

const ibanCheckDigits = (country: string, bban: string): string => {
  for (let check = 2; check <= 98; check++) {
    const candidate = `${country}${String(check).padStart(2, '0')}${bban}`;
    if (ibanChecksumValid(candidate)) return candidate.slice(2, 4);
  }
  throw new Error('unreachable');
};

const inScript = (char: string, zero: number): string =>
  char >= '0' && char <= '9' ? String.fromCodePoint(zero + char.charCodeAt(0) - 48) : char;
const fullWidth = (char: string): string => (/[A-Za-z0-9@.]/.test(char) ? String.fromCodePoint(char.charCodeAt(0) + 0xfee0) : char);

/** Splits `text` into groups of `width`, the last one maybe shorter. */
const groupsOf = (text: string, width: number): string[] => text.match(new RegExp(`.{1,${width}}`, 'gu')) ?? [];

/** Puts invisible characters at the given places (taken modulo the length, between characters). */
const withInvisibles = (text: string, marks: { at: number; mark: string }[]): string => {
  const chars = [...text];
  for (const { at, mark } of marks) chars.splice(at % (chars.length + 1), 0, mark);
  return chars.join('');
};

const invisibles = fc.array(fc.record({ at: fc.nat(40), mark: fc.constantFrom(...INVISIBLE) }), { maxLength: 4 });

// ---- secrets in their printed shapes --------------------------------------------------------

type Planted = { printed: string; kind: 'CARD' | 'IBAN' | 'EMAIL' };

const LETTER_AT_END = /\p{L}$/u;
const LETTER_AT_START = /^\p{L}/u;

const card: fc.Arbitrary<Planted> = fc
  .record({
    scheme: fc.constantFrom(...SCHEMES),
    body: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
    grouping: fc.constantFrom(...(['none', 2, 3, 4, 5, 6, 'scheme', 'uneven'] as const)),
    unevenSizes: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 19, maxLength: 19 }),
    separators: fc.array(fc.constantFrom(...CARD_SEPARATORS), { minLength: 10, maxLength: 10 }),
    script: fc.constantFrom('ascii', 'fullwidth', 'mixed', ...DIGIT_ZEROS.slice(1).map(String)),
    perDigitZeros: fc.array(fc.constantFrom(...DIGIT_ZEROS), { minLength: 19, maxLength: 19 }),
    before: fc.constantFrom('', 'CARD', 'CARD#', 'KARTE:', 'Card no. ', 'CC ', 'x', '#', '*'),
    after: fc.constantFrom('', 'EXP1228', 'exp 12/28', '/', 'CVV', ',', 'X'),
    marks: invisibles,
  })
  .map(({ scheme: [prefix, length], body, grouping, unevenSizes, separators, script, perDigitZeros, before, after, marks }) => {
    const head = prefix + body.slice(0, length - prefix.length - 1).join('');
    const digits = head + luhnCheckDigit(head);
    const amexLike = length === 15 ? [4, 6, 5] : length === 14 ? [4, 6, 4] : [4, 4, 4, 4, 3];
    let groups: string[];
    if (grouping === 'none') groups = [digits];
    else if (grouping === 'scheme') {
      groups = [];
      for (let at = 0, i = 0; at < digits.length; at += amexLike[i]!, i++) groups.push(digits.slice(at, at + amexLike[i]!));
    } else if (grouping === 'uneven') {
      // Copied out by hand in groups of any size: one separator throughout, and apart from words.
      groups = [];
      for (let at = 0, i = 0; at < digits.length; at += unevenSizes[i]!, i++) groups.push(digits.slice(at, at + unevenSizes[i]!));
      separators = separators.map(() => separators[0]!);
      if (LETTER_AT_END.test(before)) before += ' ';
      if (LETTER_AT_START.test(after)) after = ' ' + after;
    } else groups = groupsOf(digits, grouping);
    let printed = groups.map((group, i) => (i === 0 ? group : separators[i % separators.length] + group)).join('');
    let index = 0;
    printed = [...printed]
      .map((char) => {
        if (char < '0' || char > '9') return char;
        const zero =
          script === 'ascii' ? 0x30 : script === 'fullwidth' ? 0xff10 : script === 'mixed' ? perDigitZeros[index]! : Number(script);
        index++;
        return inScript(char, zero);
      })
      .join('');
    return { printed: before + withInvisibles(printed, marks) + after, kind: 'CARD' as const };
  });

const iban: fc.Arbitrary<Planted> = fc
  .record({
    country: fc.constantFrom(...IBAN_COUNTRIES),
    national: fc.array(fc.integer({ min: 0, max: 35 }), { minLength: 30, maxLength: 30 }),
    width: fc.constantFrom(0, 4, 4, 4, 5, 6),
    separators: fc.array(fc.constantFrom(...IBAN_SEPARATORS), { minLength: 8, maxLength: 8 }),
    casing: fc.constantFrom('upper', 'lower', 'mixed'),
    mixedCase: fc.array(fc.boolean(), { minLength: 34, maxLength: 34 }),
    script: fc.constantFrom('ascii', 'fullwidth', 'arabic-indic'),
    before: fc.constantFrom('', 'IBAN', 'IBAN ', 'IBAN: ', 'iban', 'Iban:', 'TO ', '/'),
    after: fc.constantFrom('', 'BIC', ' BIC COBADEFFXXX', '/', ',', 'SEPA'),
    marks: invisibles,
  })
  .map(({ country: [country, length, letters], national, width, separators, casing, mixedCase, script, before, after, marks }) => {
    const bban = national
      .slice(0, length - 4)
      .map((n, i) => (i < letters ? String.fromCharCode(65 + (n % 26)) : String(n % 10)))
      .join('');
    const compact = country + ibanCheckDigits(country, bban) + bban;
    const cased = [...compact].map((c, i) => (casing === 'lower' || (casing === 'mixed' && mixedCase[i]) ? c.toLowerCase() : c)).join('');
    const grouped =
      width === 0
        ? cased
        : groupsOf(cased, width)
            .map((group, i) => (i === 0 ? group : separators[i % separators.length] + group))
            .join('');
    const printed = [...grouped]
      .map((c) => (script === 'fullwidth' ? fullWidth(c) : script === 'arabic-indic' ? inScript(c, 0x0660) : c))
      .join('');
    // A word glued after a grouped IBAN would read as the rest of its last group.
    const tail = width !== 0 && /^[A-Z]/.test(after) ? ` ${after}` : after;
    return { printed: before + withInvisibles(printed, marks) + tail, kind: 'IBAN' as const };
  });

const LOCAL_PARTS = [
  'john.doe',
  '+john',
  '_info',
  'maria_lopez',
  'a+b',
  'jos\u00e9',
  'm\u00fcller',
  '\u7528\u6237',
  '\u043f\u0440\u0438\u043c\u0435\u0440',
  '\u0909\u092a\u092f\u094b\u0917\u0915\u0930\u094d\u0924\u093e',
  'priya.sharma99',
  'X',
];
const DOMAINS = [
  'gmail',
  'ex\u00e4mple',
  '\u4f8b\u5b50',
  '\u043f\u0440\u0438\u043c\u0435\u0440',
  '\u0909\u0926\u093e\u0939\u0930\u0923',
  'mail.example',
  'b\u00fccher',
  'xn--bcher-kva',
  'okhdfcbank',
];
const TLDS = ['com', 'de', 'co.uk', 'es', '\u5e7f\u544a', '\u0440\u0444', '\u092d\u093e\u0930\u0924', 'xn--p1ai', 'io', 'COM'];

const email: fc.Arbitrary<Planted> = fc
  .record({
    local: fc.constantFrom(...LOCAL_PARTS),
    domain: fc.constantFrom(...DOMAINS),
    tld: fc.constantFrom(...TLDS),
    upper: fc.boolean(),
    fullWidthAt: fc.boolean(),
    before: fc.constantFrom('', 'TO ', 'MAIL:', '*', '/', 'PAYPAL *'),
    after: fc.constantFrom('', '.', ',', '/', ' REF'),
    marks: invisibles,
  })
  .map(({ local, domain, tld, upper, fullWidthAt, before, after, marks }) => {
    const address = `${local}${fullWidthAt ? '\uff20' : '@'}${domain}.${tld}`;
    return { printed: before + withInvisibles(upper ? address.toUpperCase() : address, marks) + after, kind: 'EMAIL' as const };
  });

// ---- narratives, shaped like the rails the generator prints --------------------------------

const NARRATIVES = [
  (s: string[]) => `SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75 ${s[0]} ${s[1]}`,
  (s: string[]) => `POS PURCHASE ${s[0]} SHELL OIL 57442 HOUSTON TX 11/01 48.12 ${s[1]}`,
  (s: string[]) => `SEPA-LASTSCHRIFT EREF+INV-2026-10-4471 MREF+M-88123 SVWZ+Telekom ${s[0]} Rechnung ${s[1]} BETRAG 39,95 EUR 03.11.2026`,
  (s: string[]) => `UPI/DR/631245789012/PRIYA SHARMA/SBIN/priya@oksbi/${s[0]}/Rent Nov INR 18,500.00 01-11-2026 ${s[1]}`,
  (s: string[]) => `Faster Payment from James Smith \u00b7 Reference: ${s[0]} \u00b7 02/11/2026 \u00b7 +609.00 GBP ${s[1]}`,
  (s: string[]) => `PIX RECEBIDO 05/11/2026 R$ 1.250,00 JOAO SILVA ${s[0]} CHAVE ${s[1]}`,
  (s: string[]) => `ACH DEBIT PPD ID: 9876543210 CONED PAYMENT ${s[0]} AMT 142.18 ${s[1]}`,
  (s: string[]) => `VIREMENT SEPA RECU DE M. DUPONT ${s[0]}\tMOTIF LOYER NOV\u00a0${s[1]} 850,00 EUR`,
  (s: string[]) => `${s[0]} REFUND AMAZON MKTPL*2K4LD93 AMZN.COM/BILL WA 11/03 (23.99) ${s[1]}`,
  (s: string[]) => `\u652f\u4ed8\u5b9d ${s[0]} \u8f6c\u8d26 ${s[1]} CNY 1,280.00 2026-11-05`,
];

const narrative = fc.record({
  template: fc.constantFrom(...NARRATIVES),
  secrets: fc.array(fc.oneof(card, iban, email), { minLength: 1, maxLength: 2 }),
});

// ---- the checker --------------------------------------------------------------------------

const INVISIBLE_ANY = /\p{Default_Ignorable_Code_Point}/gu;
const DIGIT_RUNS = /\p{Nd}+/gu;
/** Text as a reader sees it: NFKC, nothing invisible, every script's digits as ASCII. */
const folded = (text: string) => text.replace(INVISIBLE_ANY, '').normalize('NFKC').replace(DIGIT_RUNS, asciiDigits);

const JOINED_DIGITS = /\d(?:[\s\p{Pd}\u2212./_\u00b7]*\d)*/gu;
const SEPARATORS = /[^\d]/g;
function holdsCard(text: string): boolean {
  for (const [run] of folded(text).matchAll(JOINED_DIGITS)) {
    const digits = run.replace(SEPARATORS, '');
    for (let start = 0; start + 13 <= digits.length; start++) {
      for (let length = 13; length <= 19 && start + length <= digits.length; length++) {
        if (luhnValid(digits.slice(start, start + length))) return true;
      }
    }
  }
  return false;
}

const IBAN_HEAD = /[A-Z]{2}\d{2}/g;
function holdsIban(text: string): boolean {
  const compact = folded(text)
    .toUpperCase()
    .replace(/[\s\p{Pd}]/gu, '');
  for (const m of compact.matchAll(IBAN_HEAD)) {
    const length = IBAN_LENGTH.get(m[0].slice(0, 2));
    const candidate = length === undefined ? '' : compact.slice(m.index, m.index + length);
    if (candidate.length === length && /^[A-Z0-9]+$/.test(candidate) && ibanChecksumValid(candidate)) return true;
  }
  return false;
}

const ADDRESS = /[\p{L}\p{N}\p{M}._%+-]+@[\p{L}\p{N}\p{M}-]+(?:[.\u3002][\p{L}\p{N}\p{M}-]+)+/u;
const holdsEmail = (text: string) => ADDRESS.test(folded(text));

const holds = { CARD: holdsCard, IBAN: holdsIban, EMAIL: holdsEmail };
const holdsAny = (text: string) => holdsCard(text) || holdsIban(text) || holdsEmail(text);

const record = (text: string): TransactionNarrative => ({
  record_id: 'fuzz',
  narrative: text,
  source_id: 'bank',
  document_type: 'card_feed',
  template_version: null,
  account_id: null,
  statement_date: '2026-11-05',
  locale: null,
  currency_hint: null,
  source_updated_at: null,
  received_at: 0,
});

// ---- the properties -----------------------------------------------------------------------

test('the checker sees a planted secret in the raw line and nothing in the narratives alone', () => {
  for (const template of NARRATIVES) assert.equal(holdsAny(template(['', ''])), false, template(['', '']));
  fc.assert(
    fc.property(fc.oneof(card, iban, email), (secret) => holds[secret.kind](secret.printed)),
    { seed: SEED, numRuns: RUNS },
  );
});

test('no card number, IBAN or e-mail survives prepare(), in any shape, anywhere in a narrative', () => {
  fc.assert(
    fc.property(narrative, ({ template, secrets }) => {
      const line = template([...secrets.map((s) => s.printed), '']);
      const prepared = prepare(record(line));
      for (const [where, text] of [
        ['masked', prepared.masked],
        ['skeleton', prepared.skeleton],
        ...prepared.slots.map((slot, i) => [`slot ${i}`, slot.text] as const),
      ]) {
        assert.equal(holdsAny(text), false, `${where}: ${JSON.stringify(text)} from ${JSON.stringify(line)}`);
      }
      assert.ok(prepared.secrets.length >= secrets.length, `${prepared.secrets} for ${JSON.stringify(line)}`);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});
