import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '#src/dev/generator/generate.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { applyRules, rulesInputOf } from '#src/rules/apply-rules.ts';
import { readDate } from '#src/rules/date.ts';
import { findDates } from '#src/rules/date-candidates.ts';
import { CONFIDENT } from '#src/rules/rules-result.ts';

const read = (text: string, locale: string | null, statementDate: string | null) =>
  readDate({ text, locale, statementDate, currencyHint: null }).reading;

test('every printed form reads to the ISO date, confidently when the text and locale leave no doubt', () => {
  const cases: [string, string | null, string | null, string][] = [
    // text, locale, statement date, date
    ['PAID 2026-11-05', 'de-DE', null, '2026-11-05'],
    ['BETRAG 39,95 EUR 03.11.2026', 'de-DE', '2026-11-04', '2026-11-03'],
    ['MONTHLY SERVICE FEE 12.00 DR 30/10/2026', 'en-GB', null, '2026-10-30'],
    ['FEDWIRE AMT 15,000.00 VAL 11/05/2026', 'en-US', '2026-11-05', '2026-11-05'],
    ['UPI INR 18,500.00 01-11-2026', 'en-IN', '2026-11-02', '2026-11-01'],
    ['SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75', 'en-US', '2026-11-05', '2026-11-02'],
    ['CB CARREFOUR MARKET PARIS 15 04/11 45,80 EUR', 'fr-FR', '2026-11-05', '2026-11-04'],
    ['AWS WA 10/31 USD 412.07', 'en-US', '2026-11-01', '2026-10-31'],
    ['KARTE 05.11. REWE', 'de-DE', '2026-11-07', '2026-11-05'],
    ['CARD 12/28 STORE 5.00', 'en-US', '2027-01-05', '2026-12-28'], // December line, January statement
    ['FPS RENT 250.00 GBP 02NOV26', 'en-GB', null, '2026-11-02'],
    ['BIZUM cena 25,00 EUR 06 NOV 2026', 'es-ES', null, '2026-11-06'],
    ['TRANSF 6 de novembro de 2026', 'pt-BR', null, '2026-11-06'],
    ['UEBERWEISUNG 3. Dezember 2026', 'de-DE', null, '2026-12-03'],
    ['PRLV 1er novembre 2026', 'fr-FR', null, '2026-11-01'],
    ['COMPRA 12 dic 2026', 'es-ES', null, '2026-12-12'],
    ['PAYMENT Nov 5, 2026', 'en-US', null, '2026-11-05'],
    ['CHARGE 29 FEB 2028', 'en-GB', null, '2028-02-29'],
    ['ACH ORIG CO NAME:X EED:261103', 'en-US', null, '2026-11-03'], // NACHA effective date, YYMMDD
    ['WIRE VALUE DATE 20261105', 'en-US', null, '2026-11-05'],
  ];
  for (const [text, locale, statement, date] of cases) {
    const reading = read(text, locale, statement);
    assert.equal(reading.value, date, text);
    assert.ok(reading.confidence >= CONFIDENT, `${text}: ${reading.confidence} (${reading.rule})`);
  }
});

test('day-first or month-first: the locale decides, the statement date corroborates or casts doubt', () => {
  const cases: [string, string | null, string | null, string | null, [number, number]][] = [
    // text, locale, statement, date, confidence range
    ['11/02', 'en-US', '2026-11-05', '2026-11-02', [0.97, 0.97]], // Feb 11 is nine months back
    ['11/02', 'en-GB', '2026-11-05', '2026-02-11', [0.6, 0.6]], // the locale's reading is far from the statement
    ['03/04/2026', 'en-US', null, '2026-03-04', [0.93, 0.93]],
    ['03/04/2026', 'de-DE', null, '2026-04-03', [0.93, 0.93]],
    ['04/11', null, '2026-11-06', '2026-11-04', [0.85, 0.85]], // no locale: the only reading near the statement
    ['03/04/2026', null, null, '2026-04-03', [0.5, 0.5]], // nothing decides: day first, unsure
    ['10/11 PIX', 'pt-BR', '2026-11-12', '2026-11-10', [0.93, 0.93]], // both near the statement
    ['04/11', 'fr-FR', null, null, [0.3, 0.3]], // no year and no statement date: cannot complete
  ];
  for (const [text, locale, statement, date, [min, max]] of cases) {
    const reading = read(text, locale, statement);
    assert.equal(reading.value, date, `${text} ${locale}`);
    assert.ok(reading.confidence >= min && reading.confidence <= max, `${text} ${locale}: ${reading.confidence}`);
  }
});

test('six bare digits are a date only near the statement date or when labelled', () => {
  const cases: [string, string | null, string | null, number][] = [
    ['ACH DEBIT CONED PAYMENT 110326 TRACE 021000021234567', '2026-11-03', '2026-11-03', 0.9], // MMDDYY
    ['PAYROLL ACME DIR DEP 110526 2,845.33 CR', '2026-11-06', '2026-11-05', 0.9],
    ['PAYROLL ACME DIR DEP 110526', null, null, 0.3], // no statement: not evidence of anything
    ['STORE ID 110326', '2026-11-04', null, 0.3], // an id, whatever its digits
    ['ORDER 123456', '2026-11-04', null, 0.3],
  ];
  for (const [text, statement, date, confidence] of cases) {
    const reading = read(text, 'en-US', statement);
    assert.equal(reading.value, date, text);
    assert.equal(reading.confidence, confidence, text);
  }
});

test('no date printed is null, never the statement date; several dates lower the confidence', () => {
  assert.deepEqual(read('MONTHLY SERVICE FEE 12.00', 'en-GB', '2026-11-01'), { value: null, confidence: 0.95, rule: 'date:none' });
  assert.equal(read('TRACE 021000021234567 AMT 1.00', 'en-US', '2026-11-01').value, null);
  const two = read('PURCHASE 11/02 11/04 STORE', 'en-US', '2026-11-05');
  assert.equal(two.value, '2026-11-02');
  assert.ok(two.confidence <= 0.6);
  const labelled = read('INV 01/10/2026 VAL 11/05/2026', 'en-US', '2026-11-05');
  assert.equal(labelled.value, '2026-11-05');
});

test('four bare digits that read as a month and day near the statement leave the absence of a date in doubt', () => {
  const doubted: [string, string | null, string | null][] = [
    // text, locale, statement date
    ['CARD PURCHASE 1101 AMZN Mktp US*462JK2H AMZN.COM/BILL WA REF. 76940956940803461428671 26.51 USD', 'en-US', '2026-11-02'],
    ['1102 ACH DEBIT CON ED OF NY BILL PAY PPD ID: 4081967277 Ref: 111242469468336 62.20 BAL 1,205.22', 'en-US', '2026-11-02'],
    ['WT FED#23630 BANK OF AMERICA N.A. /ORG=GLOBEX LLC SRF# GW51911179729572 1103 14,823.66', 'en-US', '2026-11-03'],
    ['FPS 0211 RENT J SMITH 250.00', 'en-GB', '2026-11-05'], // day and month
    ['CARD 1229 STORE 5.00', 'en-US', '2027-01-05'], // a December line on a January statement
    ['CARD PURCHASE 0412 STORE 5.00', 'en-US', null], // nothing to check it against
  ];
  for (const [text, locale, statement] of doubted) {
    const reading = read(text, locale, statement);
    assert.equal(reading.value, null, text);
    assert.ok(reading.confidence < CONFIDENT, `${text}: ${reading.confidence} (${reading.rule})`);
  }
  const none = [
    'CARD PURCHASE 0615 STORE 5.00', // 15 June (or month 15): months before the statement
    'STORE 4821 SEATTLE WA 5.00', // no month and day at all
    'STORE #1102 5.00',
    'CARD *1102 5.00',
    'CARD X1102 5.00',
    'CALL 866-555-1102 5.00',
    'STORE ID 1102 5.00',
    'CHECK 1101 5.00',
    'FEE 1102.50',
    'AT 11:02 5.00',
    'STORE 2902 5.00', // 29 February, in no year near this statement
  ];
  for (const text of none) assert.deepEqual(read(text, 'en-US', '2026-11-04'), { value: null, confidence: 0.95, rule: 'date:none' }, text);
});

test('the rules never say confidently that a line prints no date when it prints one, in layouts they know or not', () => {
  let [dated, undated, confidentNulls] = [0, 0, 0];
  for (const generated of generate({ count: 3000, seed: 3, formats: 'all' })) {
    const prepared = prepare(generated.record);
    const reading = applyRules(rulesInputOf(prepared)).fields.transaction_date;
    const confidentNull = reading.value === null && reading.confidence >= CONFIDENT;
    if (generated.fields.transaction_date === null) {
      undated += 1;
      if (confidentNull) confidentNulls += 1;
      continue;
    }
    dated += 1;
    assert.ok(
      !confidentNull,
      `"${prepared.masked}" (${generated.meta.format}) prints ${generated.fields.transaction_date}: ${reading.rule}`,
    );
  }
  // The doubt stays where it belongs: lines that print no date are still confidently dateless.
  assert.ok(dated > 2000 && undated > 100, `${dated} dated, ${undated} undated`);
  assert.ok(confidentNulls / undated > 0.9, `${confidentNulls} of ${undated} undated lines read confidently`);
});

test('ids, months, times and amounts are not dates', () => {
  const texts = [
    'IMAD: 20261105MMQFMP2L000123',
    'Rechnung 10/2026',
    '14:32',
    '39,95 EUR',
    '1.250,00',
    'MARKET 12',
    'CASH OUT',
    'AND SET AMOUNT TO 0',
    'Rent Nov INR 18,500.00',
    '31/02/2026',
    '13/13',
    'NOV 2026',
    'MKTPL*8MAR3A9',
    'X 8MAR3A9',
  ];
  for (const text of texts)
    assert.deepEqual(
      findDates(text).map((d) => text.slice(d.start, d.end)),
      [],
      text,
    );
});
