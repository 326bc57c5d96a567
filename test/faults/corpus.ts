/**
 * What the suite feeds the service besides generated records: narratives carrying secrets in every
 * shape (card numbers in any grouping, separators, script or with invisible characters; IBANs in
 * any case; internationalised e-mail addresses), which must come out answered with none of them
 * left in; and bad input (not the wire format, unknown schema id, truncated Avro, a 1 MB narrative,
 * invalid UTF-8, nulls in required fields, secrets and control characters in identifiers), each of
 * which must come out as a dead letter with a precise reason.
 */
import { createHash } from 'node:crypto';
import type { DeadLetterCode, TransactionNarrative } from '#src/contract/records.ts';

export type SecretKind = 'CARD' | 'IBAN' | 'EMAIL';
/** A secret as the scan looks for it: a card's ASCII digits, an IBAN compact in upper case, an e-mail address folded (NFKC, lower case). */
export type Secret = {
  kind: SecretKind;
  value: string /** Where it was planted, in words: what a report may say of it. */;
  label?: string;
};

export type BadInput = {
  name: string;
  key: string | null;
  value: Buffer | null;
  /** The dead letter it must become: its code, and a reason that says precisely what is wrong. */
  expect: { code: DeadLetterCode; reason: RegExp };
};

/** Encoders the bad input is made with: the narrative schema, a copy of it whose required fields are nullable, and an unrelated schema. */
export type CorpusEncoders = {
  narrative: (record: Record<string, unknown>) => Promise<Buffer>;
  nullable: (record: Record<string, unknown>) => Promise<Buffer>;
  other: (value: { x: number }) => Promise<Buffer>;
};

/** Deterministic digits from the seed and a name. */
function digitsOf(seed: number, name: string, count: number): string {
  let out = '';
  for (let round = 0; out.length < count; round++) {
    for (const byte of createHash('sha256').update(`${seed}\u0000${name}\u0000${round}`).digest()) out += String(byte % 10);
  }
  return out.slice(0, count);
}

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A card number with a scheme's prefix and length and a valid Luhn digit, different for each name. */
export function cardNumber(seed: number, name: string, scheme: 'visa' | 'mastercard' | 'amex' = 'visa'): string {
  const [prefix, length] = scheme === 'amex' ? ['37', 15] : scheme === 'mastercard' ? ['52', 16] : ['4', 16];
  const body = prefix + digitsOf(seed, name, length - prefix.length - 1);
  return body + luhnCheckDigit(body);
}

/** Cuts `digits` into groups of the given sizes (the last takes the rest) joined by `separator`. */
export function grouped(digits: string, sizes: readonly number[], separator: string): string {
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    groups.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) groups.push(digits.slice(at));
  return groups.join(separator);
}

const FULL_WIDTH_ZERO = 0xff10;
const ARABIC_INDIC_ZERO = 0x0660;
const inScript = (digits: string, zero: number) => [...digits].map((d) => String.fromCodePoint(zero + Number(d))).join('');

/** Every shape a card number is printed in, and some no bank prints: each applied to its own number. */
const CARD_SHAPES: readonly [name: string, print: (digits: string) => string][] = [
  ['4-4-4-4 spaces', (d) => grouped(d, [4, 4, 4, 4], ' ')],
  ['4-4-4-4 dashes', (d) => grouped(d, [4, 4, 4, 4], '-')],
  ['4-4-4-4 dots', (d) => grouped(d, [4, 4, 4, 4], '.')],
  ['4-4-4-4 slashes', (d) => grouped(d, [4, 4, 4, 4], '/')],
  ['mixed separators', (d) => `${d.slice(0, 4)} ${d.slice(4, 8)}-${d.slice(8, 12)}.${d.slice(12)}`],
  ['contiguous', (d) => d],
  ['pairs', (d) => grouped(d, [2, 2, 2, 2, 2, 2, 2, 2], ' ')],
  ['full-width digits', (d) => grouped(inScript(d, FULL_WIDTH_ZERO), [4, 4, 4, 4], ' ')],
  ['Arabic-Indic digits', (d) => grouped(inScript(d, ARABIC_INDIC_ZERO), [4, 4, 4, 4], ' ')],
  ['zero-width spaces between groups', (d) => grouped(d, [4, 4, 4, 4], '\u200b')],
  ['zero-width joiners between every digit', (d) => [...d].join('\u200d')],
  ['no-break spaces', (d) => grouped(d, [4, 4, 4, 4], '\u00a0')],
  ['en dashes', (d) => grouped(d, [4, 4, 4, 4], '\u2013')],
  ['glued to words', (d) => `CARD${d}EXP1228`],
  ['4-6-6', (d) => grouped(d, [4, 6, 6], ' ')],
  ['8-8', (d) => grouped(d, [8, 8], ' ')],
  ['3-3-3-3-4', (d) => grouped(d, [3, 3, 3, 3, 4], '-')],
  ['single digits', (d) => [...d].join(' ')],
];

const IBANS = ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300'];
const IBAN_SHAPES: readonly [name: string, print: (iban: string) => string][] = [
  ['grouped by 4', (i) => grouped(i, [4, 4, 4, 4, 4, 4, 4], ' ')],
  ['lower case', (i) => i.toLowerCase()],
  ['mixed case', (i) => [...i].map((c, n) => (n % 2 ? c.toLowerCase() : c)).join('')],
  ['dashes', (i) => grouped(i, [4, 4, 4, 4, 4, 4, 4], '-')],
];
const EMAILS = [
  'müller.jürgen@bücher.de',
  '用户@例子.广告',
  'josé.garcía@correo.es',
  'Customer+Refunds@Example-Shop.co.uk',
  'ПОДДЕРЖКА@ПРИМЕР.РФ',
];

const fold = (email: string) => email.normalize('NFKC').toLowerCase();

function narrativeRecord(id: string, narrative: string, receivedAt: number): TransactionNarrative {
  return {
    record_id: id,
    narrative,
    source_id: 'faults-secrets',
    document_type: 'card_feed',
    template_version: null,
    account_id: null,
    statement_date: '2026-11-30',
    locale: 'en-US',
    currency_hint: 'USD',
    source_updated_at: null,
    received_at: receivedAt,
  };
}

/** Valid records whose narratives carry secrets: each must be answered, and no secret may leave. */
export function secretNarratives(seed: number, receivedAt: number): { records: TransactionNarrative[]; secrets: Secret[] } {
  const records: TransactionNarrative[] = [];
  const secrets: Secret[] = [];
  CARD_SHAPES.forEach(([shape, print], i) => {
    const card = cardNumber(seed, `narrative card ${shape}`, i % 3 === 2 ? 'mastercard' : 'visa');
    secrets.push({ kind: 'CARD', value: card, label: `card in a narrative, ${shape}` });
    records.push(
      narrativeRecord(`faults-secret-card-${i}`, `POS PURCHASE CARD ${print(card)} BLUE BOTTLE COFFEE OAKLAND CA 11/28 6.75`, receivedAt),
    );
  });
  const amex = cardNumber(seed, 'narrative amex', 'amex');
  secrets.push({ kind: 'CARD', value: amex, label: 'Amex card in a narrative, 4-6-5' });
  records.push(
    narrativeRecord('faults-secret-card-amex', `AMEX ${grouped(amex, [4, 6, 5], ' ')} DELTA AIR LINES 11/28 412.30`, receivedAt),
  );
  IBAN_SHAPES.forEach(([shape, print], i) => {
    const iban = IBANS[i % IBANS.length]!;
    secrets.push({ kind: 'IBAN', value: iban, label: `IBAN in a narrative, ${shape}` });
    records.push(narrativeRecord(`faults-secret-iban-${i}`, `SEPA CT FROM ${print(iban)} MIETE NOVEMBER 850.00`, receivedAt));
  });
  EMAILS.forEach((email, i) => {
    secrets.push({ kind: 'EMAIL', value: fold(email), label: 'internationalised e-mail address in a narrative' });
    records.push(narrativeRecord(`faults-secret-email-${i}`, `ZELLE PAYMENT TO ${email} DINNER 42.00`, receivedAt));
  });
  return { records, secrets };
}

/** Bad input, and the secrets planted in it (which no dead letter, log line or output may show). */
export async function badInputs(
  seed: number,
  encoders: CorpusEncoders,
  receivedAt: number,
): Promise<{ inputs: BadInput[]; secrets: Secret[] }> {
  const good = (id: string, narrative = 'POS PURCHASE BLUE BOTTLE COFFEE OAKLAND CA 11/28 6.75') => ({
    ...narrativeRecord(id, narrative, receivedAt),
    source_id: 'faults-bad-input',
  });
  const idCard = cardNumber(seed, 'record_id card');
  const groupedIdCard = cardNumber(seed, 'record_id card grouped', 'mastercard');
  const fullWidthIdCard = cardNumber(seed, 'record_id card full-width');
  const longCard = cardNumber(seed, 'card in a 1 MB narrative');
  const sourceIban = 'DE44500105175407324931';
  const idEmail = 'kontoinhaber@bank-beispiel.de';
  const valid = await encoders.narrative(good('faults-bad-truncated'));
  const schemaId = valid.readUInt32BE(1);
  const utf8Placeholder = 'Q9Q9';
  const invalidUtf8 = await encoders.narrative(good('faults-bad-utf8', `POS PURCHASE CAF${utf8Placeholder} LYON 11/28 4.50`));
  const at = invalidUtf8.indexOf(utf8Placeholder);
  // A lone continuation byte and a truncated two-byte sequence, in place of four ASCII bytes: the length prefix still holds.
  invalidUtf8.set([0xc3, 0x28, 0xa0, 0xa1], at);
  const wrongSchemaId = Buffer.from(valid);
  wrongSchemaId.writeUInt32BE(0x7ffffff0, 1);
  const megabyte = `POS PURCHASE CARD ${grouped(longCard, [4, 4, 4, 4], ' ')} ${'GROCERY OUTLET STORE 1234 '.repeat(38_462)}`.slice(
    0,
    1_000_000,
  );
  const inputs: BadInput[] = [
    {
      name: 'not JSON or Avro: text where the wire format is expected',
      key: 'faults-bad-text',
      value: Buffer.from('{"record_id": "faults-bad-text", "narrative": "POS 4.50", '),
      expect: { code: 'MALFORMED_AVRO', reason: /^not in the Confluent wire format \(magic byte 123, expected 0\)$/ },
    },
    {
      name: 'no value at all',
      key: 'faults-bad-tombstone',
      value: null,
      expect: { code: 'MALFORMED_AVRO', reason: /^the record has no value$/ },
    },
    {
      name: 'unknown schema id',
      key: 'faults-bad-schema-id',
      value: wrongSchemaId,
      expect: { code: 'UNKNOWN_SCHEMA_ID', reason: /^schema id 2147483632 is not in the registry$/ },
    },
    {
      name: 'truncated Avro',
      key: 'faults-bad-truncated',
      value: valid.subarray(0, 12),
      expect: { code: 'MALFORMED_AVRO', reason: new RegExp(`^not valid Avro for schema id ${schemaId}: .+`) },
    },
    {
      name: 'a 1 MB narrative (with a card number in it)',
      key: 'faults-bad-megabyte',
      value: await encoders.narrative(good('faults-bad-megabyte', megabyte)),
      expect: { code: 'NARRATIVE_TOO_LONG', reason: /^narrative: longer than 4096 characters \(1000000\)$/ },
    },
    {
      name: 'invalid UTF-8 in the narrative',
      key: 'faults-bad-utf8',
      value: invalidUtf8,
      expect: { code: 'INVALID_UTF8', reason: /^narrative: .*not valid UTF-8/ },
    },
    {
      name: 'null narrative (a writer schema where it is nullable)',
      key: 'faults-bad-null-narrative',
      value: await encoders.nullable({ ...good('faults-bad-null-narrative'), narrative: null }),
      expect: { code: 'MISSING_FIELD', reason: /^narrative: missing$/ },
    },
    {
      name: 'null source_id',
      key: 'faults-bad-null-source',
      value: await encoders.nullable({ ...good('faults-bad-null-source'), source_id: null }),
      expect: { code: 'MISSING_FIELD', reason: /^source_id: missing$/ },
    },
    {
      name: 'null record_id',
      key: 'faults-bad-null-id',
      value: await encoders.nullable({ ...good('faults-bad-null-id'), record_id: null }),
      expect: { code: 'MISSING_FIELD', reason: /^record_id: missing$/ },
    },
    {
      name: 'a record of another schema',
      key: 'faults-bad-other-schema',
      value: await encoders.other({ x: 1 }),
      expect: { code: 'MISSING_FIELD', reason: /^record_id: missing$/ },
    },
    {
      name: 'a card number as record_id',
      key: idCard,
      value: await encoders.narrative(good(idCard)),
      expect: { code: 'INVALID_FIELD', reason: /^record_id: holds a card number$/ },
    },
    {
      name: 'a grouped card number as record_id',
      key: grouped(groupedIdCard, [4, 4, 4, 4], '-'),
      value: await encoders.narrative(good(grouped(groupedIdCard, [4, 4, 4, 4], '-'))),
      expect: { code: 'INVALID_FIELD', reason: /^record_id: holds a card number$/ },
    },
    {
      name: 'a full-width card number as record_id',
      key: inScript(fullWidthIdCard, FULL_WIDTH_ZERO),
      value: await encoders.narrative(good(inScript(fullWidthIdCard, FULL_WIDTH_ZERO))),
      expect: { code: 'INVALID_FIELD', reason: /^record_id: holds a card number$/ },
    },
    {
      name: 'an e-mail address as record_id',
      key: idEmail,
      value: await encoders.narrative(good(idEmail)),
      expect: { code: 'INVALID_FIELD', reason: /^record_id: holds an e-mail address$/ },
    },
    {
      name: 'an IBAN in lower case as source_id',
      key: 'faults-bad-iban-source',
      value: await encoders.narrative({ ...good('faults-bad-iban-source'), source_id: sourceIban.toLowerCase() }),
      expect: { code: 'INVALID_FIELD', reason: /^source_id: holds an IBAN$/ },
    },
    {
      name: 'a record_id forging a log line',
      key: 'faults-bad-forged',
      value: await encoders.narrative(good('faults-bad-forged\n{"level":"error","msg":"forged"}')),
      expect: { code: 'INVALID_FIELD', reason: /^record_id: holds a control character/ },
    },
    {
      name: 'a record_id of 300 characters',
      key: 'faults-bad-long-id',
      value: await encoders.narrative(good(`faults-bad-long-id-${'x'.repeat(281)}`)),
      expect: { code: 'INVALID_FIELD', reason: /^record_id: longer than 256 characters$/ },
    },
  ];
  const secrets: Secret[] = [
    { kind: 'CARD', value: idCard, label: 'card as record_id' },
    { kind: 'CARD', value: groupedIdCard, label: 'grouped card as record_id' },
    { kind: 'CARD', value: fullWidthIdCard, label: 'full-width card as record_id' },
    { kind: 'CARD', value: longCard, label: 'card in a 1 MB narrative' },
    { kind: 'IBAN', value: sourceIban, label: 'IBAN as source_id' },
    { kind: 'EMAIL', value: fold(idEmail), label: 'e-mail address as record_id' },
  ];
  return { inputs, secrets };
}
