/**
 * Learning a template and re-grounding it: the stable fields travel, the volatile ones are read
 * from each record's own slots, and a record whose slots do not fit is a miss.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CACHE_POLICY, judgeCandidate } from '#src/cache/cache-policy.ts';
import { namingWords } from '#src/cache/gate.ts';
import { learnTemplate } from '#src/cache/learn-template.ts';
import { reground } from '#src/cache/reground.ts';
import type { Template } from '#src/cache/template.ts';
import type { ExtractedFields, TransactionNarrative } from '#src/contract/records.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { applyRules } from '#src/rules/apply-rules.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-10T00:00:00Z');

function record(narrative: string, extra: Partial<TransactionNarrative> = {}): TransactionNarrative {
  return {
    record_id: `r-${narrative.length}-${Math.random()}`,
    narrative,
    source_id: 'chase-card',
    document_type: 'card_feed',
    template_version: 'v1',
    account_id: null,
    statement_date: '2026-11-05',
    locale: 'en-US',
    currency_hint: 'USD',
    source_updated_at: null,
    received_at: NOW,
    ...extra,
  };
}
const rulesOf = (r: TransactionNarrative) =>
  applyRules({ text: prepare(r).masked, locale: r.locale, statementDate: r.statement_date, currencyHint: r.currency_hint });

const blueBottle: ExtractedFields = {
  transaction_date: '2026-11-02',
  amount: '6.75',
  currency: 'USD',
  direction: 'DEBIT',
  counterparty: 'Blue Bottle Coffee',
  transaction_type: 'CARD',
  reference: null,
  category: 'DINING',
};

function learn(narrative: string, fields: ExtractedFields, extra: Partial<TransactionNarrative> = {}): Template {
  const admission = learnTemplate({
    confirmed: true,
    prepared: prepare(record(narrative, extra)),
    fields,
    producedBy: { tier: 'small', model: 'gpt-4o-mini' },
    embedding: null,
    now: NOW,
  });
  assert.ok(admission.ok, admission.ok ? '' : admission.reason);
  return admission.template;
}

test('a hit re-reads amount, date and reference from the new record, never the template', () => {
  const template = learn('SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75', blueBottle);
  assert.deepEqual(template.roles.amount, { kind: 'AMOUNT', ordinal: 0, anchor: '{DATE}', sign: 'none' });
  const next = record('SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $15.25');
  const regrounded = reground(template, prepare(next), rulesOf(next));
  assert.ok(regrounded.ok, regrounded.ok ? '' : regrounded.reason);
  assert.deepEqual(regrounded.fields, { ...blueBottle, amount: '15.25', transaction_date: '2026-11-04' });
});

test('the reference is read from the slot that held it, placeholders are a miss', () => {
  const fields: ExtractedFields = {
    transaction_date: '2026-11-03',
    amount: '39.95',
    currency: 'EUR',
    direction: 'DEBIT',
    counterparty: 'Telekom Deutschland',
    transaction_type: 'DIRECT_DEBIT',
    reference: 'INV-2026-10-4471',
    category: 'TELECOM',
  };
  const german = { locale: 'de-DE', currency_hint: 'EUR', source_id: 'sparkasse' };
  const template = learn(
    'SEPA-LASTSCHRIFT EREF+INV-2026-10-4471 SVWZ+Telekom Deutschland GmbH BETRAG 39,95 EUR 03.11.2026',
    fields,
    german,
  );
  const next = record('SEPA-LASTSCHRIFT EREF+INV-2026-11-9001 SVWZ+Telekom Deutschland GmbH BETRAG 41,10 EUR 03.12.2026', {
    ...german,
    statement_date: '2026-12-04',
  });
  const regrounded = reground(template, prepare(next), rulesOf(next));
  assert.ok(regrounded.ok, regrounded.ok ? '' : regrounded.reason);
  assert.equal(regrounded.fields.reference, 'INV-2026-11-9001');
  assert.equal(regrounded.fields.amount, '41.10');
  const placeholder = record('SEPA-LASTSCHRIFT EREF+NOTPROVIDED SVWZ+Telekom Deutschland GmbH BETRAG 41,10 EUR 03.12.2026', german);
  assert.equal(reground(template, prepare(placeholder), rulesOf(placeholder)).ok, false);
});

test('a sign the template was not learnt with is a miss, not a wrong direction', () => {
  const template = learn('SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75', blueBottle);
  const refund = record('SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 ($6.75)');
  const regrounded = reground(template, prepare(refund), rulesOf(refund));
  assert.equal(regrounded.ok, false);
});

test('answers that cannot be re-grounded, or whose skeleton could hold a secret, are not admitted', () => {
  const ambiguous = learnTemplate({
    confirmed: true,
    prepared: prepare(record('TRANSFER 10.00 FEE 10.00 11/02')),
    fields: { ...blueBottle, amount: '10.00' },
    producedBy: { tier: 'small', model: null },
    embedding: null,
    now: NOW,
  });
  assert.equal(ambiguous.ok, false);
  const missing = learnTemplate({
    confirmed: true,
    prepared: prepare(record('SQ *BLUE BOTTLE 11/02 $6.75')),
    fields: { ...blueBottle, reference: 'ABC123' },
    producedBy: { tier: 'small', model: null },
    embedding: null,
    now: NOW,
  });
  assert.equal(missing.ok, false);
  assert.match((missing as { reason: string }).reason, /reference ABC123/);
});

test('source metadata and age decide: a changed source or an old template is stale', () => {
  const template = learn('SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75', blueBottle);
  const candidate = { template, similarity: 1, exact: true };
  const fresh = prepare(record('SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $1.00'));
  assert.deepEqual(judgeCandidate(candidate, fresh, NOW + DAY, DEFAULT_CACHE_POLICY).hit, true);
  const newVersion = prepare(record('SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $1.00', { template_version: 'v2' }));
  assert.match((judgeCandidate(candidate, newVersion, NOW, DEFAULT_CACHE_POLICY) as { reason: string }).reason, /template version v1/);
  const updated = prepare(record('SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $1.00', { source_updated_at: NOW + DAY }));
  assert.deepEqual(judgeCandidate(candidate, updated, NOW + 2 * DAY, DEFAULT_CACHE_POLICY), {
    hit: false,
    stale: true,
    reason: 'the source changed after the template was learnt',
    miss: 'doubted',
  });
  const halfLife = DEFAULT_CACHE_POLICY.halfLifeDays.card_feed!;
  assert.equal(judgeCandidate(candidate, fresh, NOW + (halfLife - 1) * DAY, DEFAULT_CACHE_POLICY).hit, true);
  assert.equal(judgeCandidate(candidate, fresh, NOW + (halfLife + 1) * DAY, DEFAULT_CACHE_POLICY).hit, false);
  const shortLived = { ...DEFAULT_CACHE_POLICY, sourceHalfLifeDays: { 'chase-card': 1 } };
  assert.equal(judgeCandidate(candidate, fresh, NOW + 2 * DAY, shortLived).hit, false, 'a source override wins');
});

test('a near hit must pass the lexical gate: similar text is not the same merchant or direction', () => {
  const shell = learn('SHELL OIL 57442 HOUSTON TX 11/01 48.12', {
    ...blueBottle,
    counterparty: 'Shell',
    category: 'FUEL',
    amount: '48.12',
    transaction_date: '2026-11-01',
  });
  const deli = prepare(record("SHELLY'S DELI 57442 HOUSTON TX 11/03 12.00"));
  const verdict = judgeCandidate({ template: shell, similarity: 0.95, exact: false }, deli, NOW, DEFAULT_CACHE_POLICY);
  assert.equal(verdict.hit, false);
  assert.match((verdict as { reason: string }).reason, /lexical gate: missing SHELL/);

  const credit = learn('ACME PAYROLL 2,845.33 CR 11/05', {
    ...blueBottle,
    counterparty: 'Acme',
    direction: 'CREDIT',
    transaction_type: 'PAYROLL',
    category: 'INCOME',
    amount: '2845.33',
    transaction_date: '2026-11-05',
  });
  const debit = prepare(record('ACME PAYROLL 2,845.33 DR 11/05'));
  assert.equal(judgeCandidate({ template: credit, similarity: 0.97, exact: false }, debit, NOW, DEFAULT_CACHE_POLICY).hit, false);
  const same = prepare(record('ACME PAYROLL 2,901.10 CR 11/19'));
  assert.equal(judgeCandidate({ template: credit, similarity: 0.97, exact: false }, same, NOW, DEFAULT_CACHE_POLICY).hit, true);
});

test('a date printed as bare digits is re-read by the layout the answer revealed', () => {
  const fields = { ...blueBottle, transaction_date: '2026-11-01', amount: '26.51', counterparty: 'Amazon', category: 'SHOPPING' as const };
  const template = learn('CARD PURCHASE 1101 AMZN MKTP US 26.51 USD', fields);
  assert.equal(template.roles.date?.digits, 'MMDD');
  const next = record('CARD PURCHASE 1103 AMZN MKTP US 11.00 USD');
  const regrounded = reground(template, prepare(next), rulesOf(next));
  assert.ok(regrounded.ok && regrounded.fields.transaction_date === '2026-11-03', JSON.stringify(regrounded));
  const december = record('CARD PURCHASE 1230 AMZN MKTP US 11.00 USD', { statement_date: '2027-01-04' });
  const rolledBack = reground(template, prepare(december), rulesOf(december));
  assert.ok(rolledBack.ok && rolledBack.fields.transaction_date === '2026-12-30', 'a December line on a January statement');
});

test('a near hit never carries a memo category across: a rent memo on one side and not the other is a miss', () => {
  const groceries = learn(
    'FPI JAMES SMITH REF: GROCERIES 28 NOV 26 58.00',
    {
      ...blueBottle,
      counterparty: 'James Smith',
      direction: 'CREDIT',
      transaction_type: 'FASTER_PAYMENT',
      category: 'TRANSFER',
      amount: '58.00',
      transaction_date: '2026-11-28',
    },
    { statement_date: '2026-11-30', locale: 'en-GB', currency_hint: 'GBP' },
  );
  const rent = prepare(
    record('FPI JAMES SMITH REF: RENT NOV 28 NOV 26 650.00', { statement_date: '2026-11-30', locale: 'en-GB', currency_hint: 'GBP' }),
  );
  const verdict = judgeCandidate({ template: groceries, similarity: 0.95, exact: false }, rent, NOW, DEFAULT_CACHE_POLICY);
  assert.equal(verdict.hit, false);
  assert.match((verdict as { reason: string }).reason, /carries RENT/);
});

test('a near hit on a record carrying an id the template never saw is a miss', () => {
  const spotify = learn('SPOTIFY P6AUPUA6 STOCKHOLM SE 11/02 $11.99', {
    ...blueBottle,
    counterparty: 'Spotify',
    category: 'ENTERTAINMENT',
    amount: '11.99',
    reference: null,
  });
  const other = prepare(record('SPOTIFY P3CSJQ5N STOCKHOLM SE 11/04 $11.99'));
  const verdict = judgeCandidate({ template: spotify, similarity: 0.96, exact: false }, other, NOW, DEFAULT_CACHE_POLICY);
  assert.equal(verdict.hit, false);
  assert.match((verdict as { reason: string }).reason, /an id the template never saw: P3CSJQ5N/);
});

test('two merchants of one name are told apart by the word printed after it (COSTCO WHSE, COSTCO GAS)', () => {
  const warehouse = learn('COSTCO WHSE #0711 ISSAQUAH WA 11/02 173.02', {
    ...blueBottle,
    counterparty: 'Costco',
    category: 'GROCERIES',
    amount: '173.02',
  });
  assert.ok(warehouse.gate.includes('WHSE'), warehouse.gate.join(' '));
  const gas = prepare(record('COSTCO GAS #0711 ISSAQUAH WA 11/04 52.70'));
  const verdict = judgeCandidate({ template: warehouse, similarity: 0.95, exact: false }, gas, NOW, DEFAULT_CACHE_POLICY);
  assert.equal(verdict.hit, false);
  assert.match((verdict as { reason: string }).reason, /missing WHSE/);
});

test('the word after a merchant is read at its first printing, not at its web address (UBER *TRIP HELP.UBER.COM)', () => {
  const trip = learn('UBER *TRIP HELP.UBER.COM 11/02 $23.10', {
    ...blueBottle,
    counterparty: 'Uber.com',
    category: 'TRANSPORT',
    amount: '23.10',
  });
  assert.ok(trip.gate.includes('TRIP'), trip.gate.join(' '));
  const eats = prepare(record('UBER *EATS HELP.UBER.COM 11/04 $31.40'));
  const verdict = judgeCandidate({ template: trip, similarity: 0.93, exact: false }, eats, NOW, DEFAULT_CACHE_POLICY);
  assert.equal(verdict.hit, false);
  assert.match((verdict as { reason: string }).reason, /missing TRIP/);
});

test('a template whose skeleton does not print the head of its counterparty serves exact matches only', () => {
  const tfl = learn('CD , TFL TRAVEL CH , LONDON GB 11/02 £3.10', {
    ...blueBottle,
    counterparty: 'Transport for London',
    category: 'TRANSPORT',
    amount: '3.10',
    currency: 'GBP',
  });
  assert.ok(tfl.gate.includes('TFL'), `initials print the name: ${tfl.gate.join(' ')}`);
  const tesco = prepare(record('CD , TESCO PFS 16429 , LONDON GB 11/04 £110.02'));
  assert.equal(judgeCandidate({ template: tfl, similarity: 0.95, exact: false }, tesco, NOW, DEFAULT_CACHE_POLICY).hit, false);

  const utility = learn('Electronic Withdrawal To PGANDE WEB PMT 11/02 $84.10', {
    ...blueBottle,
    counterparty: 'Pacific Gas and Electric',
    category: 'UTILITIES',
    transaction_type: 'ACH',
    amount: '84.10',
  });
  assert.deepEqual(namingWords(utility.gate), [], 'ELECTRONIC is not Pacific Gas and Electric');
  const rent = prepare(record('Electronic Withdrawal To PINECREST PROPER WEB PMT 11/04 $1,200.00'));
  const verdict = judgeCandidate({ template: utility, similarity: 0.95, exact: false }, rent, NOW, DEFAULT_CACHE_POLICY);
  assert.match((verdict as { reason: string }).reason, /only an exact match may use it/);
});

test('names print between slashes and as their letters joined (UPI/P2M/…/SWIGGY/, ATT for AT&T)', () => {
  const swiggy = learn('UPI/P2M/512345678901/SWIGGY/Order payment/SBIN 11/02 $12.40 DR', {
    ...blueBottle,
    counterparty: 'Swiggy',
    transaction_type: 'UPI',
    amount: '12.40',
  });
  assert.ok(swiggy.gate.includes('SWIGGY'), swiggy.gate.join(' '));
  const att = learn('ACH DEBIT ATT BILL PAY PPD 11/02 $84.10', {
    ...blueBottle,
    counterparty: 'AT&T',
    category: 'TELECOM',
    amount: '84.10',
  });
  assert.ok(att.gate.includes('ATT'), att.gate.join(' '));
});

test("a handle's number is not part of the name, and a rail's name is part of the type (NEFT, RTGS)", () => {
  const upi = learn('UPI/DR/512345678901/SWIGGY/swiggy48@axl/Order 11/02 $12.40', {
    ...blueBottle,
    counterparty: 'Swiggy',
    transaction_type: 'UPI',
    amount: '12.40',
  });
  const other = prepare(record('UPI/DR/512345678902/SWIGGY/swiggy@ybl/Order 11/04 $8.10'));
  assert.equal(judgeCandidate({ template: upi, similarity: 0.9, exact: false }, other, NOW, DEFAULT_CACHE_POLICY).hit, true);

  const fields = {
    ...blueBottle,
    counterparty: 'Sharma Traders',
    transaction_type: 'WIRE' as const,
    category: 'TRANSFER' as const,
    amount: '2050.00',
  };
  const rtgs = learn('RTGS DR-SBIN0862486-SHARMA TRADERS PVT LTD 11/02 $2,050.00 DR', fields);
  const neft = prepare(record('NEFT DR-SBIN0862487-SHARMA TRADERS PVT LTD 11/04 $575.00 DR'));
  const verdict = judgeCandidate({ template: rtgs, similarity: 0.9, exact: false }, neft, NOW, DEFAULT_CACHE_POLICY);
  assert.match((verdict as { reason: string }).reason, /missing RTGS/);
});

test('a slot whose anchor is a free-text word is found by its place when the slots come in the same order', () => {
  const fields = { ...blueBottle, counterparty: 'Lukas Müller', transaction_type: 'TRANSFER' as const, category: 'TRANSFER' as const };
  const template = learn('SEPA-UEBERWEISUNG AN Lukas Müller SVWZ+Konzertkarten 11/02 $6.75', fields);
  assert.equal(template.roles.date?.anchor, 'SVWZ+KONZERTKARTEN');
  const other = record('SEPA-UEBERWEISUNG AN Lukas Müller SVWZ+Danke 11/04 $9.10');
  const regrounded = reground(template, prepare(other), rulesOf(other));
  assert.ok(regrounded.ok, regrounded.ok ? '' : regrounded.reason);
  assert.equal(regrounded.fields.transaction_date, '2026-11-04');
});

test('a skeleton still holding a long run of digits is not admitted, full-width digits included', () => {
  const admit = (narrative: string) =>
    learnTemplate({
      confirmed: true,
      prepared: prepare(record(narrative)),
      fields: blueBottle,
      producedBy: { tier: 'small', model: null },
      embedding: null,
      now: NOW,
    });
  // Digits glued to a letter beyond ASCII are no slot: they stay in the skeleton's text, where
  // NFKC has made full-width digits ASCII.
  const fullWidth = 'SQ *BLUE BOTTLE \u00d6BB\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18 11/02 $6.75';
  assert.equal(prepare(record(fullWidth)).skeleton, 'SQ *BLUE BOTTLE \u00d6BB12345678 {DATE} {AMOUNT}');
  for (const narrative of [fullWidth, 'SQ *BLUE BOTTLE \u00d6BB1234567 11/02 $6.75', 'SQ *BLUE BOTTLE 12345678\u00c4 11/02 $6.75']) {
    assert.deepEqual(admit(narrative), { ok: false, reason: 'the skeleton could still hold a secret' }, narrative);
  }
  // The same line with a short number, or none, is admitted: it is the long run that is refused.
  for (const narrative of [
    'SQ *BLUE BOTTLE \u00d6BB\uff11\uff12\uff13\uff14\uff15\uff16 11/02 $6.75',
    'SQ *BLUE BOTTLE \u00d6BB 11/02 $6.75',
  ]) {
    const admission = admit(narrative);
    assert.ok(admission.ok, admission.ok ? '' : `${narrative}: ${admission.reason}`);
  }
});
