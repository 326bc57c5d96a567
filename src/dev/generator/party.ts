/**
 * Counterparties — merchants, billers, people, employers, businesses — and how a line prints
 * them. The truth counterparty is `name`, except where a fixed-width field cuts the printed name:
 * then it is the whole words still visible, as the contract says.
 */
import type { Category } from '../../contract/records.ts';
import type { Country } from './markets.ts';
import { caps } from './printing.ts';
import { hash32, type Random } from './random.ts';

export type PartyKind = 'merchant' | 'biller' | 'person' | 'employer' | 'business';

export type Party = {
  id: string;
  /** The truth counterparty: the name a person would use ("Blue Bottle Coffee"). */
  name: string;
  kind: PartyKind;
  /** Where it trades; GLOBAL for online brands that appear in every market. */
  country: Country | 'GLOBAL';
  /** What paying this party is. Money received from a business or employer is INCOME instead. */
  category: Category;
  /**
   * Printed descriptors, the first the most common. `{NAME}` prints the name in capitals and is
   * the only part a fixed-width field cuts; `{store}` is a store number; `{order}` an order id,
   * which is the line's reference.
   */
  forms: readonly string[];
  /** City and state, or the web address or phone number card lines print after the descriptor. */
  where?: string;
  /** Typical spend in major units, drawn log-uniformly. */
  spend: readonly [number, number];
  /** Fixed prices, for subscriptions; replaces `spend` when present. */
  prices?: readonly number[];
  /** Parties with the same label print alike but differ in counterparty or category. */
  twin?: string;
};

/** A price for one purchase, in minor units. */
export function spendOf(party: Pick<Party, 'spend' | 'prices'>, rng: Random): number {
  if (party.prices) return Math.round(rng.pick(party.prices) * 100);
  return Math.max(1, Math.round(rng.logUniform(party.spend[0], party.spend[1]) * 100));
}

export type Printed = { text: string; counterparty: string; reference: string | null };

/** Prints one of the party's descriptors, cut to `width` when the form prints `{NAME}`. */
export function printDescriptor(party: Party, rng: Random, width = Number.POSITIVE_INFINITY): Printed {
  const form = rng.weighted(party.forms.map((f, i) => [f, i === 0 ? 3 : 1] as const));
  let reference: string | null = null;
  const text = form.replace('{store}', () => storeNumber(party.id, rng)).replace('{order}', () => (reference = orderId(rng)));
  const at = text.indexOf('{NAME}');
  if (at < 0) return { text, counterparty: party.name, reference };
  const full = text.replace('{NAME}', caps(party.name));
  if (full.length <= width) return { text: full, counterparty: party.name, reference };
  const visible = visibleWords(party.name, at, width);
  if (visible.length === 0) return { text: full, counterparty: party.name, reference };
  return { text: full.slice(0, width).trimEnd(), counterparty: visible.join(' '), reference };
}

/** The words of `name` printed whole when it starts at column `start` of a `width`-wide field. */
function visibleWords(name: string, start: number, width: number): string[] {
  const visible: string[] = [];
  let position = start;
  for (const word of name.split(' ')) {
    position += caps(word).length;
    if (position > width) break;
    visible.push(word);
    position += 1;
  }
  return visible;
}

/** One of four store numbers per merchant, so a merchant's lines recur without being identical. */
function storeNumber(partyId: string, rng: Random): string {
  const n = hash32(`${partyId}#${rng.int(0, 3)}`);
  return String(n % 100_000).padStart(5, '0');
}

function orderId(rng: Random): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let id = String(rng.int(1, 9));
  for (let i = 0; i < 6; i++) id += alphabet[rng.int(0, alphabet.length - 1)];
  return id;
}

/**
 * How a line writes a person's name: in full, initial and surname ("J SMITH"), surname first.
 * The truth is what is visible: an initial stays an initial ("J Smith").
 */
export type PersonStyle = 'full' | 'initial' | 'surnameFirst' | 'surnameComma' | 'asWritten';

export function printPerson(name: string, style: PersonStyle): { text: string; counterparty: string } {
  const [first = '', ...rest] = name.split(' ');
  const surname = rest.join(' ');
  switch (style) {
    case 'full':
      return { text: caps(name), counterparty: name };
    case 'initial':
      return { text: `${caps(first).charAt(0)} ${caps(surname)}`, counterparty: `${first.charAt(0)} ${surname}` };
    case 'surnameFirst':
      return { text: `${caps(surname)} ${caps(first)}`, counterparty: name };
    case 'surnameComma':
      return { text: `${surname}, ${first}`, counterparty: name };
    case 'asWritten':
      return { text: name, counterparty: name };
  }
}
