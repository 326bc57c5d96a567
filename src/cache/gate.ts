/**
 * The lexical gate of a near hit. Embeddings put "SHELL OIL" near "SHELLY'S DELI" and "CR" near
 * "DR", so similarity alone never decides: the words of the skeleton that name the counterparty
 * and the words that set type, direction or a memo's category (rent) must all be in the new
 * record, and the record must carry no such word the template lacks.
 */
import { withoutAccents } from '../common/ascii.ts';

const MARKERS = new Set([
  'CR',
  'DR',
  'CREDIT',
  'DEBIT',
  'REFUND',
  'RETURN',
  'REVERSAL',
  'CHARGEBACK',
  'ATM',
  'FEE',
  'FEES',
  'INTEREST',
  'PAYROLL',
  'SALARY',
  'DEPOSIT',
  'WITHDRAWAL',
  'CHECK',
  'CHEQUE',
  'TRANSFER',
  'GUTSCHRIFT',
  'LASTSCHRIFT',
  'ERSTATTUNG',
  'STORNO',
  'RECEBIDO',
  'ENVIADO',
  'RECU',
  'EMIS',
  'REMBOURSEMENT',
  'REEMBOLSO',
  'DEVOLUCION',
  'ESTORNO',
  'ZINSEN',
  'GEBUHR',
  'GEBUEHR',
  'FRAIS',
  'TARIFA',
  'JUROS',
  'IN',
  'OUT',
  'TO',
  'FROM',
  'RECEIVED',
  'SENT',
  // Rail names set the type: NEFT is a TRANSFER, RTGS a WIRE, a card line a CARD (CONTRACT.md).
  'NEFT',
  'RTGS',
  'IMPS',
  'UPI',
  'SEPA',
  'ACH',
  'WIRE',
  'FEDWIRE',
  'SWIFT',
  'ZELLE',
  'INTERAC',
  'BIZUM',
  'PIX',
  'TED',
  'FPS',
  'BACS',
  'CHAPS',
  'IDEAL',
  'POS',
  'CARD',
  'KARTE',
  'CARTE',
  'TARJETA',
  'CARTAO',
  // A memo that says rent makes a person-to-person transfer RENT (CONTRACT.md), one that does not, TRANSFER.
  'RENT',
  'RENTAL',
  'MIETE',
  'KALTMIETE',
  'WARMMIETE',
  'LOYER',
  'ALQUILER',
  'ALUGUEL',
  'ARRIENDO',
  'AFFITTO',
  'HUUR',
  'KIRAYA',
]);

const words = (text: string) =>
  withoutAccents(text)
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== '')
    // A handle's number is not part of the name it prints: SWIGGY48@AXL, SWIGGY@YBL.
    .map((w) => w.replace(/^([A-Z]{3,})\d+$/, '$1'));

/** Words a name is printed with that say nothing about whose name it is. */
const LINKING_WORDS = new Set([
  'THE',
  'FOR',
  'AND',
  'OF',
  'DE',
  'DEL',
  'LA',
  'LE',
  'LES',
  'DU',
  'DER',
  'DIE',
  'DAS',
  'VON',
  'UND',
  'ET',
  'DA',
  'DO',
  'DOS',
]);

/**
 * The skeleton's marker words and the words that print the counterparty. Only a skeleton that
 * prints the head of the name (its first word that is not a linking word, or its initials: TFL)
 * prints the counterparty at all: "LONDON" alone is not Transport for London, nor "ELECTRONIC"
 * Pacific Gas and Electric, and a template whose skeleton does not print it serves exact matches only.
 */
export function gateWords(skeleton: string, counterparty: string | null): string[] {
  const skeletonWords = words(skeleton.replace(/\{[A-Z]+\}/g, ' '));
  const markers = skeletonWords.filter((w) => MARKERS.has(w));
  const nameWords = counterparty ? words(counterparty) : [];
  const names = nameWords.filter((w) => w.length >= 3 && !LINKING_WORDS.has(w));
  // "TFL" for Transport for London; "ATT" for AT&T.
  const initials = nameWords.length >= 2 ? nameWords.map((w) => w[0]).join('') : null;
  const joined = nameWords.length >= 2 ? nameWords.join('') : null;
  const prints = (name: string) => (w: string) => w.length >= 3 && (w.startsWith(name.slice(0, 4)) || name.startsWith(w.slice(0, 4)));
  const abbreviates = (w: string) => w === initials || w === joined;
  const printsName = (w: string) => abbreviates(w) || names.some((name) => prints(name)(w));
  const printsHead = skeletonWords.some((w) => abbreviates(w) || (names[0] !== undefined && prints(names[0])(w)));
  if (!printsHead) return [...new Set(markers)];
  return [...new Set([...markers, ...skeletonWords.filter(printsName), ...descriptorTail(skeleton, printsName)])];
}

/**
 * The word printed right after the counterparty's name belongs to how the merchant prints itself
 * ("COSTCO WHSE" and "COSTCO GAS", "UBER *TRIP" and "UBER *EATS" are two merchants of one name):
 * a near hit must print it too. Only a word in the same run of text, never across a slot.
 */
function descriptorTail(skeleton: string, names: (word: string) => boolean): string[] {
  const tokens = skeleton.split(/\s+/).flatMap((token) => (/\{[A-Z]+\}/.test(token) ? ['{SLOT}'] : words(token)));
  // The first printing of the name is the merchant's; a later one is usually its web address (HELP.UBER.COM).
  let end = tokens.findIndex(names);
  if (end === -1) return [];
  while (end < tokens.length && names(tokens[end]!)) end += 1;
  const next = tokens[end];
  return next !== undefined && /^[A-Z]{2,}$/.test(next) && !MARKERS.has(next) ? [next] : [];
}

/** Why a record fails a template's gate, or null when it passes. */
export function gateFailure(gate: readonly string[], recordText: string): string | null {
  const { present, markers } = recordWords(recordText);
  const missing = gate.filter((w) => !present.has(w));
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  const extra = markers.filter((w) => !gate.includes(w));
  return extra.length > 0 ? `carries ${extra.join(', ')} which the template does not` : null;
}

type RecordWords = { present: ReadonlySet<string>; markers: readonly string[] };
let lastRecord: { text: string; words: RecordWords } | undefined;

/**
 * The record's words and the marker words among them. A record's near candidates are judged one
 * after another against the same text, so the last record's reading is kept for the next candidate.
 */
function recordWords(text: string): RecordWords {
  if (lastRecord?.text === text) return lastRecord.words;
  const present = new Set(words(text));
  const read = { present, markers: [...present].filter((w) => MARKERS.has(w)) };
  lastRecord = { text, words: read };
  return read;
}

/** The gate words that print the counterparty (the rest set type and direction). */
export function namingWords(gate: readonly string[]): string[] {
  return gate.filter((w) => !MARKERS.has(w));
}
