import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '#src/dev/generator/generate.ts';
import { ACH_MARKERS, parseAch } from '#src/rules/rails/ach.ts';
import { detectRail } from '#src/rules/rails/detect-rail.ts';
import { FEDWIRE_MARKERS, parseFedwire } from '#src/rules/rails/fedwire.ts';
import { INDIAN_TRANSFER_MARKERS, parseIndianTransfer } from '#src/rules/rails/indian-transfers.ts';
import { P2P_APP_MARKERS, parseP2pApp } from '#src/rules/rails/p2p-apps.ts';
import { PIX_MARKERS, parsePix } from '#src/rules/rails/pix.ts';
import { parseSepa, SEPA_MARKERS } from '#src/rules/rails/sepa.ts';
import { parseSwift, SWIFT_MARKERS } from '#src/rules/rails/swift.ts';
import { parseUkPayment, UK_PAYMENT_MARKERS } from '#src/rules/rails/uk-payments.ts';
import { parseUpi, UPI_MARKERS } from '#src/rules/rails/upi.ts';

test('the most specific rail wins', () => {
  const cases: [string, string | null][] = [
    [':20:X :32A:261105USD1,00 POS', 'swift'],
    ['FEDWIRE CREDIT IMAD: 20261105MMQFMP2L000123 CARD', 'fedwire'],
    ['SEPA-LASTSCHRIFT EREF+X VISA', 'sepa'],
    ['UPI/CR/631245789012/PRIYA SHARMA/SBIN/x/y', 'upi'],
    ['PIX RECEBIDO JOAO', 'pix'],
    ['NEFT CR-SBIN0001234-ACME', 'neft'],
    ['BIZUM ENVIADO A MARIA', 'bizum'],
    ['ACH DEBIT PPD ID: 1 TRACE 021000021234567', 'ach'],
    ['FPS PAYMENT TO J SMITH', 'fps'],
    ['SQ *BLUE BOTTLE CA 11/02 $6.75', 'card'],
    ['INTEREST PAID 3.17 CR', null],
    ['', null],
  ];
  for (const [text, rail] of cases) assert.equal(detectRail(text)?.rail ?? null, rail, text);
});

test("each structured rail's markers match every line it reads, so the one pass over them never skips a rail", () => {
  const rails: [string, (text: string) => unknown, readonly RegExp[]][] = [
    ['swift', parseSwift, SWIFT_MARKERS],
    ['fedwire', parseFedwire, FEDWIRE_MARKERS],
    ['p2p', parseP2pApp, P2P_APP_MARKERS],
    ['sepa', parseSepa, SEPA_MARKERS],
    ['upi', parseUpi, UPI_MARKERS],
    ['pix', parsePix, PIX_MARKERS],
    ['indian', parseIndianTransfer, INDIAN_TRANSFER_MARKERS],
    ['ach', parseAch, ACH_MARKERS],
    ['uk', parseUkPayment, UK_PAYMENT_MARKERS],
  ];
  const lines = [...generate({ count: 3_000, seed: 5, formats: 'all' }), ...generate({ count: 1_000, seed: 6, formats: 'held-out' })].map(
    (g) => g.record.narrative,
  );
  for (const text of lines) {
    for (const [name, parse, markers] of rails) {
      if (parse(text) !== null)
        assert.ok(
          markers.some((m) => m.test(text)),
          `${name}: ${text}`,
        );
    }
  }
});
