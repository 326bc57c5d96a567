/**
 * The identifiers SEPA lines carry — end-to-end id (EREF), customer reference (KREF), mandate
 * (MREF), creditor id (CRED), IBAN, BIC — and the contract's precedence among them.
 */
import { alnum, BICS, creditorId, digits, iban, longNumericId, number } from '../ids.ts';
import type { Random } from '../random.ts';

export type SepaIds = { eref: string; kref: string; mref: string; cred: string; iban: string; bic: string };

/** `notProvidedShare`: how often the payer left the end-to-end id empty (printed NOTPROVIDED). */
export function sepaIds(rng: Random, country: string, notProvidedShare: number): SepaIds {
  return {
    eref: rng.chance(notProvidedShare) ? 'NOTPROVIDED' : endToEndId(rng),
    kref: `KD${number(rng, 9)}`,
    mref: rng.pick([() => `M-${number(rng, 6)}`, () => `MDT${alnum(rng, 10)}`, () => number(rng, 12)])(),
    cred: creditorId(rng, country),
    iban: iban(rng, country),
    bic: rng.pick(BICS[country] ?? BICS.DE!),
  };
}

function endToEndId(rng: Random): string {
  return rng.pick([
    () => `INV-${rng.int(2024, 2026)}-${digits(rng, 2)}-${number(rng, 4)}`,
    () => `E2E${number(rng, 12)}`,
    () => longNumericId(rng, 16),
    () => `RG${alnum(rng, 8)}`,
  ])();
}

/** SEPA's reference precedence: EREF unless NOTPROVIDED, then KREF, then MREF. */
export const SEPA_REFERENCE_ORDER = ['eref', 'kref', 'mref'] as const;
