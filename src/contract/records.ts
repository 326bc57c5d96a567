/**
 * The records that cross the service's edges, as TypeScript types. schemas/*.avsc is the source
 * of truth; test/contract/records.test.ts keeps these lists equal to the schemas' symbols.
 */
export const DIRECTIONS = ['DEBIT', 'CREDIT'] as const;
export const TRANSACTION_TYPES = [
  'CARD',
  'ACH',
  'WIRE',
  'SEPA',
  'FASTER_PAYMENT',
  'UPI',
  'PIX',
  'ATM',
  'CHECK',
  'TRANSFER',
  'FEE',
  'INTEREST',
  'REFUND',
  'PAYROLL',
  'DIRECT_DEBIT',
  'OTHER',
] as const;
export const CATEGORIES = [
  'GROCERIES',
  'DINING',
  'TRAVEL',
  'TRANSPORT',
  'FUEL',
  'UTILITIES',
  'TELECOM',
  'SOFTWARE',
  'SHOPPING',
  'HEALTH',
  'ENTERTAINMENT',
  'INCOME',
  'RENT',
  'INSURANCE',
  'TAXES',
  'FEES',
  'CASH',
  'TRANSFER',
  'OTHER',
] as const;
export const EXTRACTION_STATUSES = ['OK', 'LOW_CONFIDENCE', 'FAILED'] as const;
export const VERDICTS = ['CORRECT', 'INCORRECT', 'PARTIAL'] as const;
export const FEEDBACK_ORIGINS = ['downstream_validation', 'human_review'] as const;

export type Direction = (typeof DIRECTIONS)[number];
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export type Category = (typeof CATEGORIES)[number];
export type ExtractionStatus = (typeof EXTRACTION_STATUSES)[number];

/** Longest narrative accepted, in characters. */
export const MAX_NARRATIVE_CHARS = 4_096;

/**
 * The identifiers of a narrative and the most characters each may have. They are copied into
 * extractions, dead letters, templates, metrics and log lines, so they are short and hold no control
 * character; those that leave the service hold no card number, IBAN or e-mail address either
 * (ingest/validate-narrative.ts checks all three).
 */
export const IDENTIFIER_MAX_CHARS = {
  record_id: 256,
  source_id: 128,
  document_type: 64,
  template_version: 64,
  account_id: 64,
  /** BCP 47 tags fit in 35 characters (RFC 5646 §4.4.1). */
  locale: 35,
} as const;

export type TransactionNarrative = {
  record_id: string;
  narrative: string;
  source_id: string;
  document_type: string;
  template_version: string | null;
  account_id: string | null;
  statement_date: string | null;
  locale: string | null;
  currency_hint: string | null;
  /** Epoch milliseconds. */
  source_updated_at: number | null;
  /** Epoch milliseconds. */
  received_at: number;
};

export type ExtractedFields = {
  transaction_date: string | null;
  amount: string | null;
  currency: string | null;
  direction: Direction | null;
  counterparty: string | null;
  transaction_type: TransactionType | null;
  reference: string | null;
  category: Category | null;
};

export const FIELD_NAMES = [
  'transaction_date',
  'amount',
  'currency',
  'direction',
  'counterparty',
  'transaction_type',
  'reference',
  'category',
] as const satisfies readonly (keyof ExtractedFields)[];

/** The codes a dead letter can carry; each names one precise way a record can be unusable. */
export const DEAD_LETTER_CODES = [
  'MALFORMED_JSON',
  'MALFORMED_AVRO',
  'UNKNOWN_SCHEMA_ID',
  'INVALID_UTF8',
  'MISSING_FIELD',
  'INVALID_FIELD',
  'NARRATIVE_TOO_LONG',
  'EXTRACTION_FAILED',
] as const;
export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];

export type DeadLetter = {
  original_key: Buffer | null;
  original_value: Buffer | null;
  topic: string;
  partition: number;
  offset: number;
  record_id: string | null;
  error_code: DeadLetterCode;
  reason: string;
  stage: 'decode' | 'validate' | 'extract' | 'emit';
  /** Epoch milliseconds. */
  failed_at: number;
};

export type CallShareRecord = {
  tier: string;
  provider: string;
  model: string;
  records_in_call: number;
  usd: string;
  batch_api: boolean;
  /** The provider's id of the call; null when it gave none (or the share sums several calls). */
  request_id: string | null;
};

/** The output record, as schemas/Extraction.avsc. */
export type Extraction = {
  record_id: string;
  source_id: string;
  fields: ExtractedFields;
  confidence: number;
  status: ExtractionStatus;
  failure_reason: string | null;
  provenance: {
    tier: string;
    provider: string | null;
    model: string | null;
    cache_entry_id: string | null;
    batch_api: boolean;
    router_version: string | null;
    attempts: number;
    escalated_from: string | null;
    simulated: boolean;
  };
  cost: {
    usd: string;
    input_tokens: number;
    cached_input_tokens: number;
    output_tokens: number;
    calls: CallShareRecord[];
  };
  latency_ms: number;
  /** Epoch milliseconds. */
  extracted_at: number;
};

/** A verdict on an earlier extraction (topic extractions.feedback.v1, key = record_id). */
export type ExtractionFeedback = {
  record_id: string;
  verdict: (typeof VERDICTS)[number];
  corrected_fields: ExtractedFields | null;
  field_errors: string[] | null;
  origin: (typeof FEEDBACK_ORIGINS)[number];
  /** Epoch milliseconds. */
  at: number;
};

export const EMPTY_FIELDS: ExtractedFields = {
  transaction_date: null,
  amount: null,
  currency: null,
  direction: null,
  counterparty: null,
  transaction_type: null,
  reference: null,
  category: null,
};
