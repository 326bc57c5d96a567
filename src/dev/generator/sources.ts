/**
 * The feeds records come from, as data: each a bank or integration with one document type,
 * market, print layout and mix of rails. Listed so that the first few already span markets:
 * `sources: n` keeps the first n.
 */
import type { Country } from './markets.ts';

export type SourceSpec = {
  /** The record's `source_id`. */
  id: string;
  /** The record's `document_type`. */
  documentType: 'card_feed' | 'daily_statement' | 'ach_batch' | 'wire_advice';
  /** Sets the record's `locale` and `currency_hint`; every rail of the source is of this market. */
  market: Country;
  /** Relative volume. */
  weight: number;
  /** The source's own format version, or null when it does not say. */
  templateVersion: string | null;
  /** How many days before the first record the source last changed (its `source_updated_at`). */
  updatedDaysAgo: number;
  /** Its print layout before any change; rails take it modulo their layout count. */
  layout: number;
  /** Whether `templateChangeAt` moves it to its next layout, version and update time. */
  changesTemplate: boolean;
  /** Rail ids with relative weights. */
  rails: readonly (readonly [string, number])[];
};

// biome-ignore format: data laid out by hand as a table, to read down
export const SOURCES: readonly SourceSpec[] = [
  {
    id: 'chase-card-us', documentType: 'card_feed', market: 'US', weight: 14, templateVersion: 'v3', updatedDaysAgo: 210, layout: 0, changesTemplate: true,
    rails: [['us-card/us', 84], ['refund/us', 6], ['fx-card/us', 4], ['atm/us', 6]],
  },
  {
    id: 'sparkasse-de', documentType: 'daily_statement', market: 'DE', weight: 8, templateVersion: '2024.2', updatedDaysAgo: 400, layout: 0, changesTemplate: true,
    rails: [['sepa-direct-debit/de', 28], ['sepa-credit/de', 20], ['de-card/de', 25], ['atm/de', 6], ['fees/de', 4], ['interest/de', 2], ['payroll/de', 5], ['refund/de', 4], ['own-account/de', 6]],
  },
  {
    id: 'hdfc-in', documentType: 'daily_statement', market: 'IN', weight: 6, templateVersion: 'v2', updatedDaysAgo: 95, layout: 0, changesTemplate: true,
    rails: [['upi/in', 50], ['neft-imps/in', 17], ['rtgs/in', 4], ['atm/in', 8], ['payroll/in', 6], ['interest/in', 3], ['fees/in', 5], ['own-account/in', 7]],
  },
  {
    id: 'barclays-uk', documentType: 'daily_statement', market: 'GB', weight: 6, templateVersion: 'v4', updatedDaysAgo: 300, layout: 0, changesTemplate: true,
    rails: [['faster-payments/gb', 25], ['bacs-direct-debit/gb', 20], ['uk-card/gb', 30], ['atm/gb', 6], ['payroll/gb', 6], ['fees/gb', 3], ['interest/gb', 2], ['check/gb', 2], ['fx-card/gb', 3], ['own-account/gb', 3]],
  },
  {
    id: 'nubank-br', documentType: 'daily_statement', market: 'BR', weight: 4, templateVersion: '3', updatedDaysAgo: 60, layout: 0, changesTemplate: false,
    rails: [['pix/br', 78], ['atm/br', 6], ['fees/br', 4], ['interest/br', 7], ['payroll/br', 5]],
  },
  {
    id: 'bnp-fr', documentType: 'daily_statement', market: 'FR', weight: 5, templateVersion: 'v2', updatedDaysAgo: 500, layout: 0, changesTemplate: false,
    rails: [['fr-card/fr', 50], ['sepa-credit/fr', 15], ['sepa-direct-debit/fr', 18], ['atm/fr', 6], ['fees/fr', 5], ['payroll/fr', 4], ['interest/fr', 2]],
  },
  {
    id: 'chase-dda-us', documentType: 'daily_statement', market: 'US', weight: 8, templateVersion: 'v5', updatedDaysAgo: 150, layout: 0, changesTemplate: false,
    rails: [['ach/us', 24], ['payroll/us', 9], ['zelle/us', 18], ['check/us', 7], ['fees/us', 6], ['interest/us', 4], ['own-account/us', 8], ['atm/us', 8], ['us-card/us', 16]],
  },
  {
    id: 'bbva-es', documentType: 'daily_statement', market: 'ES', weight: 3, templateVersion: null, updatedDaysAgo: 720, layout: 0, changesTemplate: false,
    rails: [['bizum/es', 40], ['sepa-credit/es', 18], ['sepa-direct-debit/es', 25], ['atm/es', 7], ['fees/es', 4], ['payroll/es', 4], ['interest/es', 2]],
  },
  {
    id: 'ing-nl', documentType: 'daily_statement', market: 'NL', weight: 3, templateVersion: 'v7', updatedDaysAgo: 45, layout: 0, changesTemplate: true,
    rails: [['ideal/nl', 30], ['sepa-credit/nl', 28], ['sepa-direct-debit/nl', 24], ['atm/nl', 5], ['interest/nl', 3], ['own-account/nl', 5], ['fees/nl', 2], ['payroll/nl', 3]],
  },
  {
    id: 'rbc-ca', documentType: 'daily_statement', market: 'CA', weight: 3, templateVersion: 'v1', updatedDaysAgo: 330, layout: 1, changesTemplate: false,
    rails: [['interac/ca', 35], ['us-card/ca', 38], ['atm/ca', 8], ['payroll/ca', 8], ['fees/ca', 4], ['own-account/ca', 5], ['interest/ca', 2]],
  },
  {
    id: 'citi-wires-us', documentType: 'wire_advice', market: 'US', weight: 2, templateVersion: 'v1', updatedDaysAgo: 800, layout: 0, changesTemplate: false,
    rails: [['fedwire/us', 70], ['swift-mt103/us', 30]],
  },
  {
    id: 'bofa-ach-us', documentType: 'ach_batch', market: 'US', weight: 4, templateVersion: 'nacha-2', updatedDaysAgo: 365, layout: 1, changesTemplate: true,
    rails: [['ach/us', 80], ['payroll/us', 20]],
  },
  {
    id: 'wells-card-us', documentType: 'card_feed', market: 'US', weight: 8, templateVersion: null, updatedDaysAgo: 90, layout: 1, changesTemplate: false,
    rails: [['us-card/us', 80], ['atm/us', 10], ['refund/us', 5], ['fx-card/us', 5]],
  },
  {
    id: 'amex-corp-us', documentType: 'card_feed', market: 'US', weight: 5, templateVersion: '2.1', updatedDaysAgo: 40, layout: 2, changesTemplate: true,
    rails: [['us-card/us', 92], ['refund/us', 5], ['fx-card/us', 3]],
  },
  {
    id: 'n26-de', documentType: 'card_feed', market: 'DE', weight: 4, templateVersion: null, updatedDaysAgo: 20, layout: 1, changesTemplate: false,
    rails: [['de-card/de', 78], ['fx-card/de', 15], ['atm/de', 5], ['refund/de', 2]],
  },
  {
    id: 'hsbc-uk', documentType: 'daily_statement', market: 'GB', weight: 4, templateVersion: null, updatedDaysAgo: 640, layout: 1, changesTemplate: false,
    rails: [['uk-card/gb', 35], ['faster-payments/gb', 25], ['bacs-direct-debit/gb', 20], ['atm/gb', 6], ['fees/gb', 4], ['interest/gb', 3], ['refund/gb', 3], ['swift-mt103/gb', 2], ['payroll/gb', 2]],
  },
  {
    id: 'icici-in', documentType: 'daily_statement', market: 'IN', weight: 3, templateVersion: null, updatedDaysAgo: 110, layout: 2, changesTemplate: false,
    rails: [['upi/in', 70], ['neft-imps/in', 20], ['atm/in', 10]],
  },
  {
    id: 'deutsche-bank-wires-de', documentType: 'wire_advice', market: 'DE', weight: 1.5, templateVersion: 'mt-2', updatedDaysAgo: 250, layout: 1, changesTemplate: false,
    rails: [['swift-mt103/de', 100]],
  },
];

/**
 * Feeds whose layouts the rules tier was not written for (rails/held-out/): other banks printing
 * the same rails. Used only when a run asks for held-out formats, so the default stream never
 * changes; none changes its template. A source's layout number picks among its rails' held-out
 * layouts as for the sources above.
 */
// biome-ignore format: data laid out by hand as a table, to read down
export const HELD_OUT_SOURCES: readonly SourceSpec[] = [
  {
    id: 'pnc-us', documentType: 'daily_statement', market: 'US', weight: 6, templateVersion: 'v2', updatedDaysAgo: 180, layout: 0, changesTemplate: false,
    rails: [['ach/us/held-out', 45], ['us-card/us/held-out', 45], ['fedwire/us/held-out', 10]],
  },
  {
    id: 'capital-one-card-us', documentType: 'card_feed', market: 'US', weight: 5, templateVersion: null, updatedDaysAgo: 75, layout: 1, changesTemplate: false,
    rails: [['us-card/us/held-out', 100]],
  },
  {
    id: 'usbank-ach-us', documentType: 'ach_batch', market: 'US', weight: 3, templateVersion: 'ach-1', updatedDaysAgo: 300, layout: 1, changesTemplate: false,
    rails: [['ach/us/held-out', 100]],
  },
  {
    id: 'usbank-wires-us', documentType: 'wire_advice', market: 'US', weight: 2, templateVersion: 'w3', updatedDaysAgo: 420, layout: 1, changesTemplate: false,
    rails: [['fedwire/us/held-out', 100]],
  },
  {
    id: 'lloyds-uk', documentType: 'daily_statement', market: 'GB', weight: 5, templateVersion: null, updatedDaysAgo: 260, layout: 0, changesTemplate: false,
    rails: [['faster-payments/gb/held-out', 45], ['uk-card/gb/held-out', 45], ['swift-mt103/gb/held-out', 10]],
  },
  {
    id: 'monzo-uk', documentType: 'daily_statement', market: 'GB', weight: 3, templateVersion: '5', updatedDaysAgo: 30, layout: 1, changesTemplate: false,
    rails: [['faster-payments/gb/held-out', 60], ['uk-card/gb/held-out', 40]],
  },
  {
    id: 'natwest-wires-uk', documentType: 'wire_advice', market: 'GB', weight: 1, templateVersion: 'gpi-1', updatedDaysAgo: 90, layout: 1, changesTemplate: false,
    rails: [['swift-mt103/gb/held-out', 100]],
  },
  {
    id: 'commerzbank-de', documentType: 'daily_statement', market: 'DE', weight: 5, templateVersion: '3.0', updatedDaysAgo: 500, layout: 0, changesTemplate: false,
    rails: [['sepa-credit/de/held-out', 40], ['sepa-direct-debit/de/held-out', 35], ['de-card/de/held-out', 25]],
  },
  {
    id: 'dkb-de', documentType: 'card_feed', market: 'DE', weight: 3, templateVersion: null, updatedDaysAgo: 15, layout: 1, changesTemplate: false,
    rails: [['de-card/de/held-out', 100]],
  },
  {
    id: 'sbi-in', documentType: 'daily_statement', market: 'IN', weight: 5, templateVersion: null, updatedDaysAgo: 200, layout: 0, changesTemplate: false,
    rails: [['upi/in/held-out', 65], ['neft-imps/in/held-out', 35]],
  },
  {
    id: 'axis-in', documentType: 'daily_statement', market: 'IN', weight: 2, templateVersion: 'v9', updatedDaysAgo: 60, layout: 1, changesTemplate: false,
    rails: [['upi/in/held-out', 100]],
  },
  {
    id: 'caixabank-es', documentType: 'daily_statement', market: 'ES', weight: 3, templateVersion: null, updatedDaysAgo: 365, layout: 0, changesTemplate: false,
    rails: [['sepa-credit/es/held-out', 45], ['bizum/es/held-out', 55]],
  },
  {
    id: 'societe-generale-fr', documentType: 'daily_statement', market: 'FR', weight: 3, templateVersion: 'v1', updatedDaysAgo: 540, layout: 0, changesTemplate: false,
    rails: [['fr-card/fr/held-out', 60], ['sepa-credit/fr/held-out', 40]],
  },
  {
    id: 'itau-br', documentType: 'daily_statement', market: 'BR', weight: 3, templateVersion: '2', updatedDaysAgo: 120, layout: 0, changesTemplate: false,
    rails: [['pix/br/held-out', 100]],
  },
];

/** "v3" → "v4", "2024.2" → "2024.3", "nacha-2" → "nacha-3": the version a template change bumps to. */
export function nextVersion(version: string): string {
  const match = /(\d+)(?!.*\d)/.exec(version);
  if (!match) return `${version}.1`;
  return version.slice(0, match.index) + String(Number(match[1]) + 1) + version.slice(match.index + match[1]!.length);
}
