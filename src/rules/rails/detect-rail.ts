/**
 * The one rail whose structure a narrative follows, tried from the most specific markers to the
 * least: a SWIFT or Fedwire advice can mention a card, "TRANSFERENCIA BIZUM" is Bizum and not a
 * SEPA transfer, and almost anything can contain "POS".
 */
import { parseAch } from './ach.ts';
import { parseCard } from './card.ts';
import { parseFedwire } from './fedwire.ts';
import { parseIndianTransfer } from './indian-transfers.ts';
import { parseP2pApp } from './p2p-apps.ts';
import { parsePix } from './pix.ts';
import type { RailReading } from './rail-reading.ts';
import { parseSepa } from './sepa.ts';
import { parseSwift } from './swift.ts';
import { parseUkPayment } from './uk-payments.ts';
import { parseUpi } from './upi.ts';

const PARSERS: readonly ((text: string) => RailReading | null)[] = [
  parseSwift,
  parseFedwire,
  parseP2pApp,
  parseSepa,
  parseUpi,
  parsePix,
  parseIndianTransfer,
  parseAch,
  parseUkPayment,
  parseCard,
];

export function detectRail(text: string): RailReading | null {
  for (const parse of PARSERS) {
    const reading = parse(text);
    if (reading) return reading;
  }
  return null;
}
