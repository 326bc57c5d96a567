/**
 * PIX (Brazil) lines:
 *   PIX RECEBIDO 05/11/2026 R$ 1.250,00 JOAO SILVA E2E E18236120202611051234abcdef0001
 *   PIX ENVIADO - MARIA SOUZA - ID E00000000202611051200XYZ123ABC45
 *   TRANSF PIX RECEBIDA DE JOAO SILVA CPF ***.123.456-**
 * The end-to-end id (E or D, the payer institution's 8-digit ISPB, then a timestamp and serial)
 * is the reference; the name after RECEBIDO/ENVIADO (DE/PARA) is the counterparty.
 */
import { looksLikePerson, nameRunAfter } from '../names.ts';
import { partyClaim, type RailReading, railReading } from './rail-reading.ts';

const PIX_RE = /\bPIX\b/i;
/** One of these matches every line parsePix reads. */
export const PIX_MARKERS: readonly RegExp[] = [PIX_RE];
const E2E_RE = /\b([ED]\d{8}[0-9A-Za-z]{20,26})\b/;
const DIRECTION_WORD_RE = /\b(RECEBID[OA]|ENVIAD[OA]|TRANSFER[ÊE]NCIA|TRANSF|PAGAMENTO|PGTO|DEVOLU[ÇC][ÃA]O|DEVOLVID[OA])\b/i;
const NAME_STOP = new Set([
  'E2E',
  'ID',
  'CPF',
  'CNPJ',
  'CHAVE',
  'END',
  'ENDTOEND',
  'DOC',
  'AG',
  'CC',
  'CONTA',
  'BANCO',
  'INST',
  'DATA',
  'VALOR',
]);
const SKIP = new Set([
  'PIX',
  'RECEBIDO',
  'RECEBIDA',
  'ENVIADO',
  'ENVIADA',
  'DE',
  'PARA',
  'QR',
  'CODE',
  'TRANSF',
  'TRANSFERENCIA',
  'TRANSFERÊNCIA',
  'PAGAMENTO',
  'PGTO',
  'R$',
]);
const BUSINESS_ID_RE = /\bCNPJ\b|\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}/i;

export function parsePix(text: string): RailReading | null {
  if (!PIX_RE.test(text)) return null;
  const reading = railReading('pix', { value: 'PIX', confidence: 0.98, rule: 'pix:marker' });
  const e2e = E2E_RE.exec(text);
  if (e2e) reading.reference = { value: e2e[1]!, confidence: 0.97, rule: 'pix:E2E' };
  const anchor = DIRECTION_WORD_RE.exec(text) ?? PIX_RE.exec(text)!;
  const name = nameRunAfter(text, anchor.index + anchor[0].length, { stop: NAME_STOP, skip: SKIP });
  if (name) {
    reading.counterparty = partyClaim(name, 'pix:name');
    reading.personToPerson = looksLikePerson(name) && !BUSINESS_ID_RE.test(text);
  }
  return reading;
}
