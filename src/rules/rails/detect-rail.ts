/**
 * The one rail whose structure a narrative follows, tried from the most specific markers to the
 * least: a SWIFT or Fedwire advice can mention a card, "TRANSFERENCIA BIZUM" is Bizum and not a
 * SEPA transfer, and almost anything can contain "POS".
 */

import { gated } from '../../common/keyword-gate.ts';
import { ACH_MARKERS, parseAch } from './ach.ts';
import { parseCard } from './card.ts';
import { FEDWIRE_MARKERS, parseFedwire } from './fedwire.ts';
import { INDIAN_TRANSFER_MARKERS, parseIndianTransfer } from './indian-transfers.ts';
import { P2P_APP_MARKERS, parseP2pApp } from './p2p-apps.ts';
import { PIX_MARKERS, parsePix } from './pix.ts';
import type { RailReading } from './rail-reading.ts';
import { parseSepa, SEPA_MARKERS } from './sepa.ts';
import { parseSwift, SWIFT_MARKERS } from './swift.ts';
import { parseUkPayment, UK_PAYMENT_MARKERS } from './uk-payments.ts';
import { parseUpi, UPI_MARKERS } from './upi.ts';

type StructuredRail = {
  parse: (text: string) => RailReading | null;
  /** One of these matches every line `parse` reads. */
  markers: readonly RegExp[];
};

const STRUCTURED: readonly StructuredRail[] = [
  { parse: parseSwift, markers: SWIFT_MARKERS },
  { parse: parseFedwire, markers: FEDWIRE_MARKERS },
  { parse: parseP2pApp, markers: P2P_APP_MARKERS },
  { parse: parseSepa, markers: SEPA_MARKERS },
  { parse: parseUpi, markers: UPI_MARKERS },
  { parse: parsePix, markers: PIX_MARKERS },
  { parse: parseIndianTransfer, markers: INDIAN_TRANSFER_MARKERS },
  { parse: parseAch, markers: ACH_MARKERS },
  { parse: parseUkPayment, markers: UK_PAYMENT_MARKERS },
];

// Card lines and lines of no rail, most of a stream, carry no structured rail's marker: the
// markers' gates tell from the line's words which parsers could read it, instead of trying each.
const GATED = STRUCTURED.map((rail) => ({ parse: rail.parse, markers: rail.markers.map(gated) }));

export function detectRail(text: string): RailReading | null {
  for (const rail of GATED) {
    if (!rail.markers.some((marker) => marker.mayMatch(text))) continue;
    const reading = rail.parse(text);
    if (reading) return reading;
  }
  return parseCard(text);
}
