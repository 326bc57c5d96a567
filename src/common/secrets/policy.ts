/**
 * The secrets the service masks or refuses, and how eagerly each use looks for them. What a wrong
 * find costs decides it: in a narrative it destroys a reference or an amount the extraction is
 * scored on; in an identifier it sends a good record to the dead letters; in a dead letter it
 * hides a character a person fixing the producer might have read. The three uses below are the
 * only ones; where they differ, they differ on purpose.
 */

export type SecretKind = 'CARD' | 'IBAN' | 'EMAIL' | 'PHONE';

/** A secret's place in a text: [start, end) in UTF-16 units. */
export type SecretSpan = { start: number; end: number; kind: SecretKind };

export type SecretPolicy = {
  /**
   * 'strict': only what cannot be read as a reference or an amount: a card in the groupings cards
   * are printed in (card-number.ts) and never after a SEPA id tag (EREF+, MREF+, …, whose value is
   * the party's id); an IBAN compact or in equal groups of 4–6.
   * 'broad': a card's digit groups in any sizes, joined by up to three characters that are neither
   * letters nor digits, after any tag; an IBAN's groups of any width.
   */
  reading: 'strict' | 'broad';
  /**
   * Whether a card or IBAN glued to letters counts: a card then only at the lengths cards are
   * issued at (CARD4111…, …1111EXP1228), an IBAN after its label (IBANDE89…) or before a word
   * (…013000BIC). Either must still not touch a digit: that is a longer number.
   */
  glued: boolean;
  /** Whether phone numbers are looked for (cards, IBANs and e-mail addresses always are). */
  phones: boolean;
};

/**
 * Narratives are read strictly, as a wrong find destroys a scored field, and banks print
 * references, dates and amounts in every grouping and glued to letters (SBINR22027020157682098).
 * Glued cards still count at the lengths cards are issued at: a card is printed so too.
 */
export const IN_NARRATIVES: SecretPolicy = { reading: 'strict', glued: true, phones: true };

/**
 * Identifiers are read broadly, as a wrong find costs one dead letter, but never glued: ids are
 * often hex hashes and prefixed ids (d41d8cd98f00b204e9800998ecf8427e, TXN4111…), whose digit
 * runs can pass the checks by chance, and a refused id refuses its record. No phone numbers: the
 * contract names cards, IBANs and e-mail addresses, and a phone's shapes (a "+" and digits,
 * 866-579-7172) are those of plain numeric ids.
 */
export const IN_IDENTIFIERS: SecretPolicy = { reading: 'broad', glued: false, phones: false };

/**
 * Dead letters, and the decoder messages that become their reasons, are read broadly and glued:
 * a stray mask costs a few characters a person fixing the producer might have read (now and then
 * an amount and a date, as "USD412.07 12/07/2026" reads as a 13-digit card glued to USD), while a
 * card left in them is kept in clear as long as the input topic.
 */
export const IN_DEAD_LETTERS: SecretPolicy = { reading: 'broad', glued: true, phones: true };
