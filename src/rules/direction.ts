/**
 * DEBIT (money out) or CREDIT (money in), from independent pieces of evidence:
 * - the posted amount's own mark: CR/DR, Af/Bij (explicit, 0.97), a trailing minus (a statement
 *   debit, 0.9), parentheses (a credit reversal on card feeds, 0.75), a leading minus or plus
 *   (debit/credit on statements, but the other way round on some card feeds, so 0.75);
 * - the rail's structure (UPI/CR, NEFT DR, Fedwire B/O), given by the rail parser;
 * - wording in en/de/fr/es/pt: RECEIVED, GUTSCHRIFT, RECEBIDO, PAYROLL → CREDIT; PAYMENT TO,
 *   LASTSCHRIFT, WITHDRAWAL, ENVIADO, ACHAT CB → DEBIT; "<rail> CREDIT/DEBIT" is near explicit.
 * Agreeing evidence adds up (noisy-or, capped at 0.99); disagreeing evidence leaves the stronger
 * side with a confidence that says a second opinion is needed. A card purchase with no marker at
 * all is a DEBIT at 0.85: likely, not certain (refunds print without markers too).
 */

import { gated } from '../common/keyword-gate.ts';
import type { Direction } from '../contract/records.ts';
import type { AmountSign } from './amount-candidates.ts';
import type { FieldReading } from './rules-result.ts';

export type DirectionEvidence = { value: Direction; strength: number; rule: string };

type KeywordRule = { value: Direction; strength: number; name: string; re: RegExp };

// biome-ignore format: data laid out by hand as a table, to read down
const KEYWORDS: readonly KeywordRule[] = [
  { value: 'CREDIT', strength: 0.95, name: 'rail-credit', re: /\b(?:ACH|WIRE|FEDWIRE|DIRECT|BOOK|SWIFT|TRANSFER|XFER|MISC|DEPOSIT|RTP|FPS|BACS|ZELLE)\s+(?:CREDIT|CR)\b/i },
  { value: 'DEBIT', strength: 0.95, name: 'rail-debit', re: /\b(?:ACH|WIRE|FEDWIRE|BOOK|SWIFT|TRANSFER|XFER|MISC|POS|RTP|FPS|BACS)\s+(?:DEBIT|DR)\b/i },
  { value: 'CREDIT', strength: 0.95, name: 'received', re: /\b(?:RECEIVED|RECEBID[OA]|RECIBID[OA]|RE[CÇ]U|INCOMING|PAYMENT FROM|TRANSFER FROM|TRANSFERENCIA DE|GUTSCHRIFT|EINZAHLUNG|EINGANG|INGRESO|ABONO|DEP[OÓ]SITO|DEPOSIT)\b/i },
  { value: 'CREDIT', strength: 0.95, name: 'refund', re: /\b(?:REFUND(?:ED)?|REEMBOLSO|REMBOURSEMENT|DEVOLUCI[OÓ]N|DEVOLU[ÇC][ÃA]O|ESTORNO|CHARGE ?BACK|CASHBACK|RETURN CREDIT|DISPUTE CREDIT|REVERSAL|REVERSED)\b|ERSTATTUNG|R(?:Ü|UE)CK(?:LASTSCHRIFT|BUCHUNG)/i },
  { value: 'CREDIT', strength: 0.93, name: 'income', re: /\b(?:PAYROLL|SALARY|DIR(?:ECT)?\s?DEP(?:OSIT)?|GEHALT|LOHN|SALAIRE|N[OÓ]MINA|SAL[AÁ]RIO|INTEREST (?:PAID|EARNED|CREDIT(?:ED)?)|HABENZINSEN|ZINSGUTSCHRIFT|RENDIMENTOS?|RENTEBIJSCHRIJVING|GROSS INTEREST|INTEREST PAYMENT|(?:SB )?INT\.? CREDIT|CREDIT INTEREST|PAYMENT THANK YOU|PAYMENT RECEIVED|UMBUCHUNG VON|TRF FROM)\b/i },
  { value: 'CREDIT', strength: 0.8, name: 'interest', re: /\b(?:INTEREST|JUROS|INTERESES|INT[ÉE]R[ÊE]TS|ZINSEN)\b(?!\s+(?:CHARGE|CHARGED|DEBIT))/i },
  { value: 'DEBIT', strength: 0.95, name: 'sent', re: /\b(?:PAYMENT TO|TRANSFER TO|SENT|ENVIAD[OA]|EMITID[OA]|EMIS|OUTGOING|BILL ?PAY(?:MENT)?|AUTOPAY|AUTO-PAY)\b|(?<!\p{L})ÉMIS(?!\p{L})/iu },
  // A German statement prints an incoming transfer as GUTSCHRIFT; a bare ÜBERWEISUNG goes out.
  { value: 'DEBIT', strength: 0.8, name: 'ueberweisung', re: /^(?!.*(?:GUTSCHRIFT|EINGANG)).*?(?:UE|Ü)BERWEISUNG/i },
  { value: 'DEBIT', strength: 0.93, name: 'withdrawal', re: /\b(?:WITHDRAWAL|WITHDRAW|WDL|WITHDRW|W\/D|ABHEBUNG|AUSZAHLUNG|RETRAIT|RETIRADA|RETIRO|SAQUE|CASH WITHDRAWAL|GELDAUTOMAAT|GELDAUTOMAT|UMBUCHUNG AUF|TRF TO)\b|BARGELDAUSZAHLUNG/i },
  { value: 'DEBIT', strength: 0.93, name: 'direct-debit', re: /(?:^|[^\p{L}])(?:LASTSCHRIFT|ABBUCHUNG|PRLV|PR[ÉE]L[ÈE]VEMENT|ADEUDO|DOMICILIACI[OÓ]N|D[ÉE]BITO AUTOM[ÁA]TICO|DIRECT DEBIT)(?!\p{L})/iu },
  { value: 'DEBIT', strength: 0.9, name: 'purchase', re: /\b(?:PURCHASE|ACHAT|COMPRA|KARTENZAHLUNG|PAIEMENT CB|DEBIT CARD|CHECKCARD)\b|^CB\b|^POS\b/i },
  // A bank charge only ever takes money out; its reversal is a REFUND, read separately.
  { value: 'DEBIT', strength: 0.95, name: 'charge', re: /\b(?:FEES?|CHARGES|KOSTEN|SERVICE CHARGE|SVC CHG|INTEREST CHARGED?|SOLLZINSEN|FRAIS|COMMISSION|COMISI[OÓ]N|TARIFA|CARGO|ANUIDADE)\b|GEB(?:Ü|UE)HR|ENTGELT\b/i },
  { value: 'DEBIT', strength: 0.9, name: 'atm', re: /\b(?:ATM|ABM)\b(?!\s+(?:DEPOSIT|CREDIT))/i },
  // A numbered check on the account's own statement is one it wrote; deposited checks say so.
  { value: 'DEBIT', strength: 0.9, name: 'check', re: /\b(?:CHECK|CHEQUE|CHQ)\b(?!\s?(?:CARD|DEPOSIT))\s*(?:#|NO\.?)?\s*\d/i },
];

// biome-ignore format: data laid out by hand as a table, to read down
const SIGN_EVIDENCE: Readonly<Record<AmountSign, DirectionEvidence>> = {
  CR: { value: 'CREDIT', strength: 0.97, rule: 'direction:amount-CR' },
  DR: { value: 'DEBIT', strength: 0.97, rule: 'direction:amount-DR' },
  parentheses: { value: 'CREDIT', strength: 0.75, rule: 'direction:parentheses' },
  minus: { value: 'DEBIT', strength: 0.75, rule: 'direction:minus' },
  plus: { value: 'CREDIT', strength: 0.75, rule: 'direction:plus' },
  // A trailing minus is a statement convention for debits; card feeds that sign credits use a
  // leading minus, hence the lower weight of that one.
  'trailing-minus': { value: 'DEBIT', strength: 0.9, rule: 'direction:trailing-minus' },
};

// A line holds the words of a few rules at most: each rule is tried only on lines that hold one of its words.
const GATED_KEYWORDS = KEYWORDS.map((k) => ({ ...k, re: gated(k.re) }));

/** Evidence from the wording of the line, one entry per rule that matched. */
export function keywordEvidence(text: string): DirectionEvidence[] {
  return GATED_KEYWORDS.filter((k) => k.re.test(text)).map((k) => ({ value: k.value, strength: k.strength, rule: `direction:${k.name}` }));
}

export function signEvidence(sign: AmountSign | null): DirectionEvidence[] {
  return sign ? [SIGN_EVIDENCE[sign]] : [];
}

const noisyOr = (strengths: number[]) => 1 - strengths.reduce((p, s) => p * (1 - s), 1);
const round = (n: number) => Math.round(n * 1000) / 1000;

/** Combines evidence; `fallback` speaks only when nothing else does (a card line is a DEBIT). */
export function combineDirection(evidence: DirectionEvidence[], fallback: DirectionEvidence | null): FieldReading<'direction'> {
  const credit = evidence.filter((e) => e.value === 'CREDIT');
  const debit = evidence.filter((e) => e.value === 'DEBIT');
  if (credit.length === 0 && debit.length === 0) {
    return fallback
      ? { value: fallback.value, confidence: fallback.strength, rule: fallback.rule }
      : { value: null, confidence: 0.3, rule: 'direction:no-evidence' };
  }
  const [win, lose] = noisyOr(credit.map((e) => e.strength)) >= noisyOr(debit.map((e) => e.strength)) ? [credit, debit] : [debit, credit];
  const winScore = noisyOr(win.map((e) => e.strength));
  const top = win.reduce((a, b) => (b.strength > a.strength ? b : a));
  if (lose.length === 0) return { value: top.value, confidence: round(Math.min(0.99, winScore)), rule: win.map((e) => e.rule).join('+') };
  // Contradicting evidence: keep the stronger side, but never confidently.
  const margin = winScore - noisyOr(lose.map((e) => e.strength));
  return { value: top.value, confidence: round(Math.min(0.7, 0.4 + margin)), rule: `${top.rule}+contradicted` };
}
