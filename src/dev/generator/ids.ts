/**
 * Identifiers that look like the real ones: IBANs and SEPA creditor ids with valid check digits,
 * Luhn-valid card numbers, UUIDs. Valid check digits matter: the masking step and the rules
 * tier recognise these by their checksums, so fakes that fail them would test nothing.
 */
import { luhnValid as luhnDigits } from '../../common/secrets/card-number.ts';
import { hash32, type Random } from './random.ts';

export const DIGITS = '0123456789';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const UPPER_ALNUM = `${DIGITS}${UPPER}`;
const LOWER_ALNUM = `${DIGITS}abcdefghijklmnopqrstuvwxyz`;

export function chars(rng: Random, length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

export const digits = (rng: Random, length: number): string => chars(rng, length, DIGITS);

/** Digits without a leading zero, for ids that banks print as numbers. */
export const number = (rng: Random, length: number): string => String(rng.int(1, 9)) + digits(rng, length - 1);

/**
 * A long numeric id that can never pass for a card number: it starts with 0, which no card
 * scheme uses, so the masking step leaves it (and the reference it is) alone.
 */
export const longNumericId = (rng: Random, length: number): string => `0${digits(rng, length - 1)}`;

/**
 * An ACH trace number: the originating bank's 8-digit routing prefix (Federal Reserve district
 * 01–12 first, so never a card prefix), stable per originator, then a 7-digit sequence.
 */
export function achTrace(rng: Random, originatorKey: string): string {
  const district = String(1 + (Number(stableDigits(`${originatorKey}/district`, 2)) % 12)).padStart(2, '0');
  return `${district}${stableDigits(`${originatorKey}/odfi`, 6)}${digits(rng, 7)}`;
}

export const alnum = (rng: Random, length: number): string => chars(rng, length, UPPER_ALNUM);
export const lowerAlnum = (rng: Random, length: number): string => chars(rng, length, LOWER_ALNUM);

/** A version-4 UUID, as SWIFT gpi prints a UETR. */
export function uuid(rng: Random): string {
  const hex = chars(rng, 32, '0123456789abcdef').split('');
  hex[12] = '4';
  hex[16] = '89ab'[rng.int(0, 3)]!;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ISO 7064 mod 97-10 over letters-as-numbers, as IBANs and SEPA creditor ids use it. */
function mod97(text: string): number {
  let remainder = 0;
  for (const ch of text) {
    const value = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of value) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder;
}

const checkDigits = (body: string, country: string): string => String(98 - mod97(`${body}${country}00`)).padStart(2, '0');

/** Shapes of the basic bank account number: `9` a digit, `A` a capital letter. */
const BBAN_SHAPES: Readonly<Record<string, string>> = {
  DE: '999999999999999999',
  FR: '99999999999999999999999',
  ES: '99999999999999999999',
  NL: 'AAAA9999999999',
  GB: 'AAAA99999999999999',
  BE: '999999999999',
  IT: 'A9999999999999999999999',
  AT: '9999999999999999',
};

/** Real bank codes for the countries whose IBANs start with letters. */
const BANK_CODES: Readonly<Record<string, readonly string[]>> = {
  NL: ['INGB', 'ABNA', 'RABO', 'TRIO', 'SNSB'],
  GB: ['BARC', 'HBUK', 'NWBK', 'LOYD', 'MIDL'],
};

export function iban(rng: Random, country: string): string {
  const shape = BBAN_SHAPES[country] ?? BBAN_SHAPES.DE!;
  const codes = BANK_CODES[country];
  const random = shape.replace(/[9A]/g, (c) => (c === '9' ? digits(rng, 1) : chars(rng, 1, UPPER)));
  const bban = codes ? rng.pick(codes) + random.slice(4) : random;
  return `${country}${checkDigits(bban, country)}${bban}`;
}

/** A SEPA creditor identifier: country, check digits, business code ZZZ, national id. */
export function creditorId(rng: Random, country: string): string {
  const national = country === 'DE' ? `0${digits(rng, 10)}` : alnum(rng, 6);
  return `${country}${checkDigits(national, country)}ZZZ${national}`;
}

/** Luhn over the digits of a printed card number ("4111 1111 ..."). */
export function luhnValid(cardNumber: string): boolean {
  const digits = cardNumber.replace(/\D/g, '');
  return digits.length >= 12 && luhnDigits(digits);
}

/** A Luhn-valid Visa, Mastercard or Amex number (digits only). */
export function cardNumber(rng: Random): string {
  const [prefix, length] = rng.pick([
    ['4', 16],
    ['51', 16],
    ['55', 16],
    ['2221', 16],
    ['34', 15],
    ['37', 15],
  ] as const);
  const body = prefix + digits(rng, length - prefix.length - 1);
  for (let check = 0; check <= 9; check++) if (luhnValid(body + check)) return body + check;
  throw new Error('unreachable: one check digit always satisfies Luhn');
}

/** Bank identifier codes by country, for lines that print the counterparty's BIC. */
export const BICS: Readonly<Record<string, readonly string[]>> = {
  DE: ['COBADEFFXXX', 'DEUTDEFFXXX', 'INGDDEFFXXX', 'BYLADEM1001', 'SOLADEST600'],
  FR: ['BNPAFRPPXXX', 'SOGEFRPPXXX', 'CRLYFRPPXXX', 'AGRIFRPP882'],
  ES: ['CAIXESBBXXX', 'BBVAESMMXXX', 'BSCHESMMXXX'],
  NL: ['INGBNL2A', 'ABNANL2A', 'RABONL2U', 'TRIONL2U'],
  GB: ['BARCGB22', 'HBUKGB4B', 'NWBKGB2L'],
  US: ['CHASUS33', 'BOFAUS3N', 'CITIUS33', 'WFBIUS6S'],
};

/** Indian bank codes (the first four letters of an IFSC). */
export const INDIAN_BANKS = ['SBIN', 'HDFC', 'ICIC', 'UTIB', 'KKBK', 'PUNB', 'YESB', 'BARB'] as const;

export function ifsc(rng: Random, bank: string): string {
  return `${bank}0${digits(rng, 6)}`;
}

/** Digits that are always the same for `key`: a party's company id or routing number is stable. */
export function stableDigits(key: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) out += String(hash32(`${key}#${round}`)).padStart(10, '0');
  return out.slice(0, length);
}
