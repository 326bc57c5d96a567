/**
 * Words that fix a transaction's type whatever rail carried it, by the contract's precedence
 * REFUND > PAYROLL > INTEREST > FEE > ATM > CHECK (a fee reversal is a REFUND; payroll paid by
 * ACH is PAYROLL), in English, German, French, Spanish and Portuguese; and own-account moves.
 */

import { gated } from '../common/keyword-gate.ts';
import type { TransactionType } from '../contract/records.ts';

export type MarkerType = Extract<TransactionType, 'REFUND' | 'PAYROLL' | 'INTEREST' | 'FEE' | 'ATM' | 'CHECK'>;

export type TypeMarker = {
  type: MarkerType;
  confidence: number;
  rule: string;
  /** For CHECK: the check number, the line's reference. */
  checkNumber: string | null;
};

type Rule = { type: MarkerType; re: RegExp; confidence: number; name: string };

// Precedence order; within a type, the surer wording first.
const RULES: readonly Rule[] = [
  {
    type: 'REFUND',
    name: 'refund',
    confidence: 0.95,
    re: /\b(?:REFUND(?:ED)?|RFND|CHARGE ?BACK|REEMBOLSO|REMBOURSEMENT|REMB|DEVOLUCI[OÓ]N|DEVOLU[ÇC][ÃA]O|ESTORNO|FEE REVERSAL|REVERSAL OF FEE|(?:PURCHASE|MERCHANDISE|MERCH) RETURN|RETURN CREDIT|DISPUTE CREDIT)\b|ERSTATTUNG|R(?:Ü|UE)CK(?:BUCHUNG|LASTSCHRIFT)/i,
  },
  { type: 'REFUND', name: 'reversal', confidence: 0.85, re: /\bREVERSAL\b|\bREVERSED\b|\bSTORNO\b/i },
  {
    type: 'PAYROLL',
    name: 'payroll',
    confidence: 0.96,
    re: /\b(?:PAYROLL|PAYRL|SALARY|GEHALT|LOHN|BEZ(?:Ü|UE)GE|SALAIRE|N[OÓ]MINA|SAL[AÁ]RIO|WAGES?)\b/i,
  },
  { type: 'PAYROLL', name: 'direct-deposit', confidence: 0.9, re: /\bDIR(?:ECT)?\s?DEP(?:OSIT)?\b/i },
  {
    type: 'INTEREST',
    name: 'interest',
    confidence: 0.95,
    re: /\b(?:INTEREST|JUROS|INTERESES|INT[ÉE]R[ÊE]TS|INTERESSI|RENDIMENTOS?|RENTE(?:BIJSCHRIJVING)?|SB INT|INT\.? (?:CREDIT|PAID|PD|EARNED)|(?:HABEN|SOLL|DISPO|(?:UE|Ü)BERZIEHUNGS)?ZINS(?:EN|GUTSCHRIFT|ABSCHLUSS)?)\b/i,
  },
  {
    type: 'FEE',
    name: 'fee',
    confidence: 0.95,
    re: /\b(?:FEES?|CHARGES|KOSTEN|SERVICE CHARGE|SVC CHG|SERVICE CHG|MAINTENANCE CHARGE|OVERDRAFT CHARGE|COMMISSION|FRAIS|COTISATION|COMISI[OÓ]N|TARIFA|ANUIDADE)\b|GEB(?:Ü|UE)HR|KONTOF(?:Ü|UE)HRUNG|ENTGELT\b/i,
  },
  {
    type: 'ATM',
    name: 'atm',
    confidence: 0.96,
    re: /\b(?:ATM|ABM|CASH WITHDRAWAL|CASH WDL|GELDAUTOMAT|GELDAUTOMAAT|GEA|BARGELDAUSZAHLUNG|BARGELD|GAA|RETRAIT DAB|DAB|CAJERO|SAQUE|CASH MACHINE|CASHPOINT)\b/i,
  },
  {
    type: 'CHECK',
    name: 'check',
    confidence: 0.9,
    re: /\b(?:CHECK|CHEQUE|CHQ|CHK|SCHECK|CH[ÈE]QUE)\b(?!\s?CARD)(?:\s*(?:#|NO\.?|NUM(?:BER)?|NR\.?)?\s*[:#]?\s*(\d{3,10})\b)?/i,
  },
];

const OWN_ACCOUNT_RE = gated(
  /\b(?:OWN (?:ACCOUNT|ACCT|A\/C)|EIGEN REKENING|BETWEEN (?:MY )?ACCOUNTS|INTERNAL TRANSFER|(?:ONLINE )?TRANSFER (?:TO|FROM) (?:CHK|CHECKING|SAV|SAVINGS)\b|UMBUCHUNG|(?:UE|Ü)BERTRAG|VIREMENT INTERNE|COMPTE A COMPTE|TRASPASO|ENTRE CONTAS|MESMA TITULARIDADE)/i,
);

// A line holds the words of a few rules at most: each rule is tried only on lines that hold one of its words.
const GATED_RULES = RULES.map((rule) => ({ ...rule, re: gated(rule.re) }));

/** The highest-precedence type marker in the text (among `only`, when given), or null. */
export function findTypeMarker(text: string, only?: ReadonlySet<MarkerType>): TypeMarker | null {
  for (const rule of GATED_RULES) {
    if (only && !only.has(rule.type)) continue;
    const m = rule.re.exec(text);
    if (!m) continue;
    const checkNumber = rule.type === 'CHECK' ? (m[1] ?? null) : null;
    // A check without its number might be "CHECK DEPOSIT" or an order-check merchant.
    const confidence = rule.type !== 'CHECK' ? rule.confidence : checkNumber ? 0.95 : 0.75;
    const weak = weakPlacement(text, m.index, m[0].length, rule.type);
    return weak
      ? { type: rule.type, confidence: Math.min(confidence, WEAK_CUE_CONFIDENCE), rule: `type:${rule.name}+${weak}`, checkNumber }
      : { type: rule.type, confidence, rule: `type:${rule.name}`, checkNumber };
  }
  return null;
}

/** A marker the rules are not sure of: it sets the type as a hint, never alone. */
const WEAK_CUE_CONFIDENCE = 0.8;
/** A line names what it is in its first words ("MONTHLY SERVICE FEE", "GROSS INTEREST ..."). */
const HEAD_WORDS = 5;

/** Types that also print as a part of another transaction: its charges, its accrued interest. */
const COMPONENT_TYPES: ReadonlySet<MarkerType> = new Set(['FEE', 'INTEREST']);

/**
 * Why a marker word may not be the line's own type: it names a field ("Charges: OUR", "FEE:")
 * of a larger record, or a fee or interest word comes late in the line, after the words that say
 * what the line is ("... WIRE FEE USD 25.00" on a wire advice). Null when the placement is strong.
 */
function weakPlacement(text: string, index: number, length: number, type: MarkerType): string | null {
  if (/^\s*:/.test(text.slice(index + length, index + length + 3))) return 'label';
  if (!COMPONENT_TYPES.has(type)) return null;
  const wordsBefore = text
    .slice(0, index)
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w)).length;
  return wordsBefore >= HEAD_WORDS ? 'late' : null;
}

/** A move between the account holder's own accounts: TRANSFER, and no counterparty. */
export function isOwnAccountTransfer(text: string): boolean {
  return OWN_ACCOUNT_RE.test(text);
}
