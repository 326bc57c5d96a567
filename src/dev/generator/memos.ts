/**
 * Free-text memos people and companies write on transfers, per language. A rent memo makes a
 * person-to-person transfer RENT instead of TRANSFER (the contract's convention). Memos may use
 * `{MON}`, the month of the transaction.
 */
export type Memo = { text: string; rent: boolean };
export type Language = 'en' | 'de' | 'fr' | 'es' | 'nl' | 'pt';

const memos = (rent: readonly string[], other: readonly string[]): readonly Memo[] => [
  ...rent.map((text) => ({ text, rent: true })),
  ...other.map((text) => ({ text, rent: false })),
];

export const PERSON_MEMOS: Readonly<Record<Language, readonly Memo[]>> = {
  en: memos(
    ['Rent {MON}', 'FLAT 3 RENT'],
    ['Dinner', 'Thanks', 'Concert tickets', 'Birthday gift', 'Groceries', 'Utilities share', 'Cab share'],
  ),
  de: memos(['Miete {MON}', 'Miete Wohnung 2'], ['Abendessen', 'Geschenk', 'Danke', 'Anteil Urlaub', 'Konzertkarten', 'Auslage']),
  fr: memos(['Loyer {MON}', 'Loyer appartement'], ['Remboursement resto', 'Cadeau', 'Vacances', 'Courses', 'Merci']),
  es: memos(['alquiler {MON}', 'alquiler piso'], ['cena', 'regalo', 'loteria', 'cumple', 'gasolina', 'entradas']),
  nl: memos(['huur {MON}', 'huur kamer'], ['etentje', 'cadeau', 'tikkie', 'boodschappen', 'bedankt']),
  pt: memos(['aluguel {MON}', 'aluguel apto'], ['jantar', 'presente', 'churrasco', 'mercado', 'valeu']),
};

/** What a business writes when it pays or is paid; no ids, so the reference stays unambiguous. */
export const BUSINESS_MEMOS: Readonly<Record<Language, readonly string[]>> = {
  en: ['INVOICE PAYMENT', 'PAYMENT FOR SERVICES', 'SUPPLIER PAYMENT', 'CONSULTING FEES {MON}'],
  de: ['Rechnung {MM/YYYY}', 'Zahlung Auftrag', 'Honorar {MON}', 'Lieferung Ware'],
  fr: ['FACTURE {MM/YYYY}', 'REGLEMENT PRESTATION', 'HONORAIRES {MON}'],
  es: ['FACTURA {MM/YYYY}', 'PAGO SERVICIOS', 'PAGO PROVEEDOR'],
  nl: ['FACTUUR {MM/YYYY}', 'BETALING DIENSTEN', 'LEVERING'],
  pt: ['PAGAMENTO FORNECEDOR', 'SERVICOS PRESTADOS', 'NF {MM/YYYY}'],
};

/** Rent memos roughly one time in six, as in real person-to-person traffic. */
export function memoWeights(list: readonly Memo[]): (readonly [Memo, number])[] {
  const rent = list.filter((m) => m.rent).length;
  const other = list.length - rent;
  return list.map((m) => [m, m.rent ? 1 / (6 * rent) : 5 / (6 * other)] as const);
}
