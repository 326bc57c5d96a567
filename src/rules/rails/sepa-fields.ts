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
  const index = m.slice(1).findIndex((g) => g !== undefined);
  return LABELS[index]![0];
}

/** Every labelled field of the line, values trimmed of separators. */
export function readSepaFields(text: string): SepaFields {
  const fields: SepaFields = new Map();
  const found = [...text.matchAll(LABEL_RE)];
  found.forEach((m, i) => {
    const field = fieldOf(m);
    const end = found[i + 1]?.index ?? text.length;
    const value = text.slice(m.index + m[0].length, end).replace(/^[\s/:]+|[\s/]+$/g, '');
    if (field !== 'other' && value && !fields.has(field)) fields.set(field, value);
  });
  return fields;
}

/** The first word of a field's value: a reference or id never contains a space. */
export function firstToken(value: string | undefined): string | null {
  return value?.split(/[\s/]/)[0] || null;
}
