/**
 * SEPA credit transfers and direct debits in the German, Dutch, French and Spanish layouts (see
 * sepa-fields.ts): "SEPA-LASTSCHRIFT ... EREF+", "/TRTP/SEPA OVERBOEKING/...", "VIR SEPA RECU /DE",
 * "PRLV SEPA", "TRANSFERENCIA RECIBIDA DE".
 *
 * Reference by the contract's precedence: the end-to-end id (EREF, KENMERK, /REF) unless
 * NOTPROVIDED, then KREF, then MREF. The contract also says mandate numbers are never references;
 * MREF is one, so it comes last and is never confident. Creditor ids (CRED, CSID) are party ids.
 */
import { nameRunAfter } from '../names.ts';
import { type Claim, partyClaim, type RailReading, railReading } from './rail-reading.ts';
import { firstToken, readSepaFields, type SepaFields } from './sepa-fields.ts';

const SEPA_RE =
  /\bSEPA\b|\bVIREMENT\b|\bTRANSFERENCIA\b|\b(?:EREF|MREF|KREF|SVWZ|CRED)\+|\bLASTSCHRIFT\b|\bPRLV\b|\bPR[ÉE]L[ÈE]VEMENT\b|\bADEUDO\b|\bSDD\b|\bEND-TO-END-REF|\bKUNDENREFERENZ:|\bMANDATSREF|\/TRTP\/SEPA/i;
/** One of these matches every line parseSepa reads. */
export const SEPA_MARKERS: readonly RegExp[] = [SEPA_RE];
const MANDATE_DEBIT_RE = /LASTSCHRIFT|\bPRLV\b|PR[ÉE]L[ÈE]VEMENT|\bADEUDO\b|\bSDD\b|\bINCASSO\b|\bDOMICILIACI[OÓ]N\b|\bDIRECT DEBIT\b/i;
const RETURN_DEBIT_RE = /R(?:Ü|UE)CK(?:LASTSCHRIFT|BUCHUNG|GABE)|\bRETOURE\b/i;
const INCOMING_RE = /GUTSCHRIFT|\bRE[CÇ]U\b|\bRECIBID[AO]\b|\bEINGANG\b|\bBij\b/i;
const HEAD_RE =
  /\b(?:SEPA[- ](?:BASIS|FIRMEN)?(?:LASTSCHRIFT|(?:UE|Ü)BERWEISUNG|GUTSCHRIFT|DAUERAUFTRAG)(?:\s+(?:VON|AN))?|PRLV\s+SEPA|VIR(?:EMENT)?\s+SEPA(?:\s+(?:RE[CÇ]U|EMIS|ÉMIS))?|(?:TRANSFERENCIA|TRANSF\.)(?:\s+SEPA)?(?:\s+(?:RECIBIDA|EMITIDA))?(?:\s+(?:DE|A FAVOR DE|A))?)(?=\s)/i;
const NAME_STOP = new Set([
  'RECHNUNG',
  'RG',
  'RE',
  'KD',
  'KD-NR',
  'KUNDENNR',
  'KUNDENNUMMER',
  'VERTRAG',
  'VERTRAGSNR',
  'BEITRAG',
  'INVOICE',
  'INV',
  'FACTURE',
  'FACTURA',
  'FATURA',
  'MANDAT',
  'MANDATE',
  'BETRAG',
  'DATUM',
  'REF',
  'REF.',
  'VOM',
  'FUER',
  'FÜR',
  'FOR',
  'ABRECHNUNG',
  'EREF+',
  'IBAN',
  'IBAN:',
  'BIC',
  'BIC:',
  'CONCEPTO',
  'COTISATION',
  'ID',
  'MDT',
  'MOTIF',
  'OMSCHRIJVING:',
  'KENMERK:',
]);
const HEAD_SKIP = new Set(['DE', 'A', 'VON', 'AN', 'FROM', 'TO']);
const ID_LIKE_RE = /\d/;
const NOT_PROVIDED = 'NOTPROVIDED';

function reference(fields: SepaFields): Claim<string> | null {
  const order = [
    ['eref', 0.97],
    ['kref', 0.9],
    ['mref', 0.6],
  ] as const;
  for (const [field, confidence] of order) {
    const value = firstToken(fields.get(field));
    if (value && value.toUpperCase() !== NOT_PROVIDED) return { value, confidence, rule: `sepa:${field.toUpperCase()}` };
  }
  return null;
}

const nameIn = (value: string | undefined) => (value ? nameRunAfter(value, 0, { stop: NAME_STOP, maxSkipped: 0 }) : null);

function counterparty(text: string, fields: SepaFields, incoming: boolean): Claim<string> | null {
  // ABWA is the ultimate debtor (the payer of money coming in), ABWE the ultimate creditor.
  const ultimate = nameIn(fields.get(incoming ? 'abwa' : 'abwe'));
  if (ultimate) return partyClaim(ultimate, incoming ? 'sepa:ABWA' : 'sepa:ABWE', 0.9);
  const labelled = nameIn(fields.get('name'));
  if (labelled) return partyClaim(labelled, 'sepa:name-field', 0.9);
  const cred = fields.get('cred');
  const credName = cred && !ID_LIKE_RE.test(firstToken(cred) ?? '') ? nameIn(cred) : null;
  if (credName) return partyClaim(credName, 'sepa:CRED-name', 0.9);
  const head = HEAD_RE.exec(text);
  const leading = head && nameRunAfter(text, head.index + head[0].length, { stop: NAME_STOP, skip: HEAD_SKIP, maxSkipped: 1 });
  if (leading) return { ...partyClaim(leading, 'sepa:name-after-head'), confidence: 0.6 };
  // The remittance text often opens with the payee ("Telekom Deutschland GmbH Rechnung ..."),
  // but it is free text, so this is a hint for the model, not an answer.
  const fromMemo = nameIn(fields.get('memo'));
  return fromMemo ? { ...partyClaim(fromMemo, 'sepa:memo-lead'), confidence: 0.5 } : null;
}

export function parseSepa(text: string): RailReading | null {
  if (!SEPA_RE.test(text)) return null;
  const fields = readSepaFields(text);
  const returned = RETURN_DEBIT_RE.test(text);
  const mandate = MANDATE_DEBIT_RE.test(text);
  const type =
    mandate || fields.has('mref')
      ? { value: 'DIRECT_DEBIT' as const, confidence: returned ? 0.7 : mandate ? 0.97 : 0.9, rule: 'sepa:mandate-debit' }
      : { value: 'SEPA' as const, confidence: 0.95, rule: 'sepa:credit-transfer' };
  const reading = railReading('sepa', type);
  reading.reference = reference(fields);
  reading.counterparty = counterparty(text, fields, returned || INCOMING_RE.test(text));
  reading.memo = fields.get('memo') ?? null;
  reading.explainedIds = (['cred', 'mref', 'kref', 'eref'] as const).map((f) => firstToken(fields.get(f))).filter((v) => v !== null);
  return reading;
}
