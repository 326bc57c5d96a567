/**
 * Grounding: each value of an answer is checked against the record's own text. A counterparty is
 * traced as a bank prints names (cut short, glued into a handle, abbreviated, as initials, behind a
 * well-known descriptor); a name with no sign in the line is doubtful, never silently accepted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FIELDS, type ExtractedFields } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { applyRules, rulesInputOf } from '#src/rules/apply-rules.ts';
import { CONFIDENT } from '#src/rules/rules-result.ts';
import { amountIsGrounded, counterpartyIsGrounded, groundedOnly, groundingProblems, numericReadings } from '#src/validate/grounding.ts';

// [narrative, counterparty, traceable?, why]
const CASES: readonly [string, string, boolean, string][] = [
  // printed as it is named, whatever the case, accents and punctuation
  ['SQ *BLUE BOTTLE COFFEE OAKLAND CA 11/02 $6.75', 'Blue Bottle Coffee', true, 'printed whole'],
  ['BIZUM ENVIADO A MARIA LOPEZ CONCEPTO cena 25,00 EUR', 'María López', true, 'accents folded'],
  ['ACH DEBIT ATT BILL PAY PPD ID: 2744051729 42.46', 'AT&T', true, 'punctuation dropped: ATT'],
  ["MCDONALD'S F12345 CHICAGO IL 11/03 8.20", "McDonald's", true, 'apostrophe kept out'],
  // cut short or misspelt by the bank
  ['SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75', 'Blue Bottle Coffee', true, 'last word cut'],
  ['ORIG CO NAME:PINECREST PROPER ORIG ID:1847092239 -2,562.29', 'Pinecrest Property Management', true, 'fixed-width field'],
  ['STARBUKS STORE 12345 SEATTLE WA 11/02 4.50', 'Starbucks', true, 'one letter missing'],
  ['01/10 LOBLAW CO TORONTO ON 23.00', 'Loblaws', true, 'plural cut'],
  // abbreviated
  ['AMZN Mktp US*2K4LD93 AMZN.COM/BILL WA 11/03 23.99', 'Amazon', true, 'AMZN'],
  ['CARD PAYMENT TO MSFT *35YMA2U ON 11NOV26 9.99', 'Microsoft', true, 'MSFT'],
  ['ACH DEBIT PPD ID: 9876543210 CONED PAYMENT 110326 142.18', 'Con Edison', true, 'heads of words: CON ED'],
  ['ACH DEBIT PPD ID: 3235436080 PGANDE AUTOPAY 257.91', 'Pacific Gas and Electric', true, 'heads of words: PG AND E'],
  ['ORIG CO NAME:PG&E WEB ONLINE ORIG ID:3235436080 -229.47', 'Pacific Gas and Electric', true, 'initials glued by &'],
  ['WHOLEFDS MKT 10234 AUSTIN TX 45.10', 'Whole Foods Market', true, 'glued and vowel-less'],
  // initials, both ways
  ['CARD PAYMENT TO TFL TRAVEL CH ON 10NOV26 2.84', 'Transport for London', true, 'TFL'],
  ['AWS EMEA AWS.AMAZON.CO 412.07', 'Amazon Web Services', true, 'AWS'],
  ['/NAME/AH TO GO 79707/REMI/8210802044', 'Albert Heijn', true, 'two-letter initials'],
  ['PRLV SEPA DIRECTION GENERALE DES FINANCES PUBLIQUES FACTURE 01/2027 -351,08', 'DGFIP', true, 'an acronym of printed words'],
  // people: split by slashes, glued in handles, or as an initial beside the surname
  ['UPI/CR/631245789012/PRIYA SHARMA/SBIN/priya@oksbi/Rent INR 18,500.00', 'Priya Sharma', true, 'between slashes'],
  ['UPI Paid to priya.sharma@okhdfcbank UPI Ref No. 591583768305 Rs.500', 'Priya Sharma', true, 'a handle with a dot'],
  ['UPI Paid to priyasharma@okhdfcbank UPI Ref No. 591583768305 Rs.500', 'Priya Sharma', true, 'a glued handle'],
  ['UPI/DR/413853475311/swiggy48@axl/Paid via app INR 323.12', 'Swiggy', true, 'a handle with digits'],
  ['FPS PAYMENT TO J SMITH REF FLAT 3 RENT 250.00 GBP 02NOV26', 'John Smith', true, 'initial beside the surname'],
  ['FPS PAYMENT TO SMITH J REF FLAT 3 RENT 250.00 GBP 02NOV26', 'John Smith', true, 'surname first'],
  // descriptor aliases
  ['SQ *RITUAL COFFEE ROA SAN FRANCISCO CA 11/09 $5.15', 'Square', true, 'SQ * is Square'],
  ['PAYPAL *EBAY 402-935-7733 CA 13.64', 'PayPal', true, 'PAYPAL *'],
  ['AMAZON MKTPLACE AMZN.COM/BILL WA 11/07 $9.27', 'Amazon', true, 'AMAZON MKTPLACE'],
  ['GOOGLE *YOUTUBEPREMIUM G.CO/HELPPAY# 13.99', 'Google', true, 'GOOGLE *'],
  ['APPLE.COM/BILL 866-712-7753 2.99', 'Apple', true, 'APPLE.COM/BILL'],
  ['POS PURCHASE WM SUPERCENTER #04116 BENTONVILLE AR 97.16', 'Walmart', true, 'WM SUPERCENTER'],
  ['VZWRLSS*APOCC VISB [PHONE] FL 11/01 $48.42', 'Verizon', true, 'VZWRLSS'],
  // absent: a merchant for a person, another merchant, a person for a person
  ['ZELLE TO JOHN SMITH 11/02 $25.00', 'Blue Bottle Coffee', false, 'a merchant for a person'],
  ['STARBUCKS STORE 12345 SEATTLE WA 11/02 4.50', 'Blue Bottle Coffee', false, 'another coffee shop'],
  ['STARBUCKS COFFEE 12345 SEATTLE WA 11/02 4.50', 'Blue Bottle Coffee', false, 'a shared generic word is not enough'],
  ['FASTER PAYMENT TO RAHUL SHARMA REF DINNER 16.00', 'Priya Sharma', false, 'another person of the same surname'],
  ['FASTER PAYMENT TO SOPHIE WILSON REF CONCERT TICKETS 16.00', 'Con Edison', false, 'CON is not in CONCERT'],
  ['1103 ACH DEBIT PPD ID: 2744051729 TRANSFER 42.46', 'Transport for London', false, 'a line word is no abbreviation'],
  ['POS CARD PURCHASE 11/02 12.00', 'Cardinal Health', false, 'nor a name cut short'],
  ['FEDWIRE CREDIT B/O: GLOBEX LLC AMT 15,000.00 ID 7731', 'Isla Davies', false, 'ID is not initials'],
  ['UPI/P2M/691888056041/BUNDL TECHNOLOGIES/Order payment/PUNB 495.51 DR', 'Swiggy', false, 'a brand behind a legal name'],
  ['NETFLIX.COM 866-579-7172 CA 11/03 15.49', 'Amazon', false, 'an alias only for its own descriptor'],
];

test('a counterparty is traced as banks print names, and a name with no sign in the line is not', () => {
  for (const [narrative, counterparty, expected, why] of CASES)
    assert.equal(counterpartyIsGrounded(counterparty, narrative), expected, `${counterparty} in "${narrative}" (${why})`);
});

const context = { text: 'ZELLE TO JOHN SMITH 11/02 $25.00', currencyHint: 'USD' };
const answer: ExtractedFields = {
  ...EMPTY_FIELDS,
  transaction_date: '2026-11-02',
  amount: '25.00',
  currency: 'USD',
  direction: 'DEBIT',
  counterparty: 'John Smith',
  transaction_type: 'TRANSFER',
  category: 'TRANSFER',
};

test('an untraceable counterparty is a grounding problem, kept in the answer for a person to judge', () => {
  assert.deepEqual(groundingProblems(answer, context), []);
  const doubtful = groundedOnly({ ...answer, counterparty: 'Blue Bottle Coffee' }, context);
  assert.deepEqual(doubtful.problems, ['counterparty Blue Bottle Coffee is not in the text']);
  assert.equal(doubtful.fields.counterparty, 'Blue Bottle Coffee');
  // A guessed number, by contrast, is taken out.
  const guessed = groundedOnly({ ...answer, amount: '52.00', counterparty: 'Blue Bottle Coffee' }, context);
  assert.deepEqual([guessed.fields.amount, guessed.fields.counterparty, guessed.problems.length], [null, 'Blue Bottle Coffee', 2]);
});

test("the rules' confident counterparties are read from the text, so they are traceable by construction", () => {
  let confident = 0;
  for (const generated of generate({ count: 3000, seed: 3, formats: 'all' })) {
    const prepared = prepare(generated.record);
    const reading = applyRules(rulesInputOf(prepared)).fields.counterparty;
    if (reading.confidence < CONFIDENT || reading.value === null) continue;
    confident += 1;
    assert.ok(counterpartyIsGrounded(reading.value, prepared.masked), `${reading.value} in "${prepared.masked}" (${reading.rule})`);
  }
  assert.ok(confident > 200, `${confident} confident readings`);
});

test('a date printed compactly (MMDD) is grounded; a date the line does not print is taken out and makes the answer doubtful', () => {
  const card = { text: 'CARD PURCHASE 1119 TARGET 78166 MINNEAPOLIS MN REF. 76946833063775060130000 19.49 USD', currencyHint: 'USD' };
  const fields: ExtractedFields = {
    ...answer,
    transaction_date: '2026-11-19',
    amount: '19.49',
    counterparty: 'Target',
    category: 'SHOPPING',
  };
  assert.deepEqual(groundingProblems(fields, card), []);
  const guessed = groundedOnly({ ...fields, transaction_date: '2026-11-24' }, card);
  assert.equal(guessed.fields.transaction_date, null);
  assert.deepEqual(guessed.problems, ['date 2026-11-24 is not in the text']);
});

test('an amount is grounded exactly when one of the numeric readings of the line is it, accented and spaced lines included', () => {
  const byReadings = (amount: string, text: string) => numericReadings(text).some((r) => Math.abs(r - Number(amount)) < 0.005);
  const lines = [...generate({ count: 3_000, seed: 41, formats: 'all' })].map((g) => g.record.narrative);
  lines.push('VIREMENT 1 234,56 EUR CAFÉ 12', "ÜBERWEISUNG 1'250.00 CHF", 'NEFT 1,18,500.00 INR 3 ITEMS');
  for (const text of lines)
    for (const amount of ['12', '12.00', '1234.56', '1250', '118500', '3', '0.5', '45.8', '2026'])
      assert.equal(amountIsGrounded(amount, text), byReadings(amount, text), `${amount} in ${text}`);
});
