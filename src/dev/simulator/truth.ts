/**
 * The answers the simulated models know: each narrative's true fields, looked up by the text the
 * request carries. The service masks secrets and collapses white space before it sends a line, so
 * besides the exact text a lookup also accepts the same line with white space collapsed and with
 * [CARD], [IBAN], [EMAIL] or [PHONE] standing where the truth's text has the secret.
 */
import type { ExtractedFields } from '../../contract/records.ts';

export type TruthPair = { text: string; fields: ExtractedFields };

const MASK_TOKEN = /\[(?:CARD|IBAN|EMAIL|PHONE)\]/g;
const HAS_MASK = /\[(?:CARD|IBAN|EMAIL|PHONE)\]/;
const WORD = /[A-Za-z]{4,}/g;

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class TruthTable {
  readonly size: number;
  readonly #exact = new Map<string, ExtractedFields>();
  readonly #collapsed = new Map<string, ExtractedFields>();
  /** Collapsed texts by each long alphabetic word, to find the candidates of a masked line fast. */
  readonly #byWord = new Map<string, string[]>();

  constructor(pairs: readonly TruthPair[]) {
    for (const { text, fields } of pairs) {
      if (typeof text !== 'string' || typeof fields !== 'object' || fields === null) {
        throw new TypeError('every truth entry needs a text string and a fields object');
      }
      this.#exact.set(text, fields);
      const collapsed = collapse(text);
      const known = this.#collapsed.has(collapsed);
      this.#collapsed.set(collapsed, fields);
      if (known) continue;
      for (const word of new Set(collapsed.toUpperCase().match(WORD) ?? [])) {
        const list = this.#byWord.get(word) ?? [];
        list.push(collapsed);
        this.#byWord.set(word, list);
      }
    }
    this.size = this.#exact.size;
  }

  /** The true fields of the narrative `text`, or undefined when the simulator never saw it. */
  lookup(text: string): ExtractedFields | undefined {
    const exact = this.#exact.get(text);
    if (exact) return exact;
    const collapsed = collapse(text);
    const plain = this.#collapsed.get(collapsed);
    if (plain || !HAS_MASK.test(collapsed)) return plain;
    return this.#lookupMasked(collapsed);
  }

  #lookupMasked(collapsed: string): ExtractedFields | undefined {
    const visible = collapsed.replace(MASK_TOKEN, ' ').toUpperCase().match(WORD) ?? [];
    // The rarest visible word gives the fewest candidates to test.
    const lists = visible.map((word) => this.#byWord.get(word) ?? []);
    if (lists.length === 0) return undefined;
    const candidates = lists.reduce((shortest, list) => (list.length < shortest.length ? list : shortest));
    const pattern = new RegExp(`^${collapsed.split(MASK_TOKEN).map(escapeRegExp).join('.+?')}$`);
    const match = candidates.find((candidate) => pattern.test(candidate));
    return match === undefined ? undefined : this.#collapsed.get(match);
  }
}

/** Builds the lookup table the simulator answers from; a later duplicate text replaces an earlier one. */
export function truthFromRecords(pairs: readonly TruthPair[]): TruthTable {
  return new TruthTable(pairs);
}
