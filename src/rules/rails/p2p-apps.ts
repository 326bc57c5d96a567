/**
 * Person-to-person app payments, TRANSFER by the contract:
 *   ZELLE PAYMENT TO JOHN DOE CONF# 8XK2P1        Zelle payment from JANE DOE JPMUXRFRX0MF Thanks
 *   BIZUM ENVIADO A MARIA LOPEZ CONCEPTO cena     BIZUM RECIBIDO DE JUAN PEREZ
 *   INTERAC E-TRANSFER FROM WILLIAM BOUCHARD CA8XK2P1ZZ     E-TRANSFER TO JANE DOE REF# CALNVVW6CAQY
 * The name after TO/FROM (A/DE) is the counterparty. The app's confirmation id (labelled CONF# or
 * REF#, or the bare id right after the name) is the bank's id and so the reference; Bizum lines
 * print none.
 */
import { looksLikePerson, nameRunAfter } from '../names.ts';
import { partyClaim, type RailReading, railReading } from './rail-reading.ts';

type App = { rail: string; marker: RegExp; anchor: RegExp };

const APPS: readonly App[] = [
  { rail: 'zelle', marker: /\bZELLE\b/i, anchor: /\bZELLE(?:\s+(?:PAYMENT|PMT|TRANSFER|XFER|INSTANT PMT))?\s+(?:TO|FROM)\s+/i },
  { rail: 'bizum', marker: /\bBIZUM\b/i, anchor: /\bBIZUM(?:\s+(?:ENVIADO|RECIBIDO|EMITIDO))?\s+(?:A|DE|PARA)?\s*/i },
  {
    rail: 'interac',
    marker: /\bINTERAC\b|\bE-TRANSFER\b|\bE-TFR\b/i,
    anchor: /\bE-(?:TRANSFER|TFR)(?:\s+(?:SENT|RECEIVED|AUTODEPOSIT|SEND|RECEIVE))*\s+(?:TO|FROM)?\s*/i,
  },
];
/** One of these matches every line parseP2pApp reads. */
export const P2P_APP_MARKERS: readonly RegExp[] = APPS.map((app) => app.marker);
const LABELLED_REF_RE = /\b(?:CONF(?:IRMATION)?|REF)\s*(?:#|NO\.?|NUMBER)?\s*[:#]?\s*([A-Z0-9]{6,24})\b/i;
const BARE_ID_RE = /^\s+([A-Z0-9]{8,24})(?=\s|$)/;
const MEMO_RE = /\b(?:CONCEPTO|MEMO|NOTE|FOR)\s*:?\s+(.*)$/i;
const NAME_STOP = new Set([
  'CONF',
  'CONF#',
  'CONFIRMATION',
  'REF',
  'REF#',
  'ON',
  'ID',
  'CONCEPTO',
  'MEMO',
  'NOTE',
  'FOR',
  'EUR',
  'USD',
  'CAD',
  'FEE',
  'FEES',
  'CHARGE',
  'SERVICE',
]);
const HAS_DIGIT_RE = /\d/;
const HAS_LETTER_RE = /[A-Z]/;

/** The confirmation id: labelled, or the bare letters-and-digits token right after the name. */
function confirmationId(text: string, nameEnd: number): string | null {
  const labelled = LABELLED_REF_RE.exec(text)?.[1];
  if (labelled && HAS_DIGIT_RE.test(labelled)) return labelled;
  const bare = BARE_ID_RE.exec(text.slice(nameEnd))?.[1];
  return bare && HAS_DIGIT_RE.test(bare) && HAS_LETTER_RE.test(bare) ? bare : null;
}

export function parseP2pApp(text: string): RailReading | null {
  const app = APPS.find((a) => a.marker.test(text));
  if (!app) return null;
  const reading = railReading(app.rail, { value: 'TRANSFER', confidence: 0.97, rule: `${app.rail}:marker` });
  const anchor = app.anchor.exec(text);
  const from = anchor ? anchor.index + anchor[0].length : -1;
  const name = anchor && nameRunAfter(text, from, { stop: NAME_STOP, maxSkipped: 0 });
  if (name) {
    reading.counterparty = partyClaim(name, `${app.rail}:name`);
    reading.personToPerson = looksLikePerson(name);
  }
  if (app.rail !== 'bizum') {
    const id = confirmationId(text, name ? text.indexOf(name, from) + name.length : text.length);
    if (id) reading.reference = { value: id, confidence: 0.85, rule: `${app.rail}:confirmation` };
  }
  reading.memo = MEMO_RE.exec(text)?.[1] ?? null;
  return reading;
}
