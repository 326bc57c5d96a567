/** Every rail variant, by id. Sources name rails from this list. */
import { ACH_RAILS } from './ach.ts';
import { ATM_RAILS } from './atm.ts';
import { BACS_DIRECT_DEBIT_RAILS } from './bacs-direct-debit.ts';
import { BIZUM_RAILS } from './bizum.ts';
import { CHECK_RAILS } from './check.ts';
import { DE_CARD_RAILS } from './de-card.ts';
import { FASTER_PAYMENT_RAILS } from './faster-payments.ts';
import { FEDWIRE_RAILS } from './fedwire.ts';
import { FEE_RAILS } from './fees.ts';
import { FR_CARD_RAILS } from './fr-card.ts';
import { FX_CARD_RAILS } from './fx-card.ts';
import { IDEAL_RAILS } from './ideal.ts';
import { INTERAC_RAILS } from './interac.ts';
import { INTEREST_RAILS } from './interest.ts';
import { NEFT_IMPS_RAILS } from './neft-imps.ts';
import { OWN_ACCOUNT_RAILS } from './own-account.ts';
import { PAYROLL_RAILS } from './payroll.ts';
import { PIX_RAILS } from './pix.ts';
import type { Rail } from './rail.ts';
import { REFUND_RAILS } from './refund.ts';
import { RTGS_RAILS } from './rtgs.ts';
import { SEPA_CREDIT_RAILS } from './sepa-credit.ts';
import { SEPA_DIRECT_DEBIT_RAILS } from './sepa-direct-debit.ts';
import { SWIFT_MT103_RAILS } from './swift-mt103.ts';
import { UK_CARD_RAILS } from './uk-card.ts';
import { UPI_RAILS } from './upi.ts';
import { US_CARD_RAILS } from './us-card.ts';
import { ZELLE_RAILS } from './zelle.ts';

export const RAILS: readonly Rail[] = [
  ...US_CARD_RAILS,
  ...UK_CARD_RAILS,
  ...FR_CARD_RAILS,
  ...DE_CARD_RAILS,
  ...FX_CARD_RAILS,
  ...REFUND_RAILS,
  ...ACH_RAILS,
  ...PAYROLL_RAILS,
  ...FEDWIRE_RAILS,
  ...SWIFT_MT103_RAILS,
  ...ZELLE_RAILS,
  ...CHECK_RAILS,
  ...ATM_RAILS,
  ...FEE_RAILS,
  ...INTEREST_RAILS,
  ...OWN_ACCOUNT_RAILS,
  ...SEPA_CREDIT_RAILS,
  ...SEPA_DIRECT_DEBIT_RAILS,
  ...IDEAL_RAILS,
  ...FASTER_PAYMENT_RAILS,
  ...BACS_DIRECT_DEBIT_RAILS,
  ...UPI_RAILS,
  ...NEFT_IMPS_RAILS,
  ...RTGS_RAILS,
  ...PIX_RAILS,
  ...BIZUM_RAILS,
  ...INTERAC_RAILS,
];

export const RAILS_BY_ID: ReadonlyMap<string, Rail> = new Map(RAILS.map((rail) => [rail.id, rail]));

export type { Rail } from './rail.ts';
