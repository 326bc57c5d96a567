/**
 * The port every rail module implements, and the helpers they share. A rail is one payment
 * scheme or print format in one market; it turns a drawn counterparty, a date and the source's
 * layout into a narrative and the truth the contract says a correct extraction returns.
 */
import type { Category, Direction, ExtractedFields, TransactionType } from '../../../contract/records.ts';
import type { Country, Market } from '../markets.ts';
import { BUSINESS_MEMOS, type Memo, memoWeights, PERSON_MEMOS } from '../memos.ts';
import { type Party, type PartyKind, type PersonStyle, type Printed, printDescriptor, printPerson } from '../party.ts';
import { type AmountStyle, contractAmount, fill, money, printsDate, type SignNotation, signed } from '../printing.ts';
import type { Random } from '../random.ts';

export type RailInput = {
  rng: Random;
  /**
   * ISO date the money moved, on or up to four days before the statement date — so a line that
   * prints no year reads right with the statement's year (or the one before, in early January).
   */
  date: string;
  /** The source's print layout; it changes when the source changes its template. */
  layout: number;
  /** Drawn by popularity from the rail's pool; null when the rail has no pool. */
  party: Party | null;
  /**
   * Plants an instruction inside a free-text field (the memo trap), or leaves it as it is. Only
   * layouts with a free-text field in the middle of the line call it, with the line's amounts.
   */
  plant?: MemoPlanter;
};

/** What a planted instruction may name instead of the truth: another amount, another counterparty. */
export type PlantContext = {
  /** The amount that moved, in minor units. */
  cents: number;
  /** The other amounts the line prints (balance, fee, instructed amount), in minor units. */
  others: readonly number[];
  /** The truth counterparty, which a planted one must differ from. */
  counterparty: string | null;
};

export type MemoPlanter = (memo: string, context: PlantContext) => string;

/** The memo as printed: with an instruction planted in it when the generator asks for one. */
export function plantedMemo(input: RailInput, memo: string, context: PlantContext): string {
  return input.plant ? input.plant(memo, context) : memo;
}

export type RailOutput = { narrative: string; fields: ExtractedFields };

/** Which counterparties a rail draws on. Deliberately not a function: pools are data the generator ranks. */
export type PoolSpec = { kinds: readonly PartyKind[]; countries: readonly (Country | 'GLOBAL')[] };

export type Rail = {
  /** The scheme or format family, one per module ("sepa-credit"). */
  rail: string;
  /** This variant ("sepa-credit/de"); sources name rails by it. */
  id: string;
  /** Locale and account currency of the lines it writes. */
  market: Market;
  pool: PoolSpec | null;
  /** How many print layouts it has; a source's layout number is taken modulo this. */
  layouts: number;
  /** Names of the layouts, for reports; unnamed layouts are known by their index. */
  layoutNames?: readonly string[];
  render(input: RailInput): RailOutput;
};

/** The print format a layout number selects: `<rail id>#<layout name or index>`. */
export function formatOf(rail: Rail, layout: number): string {
  const index = layout % rail.layouts;
  return `${rail.id}#${rail.layoutNames?.[index] ?? index}`;
}

export type Truth = {
  date: string | null;
  cents: number;
  currency: string;
  direction: Direction;
  counterparty: string | null;
  type: TransactionType;
  reference: string | null;
  category: Category;
};

export function truth(t: Truth): ExtractedFields {
  return {
    transaction_date: t.date,
    amount: contractAmount(t.cents),
    currency: t.currency,
    direction: t.direction,
    counterparty: t.counterparty,
    transaction_type: t.type,
    reference: t.reference,
    category: t.category,
  };
}

export function partyOf(input: RailInput): Party {
  if (!input.party) throw new Error('this rail draws a counterparty; the generator passed none');
  return input.party;
}

export function layoutOf<T>(layouts: readonly T[], layout: number): T {
  return layouts[layout % layouts.length]!;
}

/** The contract's category for money moving to or from a party. */
export function categoryFor(party: Party, direction: Direction, rentMemo = false): Category {
  switch (party.kind) {
    case 'person':
      return rentMemo ? 'RENT' : 'TRANSFER';
    case 'employer':
      return 'INCOME';
    case 'business':
      return direction === 'CREDIT' ? 'INCOME' : party.category;
    default:
      return party.category;
  }
}

/** What the payer wrote, in the market's language: a person's memo, or a business's (never rent). */
export function memoFor(input: RailInput, market: Market): Memo {
  const { rng } = input;
  const slots = { date: input.date, months: market.months };
  if (partyOf(input).kind !== 'person') return { text: fill(rng.pick(BUSINESS_MEMOS[market.language]), slots), rent: false };
  const memo = rng.weighted(memoWeights(PERSON_MEMOS[market.language]));
  return { text: fill(memo.text, slots), rent: memo.rent };
}

/** A rent memo sets the category only when the layout prints the memo. */
export function rentShown(layout: Layout, memo: Memo): boolean {
  return memo.rent && (layout.template.includes('{memo}') || layout.template.includes('{note}'));
}

/** Money received or paid, roughly half each, for rails where both happen. */
export function eitherDirection(rng: Random, creditShare = 0.5): Direction {
  return rng.chance(creditShare) ? 'CREDIT' : 'DEBIT';
}

/** Rounds to whole units some of the time: people transfer round sums. */
export function roundSome(rng: Random, cents: number, share = 0.5): number {
  return rng.chance(share) ? Math.max(100, Math.round(cents / 100) * 100) : cents;
}

/**
 * One print layout as data. `{amt}` is the amount (in `amount` style, marked by `sign`); other
 * slots come from the rail's vars or are date patterns. `ref` names the vars that can hold the
 * reference, best first; only printed ones count, and NOTPROVIDED does not (SEPA's convention).
 */
export type Layout = { template: string; ref?: readonly string[]; amount?: AmountStyle; sign?: SignNotation };

export type Rendered = { narrative: string; date: string | null; reference: string | null };

export type RenderContext = { input: RailInput; market: Market; cents: number; direction: Direction };

export function renderLayout(layout: Layout, vars: Readonly<Record<string, string>>, ctx: RenderContext): Rendered {
  const amt = signed(money(ctx.cents, layout.amount ?? ctx.market.amount), ctx.direction, layout.sign ?? 'none');
  const text = fill(layout.template, { vars: { ...vars, amt }, date: ctx.input.date, months: ctx.market.months });
  const printed = (layout.ref ?? []).filter((key) => layout.template.includes(`{${key}}`));
  const reference = printed.map((key) => vars[key]).find((v) => v !== undefined && v !== '' && v !== 'NOTPROVIDED');
  return { narrative: squash(text), date: printsDate(layout.template) ? ctx.input.date : null, reference: reference ?? null };
}

/** Collapses the runs of spaces that empty slots leave, line by line. */
function squash(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n');
}

/** Prints a person in `person` style, anyone else by their descriptor cut to `width`. */
export function printCounterparty(party: Party, rng: Random, options: { person?: PersonStyle; width?: number } = {}): Printed {
  if (party.kind !== 'person') return printDescriptor(party, rng, options.width);
  return { ...printPerson(party.name, options.person ?? 'full'), reference: null };
}
