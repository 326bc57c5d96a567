/**
 * A minimal valid input record, for tests where only its id matters.
 */
import type { TransactionNarrative } from '#src/contract/records.ts';

export function narrativeRecord(recordId: string): TransactionNarrative {
  return {
    record_id: recordId,
    narrative: 'CARD PURCHASE SHOP',
    source_id: 'bank-a',
    document_type: 'card_feed',
    template_version: null,
    account_id: null,
    statement_date: null,
    locale: null,
    currency_hint: null,
    source_updated_at: null,
    received_at: 0,
  };
}
