/** Indian payment identifiers: the 12-digit RRN (UPI, IMPS) and the NEFT and RTGS UTRs. */
import { digits, INDIAN_BANKS, number } from '../ids.ts';
import { printDate } from '../printing.ts';
import type { Random } from '../random.ts';

/** Retrieval reference number: year digit, day of year, hour, six-digit sequence. */
export function rrn(rng: Random): string {
  return `${rng.int(3, 6)}${number(rng, 11)}`;
}

/** NEFT UTR: the sending bank's code, N, then a sequence (16 characters). */
export function neftUtr(rng: Random, bank: string): string {
  return `${bank}N${digits(rng, 11)}`;
}

/** RTGS UTR: bank code, R, channel digit, YYYYMMDD, eight-digit sequence (22 characters). */
export function rtgsUtr(rng: Random, bank: string, isoDate: string): string {
  return `${bank}R${rng.int(1, 6)}${printDate(isoDate, 'YYYYMMDD')}${digits(rng, 8)}`;
}

export function indianBank(rng: Random): string {
  return rng.pick(INDIAN_BANKS);
}

/** A person's or shop's UPI address. */
export function vpa(rng: Random, name: string): string {
  const handle = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]+/g, rng.pick(['.', '', '_']))
    .replace(/^[._]|[._]$/g, '');
  return `${handle}${rng.chance(0.3) ? digits(rng, 2) : ''}@${rng.pick(['oksbi', 'okhdfcbank', 'okicici', 'ybl', 'paytm', 'axl', 'ibl'])}`;
}
