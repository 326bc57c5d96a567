/**
 * The labelled fields of a SEPA line in the layouts banks print, read into one shape:
 *   German tags     EREF+ KREF+ MREF+ CRED+ SVWZ+ ABWA+ ABWE+ IBAN+ BIC+
 *   German labels   END-TO-END-REF.: KUNDENREFERENZ: MANDATSREF: GLÄUBIGER-ID: EREF: MREF:
 *   Dutch           /TRTP/.../NAME/<name>/REMI/<memo>/EREF/<ref>/CSID/.../MARF/...  NAAM: OMSCHRIJVING: KENMERK:
 *   French          VIR SEPA RECU /DE <name> /MOTIF <memo> /REF <ref>     REF. <ref>
 *   Spanish         TRANSFERENCIA RECIBIDA DE <name> CONCEPTO <memo> REF <ref>
 * Each value runs to the next label; the first occurrence of a field wins.
 */

export type SepaField = 'eref' | 'kref' | 'mref' | 'cred' | 'memo' | 'name' | 'abwa' | 'abwe' | 'other';
export type SepaFields = Map<SepaField, string>;

const LABELS: readonly (readonly [SepaField, string])[] = [
  ['eref', String.raw`\bEREF\+|\bEREF:|\/EREF\/|\bEND-TO-END-REF\.?:|\bE2E-REF\.?:|\bKENMERK:|\s\/REF\b|\bREF\.(?=\s)|\bREF(?=\s)`],
  ['kref', String.raw`\bKREF\+|\bKREF:|\bKUNDENREFERENZ:`],
  ['mref', String.raw`\bMREF\+|\bMREF:|\/MARF\/|\bMANDATSREF(?:ERENZ)?\.?:`],
  ['cred', String.raw`\bCRED\+|\/CSID\/|\bGL(?:Ä|AE)UBIGER-ID:`],
  ['memo', String.raw`\bSVWZ\+|\/REMI\/|\s\/MOTIF\b|\bOMSCHRIJVING:|\bCONCEPTO\b|\bVERWENDUNGSZWECK:`],
  [
    'name',
    String.raw`\/NAME\/|\bNAAM:|\s\/DE\b|\s\/A\b|\bAUFTRAGGEBER:|\bZAHLUNGSEMPF(?:Ä|AE)NGER:|\bEMPF(?:Ä|AE)NGER:|\bBEG(?:Ü|UE)NSTIGTER:`,
  ],
  ['abwa', String.raw`\bABWA\+`],
  ['abwe', String.raw`\bABWE\+`],
  ['other', String.raw`\bIBAN[+:]|\/IBAN\/|\bBIC[+:]|\/BIC\/|\/TRTP\/|\bDEBT\+|\bCOAM\+|\bOAMT\+|\bPURP\+`],
];

const LABEL_RE = new RegExp(LABELS.map(([, source]) => `(${source})`).join('|'), 'gi');

function fieldOf(m: RegExpExecArray): SepaField {
  // One group per label, in LABELS' order; the one that took part names the field.
  for (let group = 1; group < m.length; group++) if (m[group] !== undefined) return LABELS[group - 1]![0];
  return 'other';
}

const SEPARATORS_AROUND = /^[\s/:]+|[\s/]+$/g;
const SEPARATOR = /[\s/]/;

/** Every labelled field of the line, values trimmed of separators. */
export function readSepaFields(text: string): SepaFields {
  const fields: SepaFields = new Map();
  // exec on the shared global regex: matchAll would clone it on every call.
  LABEL_RE.lastIndex = 0;
  for (let label = LABEL_RE.exec(text); label; ) {
    const field = fieldOf(label);
    const valueStart = label.index + label[0].length;
    const next = LABEL_RE.exec(text);
    const value = text.slice(valueStart, next?.index ?? text.length).replace(SEPARATORS_AROUND, '');
    if (field !== 'other' && value && !fields.has(field)) fields.set(field, value);
    label = next;
  }
  return fields;
}

/** The first word of a field's value: a reference or id never contains a space. */
export function firstToken(value: string | undefined): string | null {
  if (value === undefined) return null;
  const end = value.search(SEPARATOR);
  return (end < 0 ? value : value.slice(0, end)) || null;
}
