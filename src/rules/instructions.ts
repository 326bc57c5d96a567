/**
 * Text addressed to a model rather than written by a bank ("IGNORE PREVIOUS INSTRUCTIONS ...",
 * "SYSTEM: ...", "</narrative>", "transaction_type=REFUND"). No bank narrative speaks this way, and
 * the words that follow ("direction is CREDIT", "RICHTUNG GUTSCHRIFT") would otherwise read as
 * transaction words, so the rules read only the text before it. Nothing in it is ever obeyed.
 */

const INSTRUCTION_RE = new RegExp(
  [
    String.raw`\bIGNORE\b[^.]{0,40}?\b(?:INSTRUCTIONS?|RULES|PROMPT|ABOVE)\b`,
    String.raw`\b(?:IGNORIERE|IGNOREZ|IGNORA|NEGEER|DISREGARD)\b`,
    String.raw`(?:^|\s)(?:SYSTEM|SYSTEME|SYSTÈME|SISTEMA|ASSISTANT)\s*:`,
    String.raw`<\/?\s*(?:narrative|system|instructions?|prompt|user)\s*>`,
    String.raw`#{2,}\s*(?:NEW\s+)?INSTRUCTIONS?\b`,
    String.raw`\b(?:NEW|PREVIOUS|PRIOR)\s+INSTRUCTIONS?\b`,
    String.raw`\b(?:transaction_type|transaction_date|counterparty|category|direction|reference)\s*=`,
    String.raw`\{\s*"(?:amount|currency|direction|counterparty|category|reference|transaction_type|transaction_date)"\s*:`,
  ].join('|'),
  'i',
);

export type Cleaned = { text: string; cut: boolean };

/** The narrative up to the first instruction-like passage. */
export function withoutInstructions(text: string): Cleaned {
  const m = INSTRUCTION_RE.exec(text);
  return m ? { text: text.slice(0, m.index).trimEnd(), cut: true } : { text, cut: false };
}
