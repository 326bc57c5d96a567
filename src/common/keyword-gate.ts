/**
 * A gate in front of a keyword pattern: most lines hold none of a pattern's words, and telling so
 * from the line's words, cut once per line, is much cheaper than a pass of the pattern over it.
 *
 * The gate is derived from the pattern's own source, so the words are written once: each
 * alternative of the pattern begins with a literal run ("PAYMENT TO", "GEB(?:Ü|UE)HR" → GEBÜHR,
 * GEBUEHR), and a line can match only if it holds one of them — at a word's start when the
 * pattern anchors it there (\b, ^, a lookbehind or a character that excludes letters), anywhere
 * otherwise. A word's start is read by its first five characters (keys, hashed into one table per
 * line), so one lookup answers for a word. The gate is conservative: a pattern whose alternative
 * starts with nothing literal (a digit class, `.*`) is never gated, and every line the pattern
 * matches passes its gate (test/common/keyword-gate.test.ts holds that over generated lines and
 * over every character a case-insensitive pattern may take for a letter).
 */

/** What a line must hold for one alternative of a pattern to match. */
export type GateCondition = { word: string } | { text: string };

type Quantifier = { min: number; max: number };
type Atom =
  | { kind: 'char'; ch: string }
  | { kind: 'chars'; chars: string[] }
  /** Consumes a character that is not a letter: what follows starts a word. */
  | { kind: 'non-letter' }
  /** Consumes something not literal. */
  | { kind: 'other' }
  | { kind: 'group'; alternatives: Atom[][] }
  | { kind: 'boundary' }
  | { kind: 'start' }
  | { kind: 'end' }
  /** A lookbehind that refuses a letter before: what follows starts a word. */
  | { kind: 'after-non-letter' }
  | { kind: 'zero-width' };
type QuantifiedAtom = Atom & { q?: Quantifier };

/** Alternatives of an expansion kept before the literal runs stop growing: each shorter run stays a necessary condition. */
const MAX_BRANCHES = 64;
/** Letters and digits a key keeps of a word's start: five tell SEPTEMBER from SEPA, and PAYMENT from PAYROLL. */
const KEY_LENGTH = 5;
/** Keys are kept in a table of this many slots by a hash: two keys sharing a slot only let more lines through. */
const KEY_SLOTS = 1 << 16;

class Parser {
  #at = 0;
  readonly #source: string;
  constructor(source: string) {
    this.#source = source;
  }

  /** Alternatives up to the closing parenthesis of the group being read, or the end. */
  alternatives(): QuantifiedAtom[][] {
    const alternatives: QuantifiedAtom[][] = [[]];
    while (this.#at < this.#source.length) {
      const ch = this.#source[this.#at]!;
      if (ch === ')') return alternatives;
      if (ch === '|') {
        this.#at += 1;
        alternatives.push([]);
        continue;
      }
      const atom: QuantifiedAtom = this.#atom();
      const q = this.#quantifier();
      if (q) atom.q = q;
      alternatives.at(-1)!.push(atom);
    }
    return alternatives;
  }

  #atom(): Atom {
    const s = this.#source;
    const ch = s[this.#at++]!;
    if (ch === '\\') return this.#escape();
    if (ch === '[') return this.#class();
    if (ch === '(') return this.#group();
    if (ch === '^') return { kind: 'start' };
    if (ch === '$') return { kind: 'end' };
    if (ch === '.') return { kind: 'other' };
    return { kind: 'char', ch };
  }

  #escape(): Atom {
    const s = this.#source;
    const ch = s[this.#at++]!;
    if (ch === 'b') return { kind: 'boundary' };
    if (ch === 'B') return { kind: 'zero-width' };
    if (ch === 'p' || ch === 'P') {
      this.#at = s.indexOf('}', this.#at) + 1;
      return { kind: 'other' };
    }
    if (ch === 'k') this.#at = s.indexOf('>', this.#at) + 1;
    else if (ch === 'u') this.#at = s[this.#at] === '{' ? s.indexOf('}', this.#at) + 1 : this.#at + 4;
    else if (ch === 'x') this.#at += 2;
    else if (ch === 'c') this.#at += 1;
    // Character escapes and classes (\d, \s, \t, \u00a0, ...) and back references are not read as literals.
    if (/[a-zA-Z0-9]/.test(ch)) return { kind: 'other' };
    return { kind: 'char', ch };
  }

  /** A class of a few plain characters is literal; a negated class that refuses letters marks a word's start. */
  #class(): Atom {
    const s = this.#source;
    const negated = s[this.#at] === '^';
    if (negated) this.#at += 1;
    const members: string[] = [];
    let plain = true;
    while (this.#at < s.length && s[this.#at] !== ']') {
      const ch = s[this.#at++]!;
      if (ch === '\\') {
        const escaped = s[this.#at++]!;
        if (escaped === 'p' || escaped === 'P') {
          const end = s.indexOf('}', this.#at);
          members.push(`\\${escaped}${s.slice(this.#at, end + 1)}`);
          this.#at = end + 1;
          plain = false;
        } else if (/[a-zA-Z0-9]/.test(escaped)) {
          members.push(`\\${escaped}`);
          plain = false;
        } else members.push(escaped);
      } else if (ch === '-' && members.length > 0 && s[this.#at] !== ']') {
        members.push(`-${s[this.#at++]}`);
        plain = false;
      } else members.push(ch);
    }
    this.#at += 1;
    if (negated) {
      const refusesLetters = members.some(refusesEveryLetter);
      return refusesLetters ? { kind: 'non-letter' } : { kind: 'other' };
    }
    return plain && members.length <= 4 ? { kind: 'chars', chars: members } : { kind: 'other' };
  }

  #group(): Atom {
    const s = this.#source;
    let kind: 'group' | 'lookahead' | 'lookbehind' | 'negative-lookbehind' = 'group';
    if (s[this.#at] === '?') {
      const next = s[this.#at + 1];
      if (next === ':') this.#at += 2;
      else if (next === '=' || next === '!') {
        kind = 'lookahead';
        this.#at += 2;
      } else if (next === '<' && (s[this.#at + 2] === '=' || s[this.#at + 2] === '!')) {
        kind = s[this.#at + 2] === '!' ? 'negative-lookbehind' : 'lookbehind';
        this.#at += 3;
      } else this.#at = s.indexOf('>', this.#at) + 1; // a named group
    }
    const alternatives = this.alternatives();
    this.#at += 1;
    if (kind === 'group') return { kind: 'group', alternatives };
    if (kind === 'negative-lookbehind') {
      const [only] = alternatives;
      const refusesLetters = alternatives.length === 1 && only!.length === 1 && only![0]!.kind === 'other' && !only![0]!.q;
      // (?<![\p{L}\p{N}]) and (?<!\p{L}) parse as one consuming class; a plain class of letters would be 'chars' or 'other' too.
      return refusesLetters && lookbehindRefusesLetters(s, this.#at) ? { kind: 'after-non-letter' } : { kind: 'zero-width' };
    }
    return { kind: 'zero-width' };
  }

  #quantifier(): Quantifier | undefined {
    const s = this.#source;
    const ch = s[this.#at];
    let q: Quantifier | undefined;
    if (ch === '?') q = { min: 0, max: 1 };
    else if (ch === '*') q = { min: 0, max: Infinity };
    else if (ch === '+') q = { min: 1, max: Infinity };
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.#at));
      if (!m) return undefined;
      const min = Number(m[1]);
      q = { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
      this.#at += m[0].length - 1;
    }
    if (!q) return undefined;
    this.#at += 1;
    if (s[this.#at] === '?') this.#at += 1;
    return q;
  }
}

/** The source of the lookbehind just read (ending before `end`) names letters among what it refuses. */
function lookbehindRefusesLetters(source: string, end: number): boolean {
  const start = source.lastIndexOf('(?<!', end);
  const body = source.slice(start, end);
  return body.includes('\\p{L}') || body.includes('\\w');
}

/** A class member that takes in every letter A–Z, whatever the case: \p{L} or \w. */
const refusesEveryLetter = (member: string) => member === '\\p{L}' || member === '\\w';

type Branch = { lit: string; anchored: boolean; boundary: boolean; done: boolean };

const isAsciiAlnum = (ch: string) => /^[A-Za-z0-9]$/.test(ch);

function applyAll(atoms: readonly QuantifiedAtom[], branches: Branch[]): Branch[] {
  let out = branches;
  for (const atom of atoms) {
    out = applyQuantified(atom, out);
    if (out.length > MAX_BRANCHES) out = out.map((b) => (b.done ? b : { ...b, done: true }));
  }
  return out;
}

function applyQuantified(atom: QuantifiedAtom, branches: Branch[]): Branch[] {
  const q = atom.q ?? { min: 1, max: 1 };
  let applied = apply(atom, branches);
  // A repeated atom: what follows its first time is not known to come next.
  if (q.max > 1 || q.min > 1) applied = applied.map((b) => (b.lit === '' ? b : { ...b, done: true }));
  return q.min === 0 ? [...branches, ...applied] : applied;
}

function apply(atom: Atom, branches: Branch[]): Branch[] {
  switch (atom.kind) {
    case 'char':
      return branches.map((b) => withChar(b, atom.ch));
    case 'chars':
      return branches.flatMap((b) => (b.done ? [b] : atom.chars.map((ch) => withChar(b, ch))));
    case 'group':
      return atom.alternatives.flatMap((alternative) => applyAll(alternative, branches));
    case 'other':
      return branches.map((b) => (b.done ? b : b.lit !== '' ? { ...b, done: true } : { ...b, anchored: false, boundary: false }));
    case 'non-letter':
    case 'start':
    case 'after-non-letter':
      if (atom.kind !== 'non-letter') return branches.map((b) => (b.done || b.lit !== '' ? b : { ...b, anchored: true }));
      return branches.map((b) => (b.done ? b : b.lit !== '' ? { ...b, done: true } : { ...b, anchored: true, boundary: false }));
    case 'boundary':
      return branches.map((b) => (b.done || b.lit !== '' ? b : { ...b, boundary: true }));
    case 'end':
      return branches.map((b) => (b.done ? b : { ...b, done: true }));
    case 'zero-width':
      return branches;
  }
}

function withChar(b: Branch, ch: string): Branch {
  if (b.done) return b;
  // \b before a letter or digit means no letter before it; before any other character it means the opposite.
  const anchored = b.lit === '' ? b.anchored || (b.boundary && isAsciiAlnum(ch)) : b.anchored;
  return { lit: b.lit + ch, anchored, boundary: false, done: false };
}

/**
 * What a line must hold for the pattern to match: one of the conditions. Null when some
 * alternative starts with nothing literal, so no gate can be derived.
 */
export function gateConditions(pattern: RegExp): GateCondition[] | null {
  // Without the u flag \p{L} is the letters p{L}, which the parser does not tell apart.
  if (!pattern.unicode && !pattern.unicodeSets && pattern.source.includes('\\p')) return null;
  const whole: Atom = { kind: 'group', alternatives: new Parser(pattern.source).alternatives() };
  const branches = applyAll([whole], [{ lit: '', anchored: false, boundary: false, done: false }]);
  const conditions = new Map<string, GateCondition>();
  for (const branch of branches) {
    if (branch.lit === '') return null;
    const upper = gateUpper(branch.lit);
    const key = wordKey(upper);
    const condition: GateCondition = branch.anchored && key !== '' ? { word: key } : { text: upper };
    conditions.set(JSON.stringify(condition), condition);
  }
  return [...conditions.values()];
}

/** A word's key: its first KEY_LENGTH characters or up to one that ends a key, the first a letter; '' when it starts otherwise. */
function wordKey(upper: string): string {
  if (KEY_STARTS[upper.charCodeAt(0)] !== 1) return '';
  let key = '';
  for (let i = 0; i < upper.length && key.length < KEY_LENGTH && KEY_CHARS[upper.charCodeAt(i)] !== 0; i += 1) key += upper[i];
  return key;
}

/** Characters whose upper case is not what a case-insensitive pattern equates them with. */
const FOLDS_APART = /[\u212a\u212b\u1e9e]/;
const FOLDED: Record<string, string> = { '\u212a': 'K', '\u212b': 'Å', '\u1e9e': 'SS' };

/** The line in upper case as the gate compares it. */
export function gateUpper(text: string): string {
  const upper = text.toUpperCase();
  return FOLDS_APART.test(upper) ? upper.replace(new RegExp(FOLDS_APART, 'g'), (ch) => FOLDED[ch]!) : upper;
}

/**
 * By character code: the character a key reads (its upper case) for a printable ASCII character
 * or a letter or digit of the scripts keyword patterns are written in, 0 for one that ends a key.
 * A key runs on over a space or a sign ("E-TFR", "W/D", "CO EN"), as a literal does. A letter whose
 * upper case is two (ß) ends a key: a key is a prefix, so a shorter one only lets more lines through.
 */
const KEY_CHARS = new Uint16Array(0x10000);
/** 1 for a letter a key may start with. */
const KEY_STARTS = new Uint8Array(0x10000);
/** 1 for an ASCII letter: only those end a word here (\b sees no word character in ſ or K). */
const ASCII_LETTERS = new Uint8Array(0x10000);
for (const [from, to] of [
  [0x20, 0x24f], // ASCII, Latin-1, Latin Extended-A and B
  [0x370, 0x52f], // Greek, Cyrillic
  [0x1e00, 0x1eff], // Latin Extended Additional
  [0x212a, 0x212b], // the Kelvin and Ångström signs
] as const) {
  for (let code = from; code <= to; code += 1) {
    const ch = String.fromCharCode(code);
    const upper = gateUpper(ch);
    if (upper.length !== 1 || (code > 0x7e && !/[\p{L}\p{N}]/u.test(ch))) continue;
    KEY_CHARS[code] = upper.charCodeAt(0);
    if (/\p{L}/u.test(ch)) KEY_STARTS[code] = 1;
  }
}
for (let code = 65; code <= 90; code += 1) ASCII_LETTERS[code] = ASCII_LETTERS[code + 32] = 1;

/** A key's next slot code: FNV-1a over the key's characters, whose upper 16 bits pick the slot. */
const FNV_OFFSET = 0x811c9dc5;
const nextKeyCode = (code: number, ch: number): number => Math.imul(code ^ ch, 0x01000193);
const slotOf = (code: number): number => code >>> 16;

export function keySlot(key: string): number {
  let code = FNV_OFFSET;
  for (let i = 0; i < key.length; i += 1) code = nextKeyCode(code, KEY_CHARS[key.charCodeAt(i)]!);
  return slotOf(code);
}

const MAX_GENERATION = 0xffff_ffff;

/** One line's keys: the table's slots stamped with the line's generation hold one of its keys. */
export class LineKeys {
  text: string | undefined;
  generation = 0;
  readonly stamps = new Uint32Array(KEY_SLOTS);
  #upper: string | undefined;

  stamp(text: string): void {
    this.text = text;
    this.#upper = undefined;
    // A slot holds a generation in 32 bits: past the last, every stamp is wiped and counting starts
    // again, or no stamp would ever equal the generation again (4 billion lines: days of a service).
    if (this.generation === MAX_GENERATION) {
      this.stamps.fill(0);
      this.generation = 0;
    }
    const generation = ++this.generation;
    const stamps = this.stamps;
    const length = text.length;
    let previousLetter = 0;
    for (let i = 0; i < length; i += 1) {
      const code = text.charCodeAt(i);
      if (KEY_STARTS[code] === 1 && previousLetter === 0) {
        let key = FNV_OFFSET;
        for (let j = i; j < i + KEY_LENGTH && j < length; j += 1) {
          const ch = KEY_CHARS[text.charCodeAt(j)]!;
          if (ch === 0) break;
          key = nextKeyCode(key, ch);
          stamps[slotOf(key)] = generation;
        }
      }
      previousLetter = ASCII_LETTERS[code]!;
    }
  }

  has(slot: number): boolean {
    return this.stamps[slot] === this.generation;
  }

  get upper(): string {
    this.#upper ??= gateUpper(this.text!);
    return this.#upper;
  }
}

/**
 * The keys of the last two lines asked about: the rules read a line and the same line without its
 * memo in turn, and each would otherwise cut the other's keys again.
 */
let recent = new LineKeys();
let previous = new LineKeys();

function keysOf(text: string): LineKeys {
  if (text === recent.text) return recent;
  [recent, previous] = [previous, recent];
  if (text !== recent.text) recent.stamp(text);
  return recent;
}

/** A pattern behind its gate: `test` and `exec` as the pattern's own, run only on lines that pass. */
export class GatedPattern {
  readonly pattern: RegExp;
  /** False when no gate could be derived: every line is tried. */
  readonly gated: boolean;
  readonly #words: Int32Array;
  readonly #texts: readonly string[];

  constructor(pattern: RegExp) {
    this.pattern = pattern;
    const conditions = gateConditions(pattern);
    this.gated = conditions !== null;
    this.#words = Int32Array.from((conditions ?? []).flatMap((c) => ('word' in c ? [keySlot(c.word)] : [])));
    this.#texts = (conditions ?? []).flatMap((c) => ('text' in c ? [c.text] : []));
  }

  /** False only when the pattern cannot match anywhere in `text`. */
  mayMatch(text: string): boolean {
    if (!this.gated) return true;
    const line = keysOf(text);
    const words = this.#words;
    for (let i = 0; i < words.length; i += 1) if (line.has(words[i]!)) return true;
    const texts = this.#texts;
    if (texts.length === 0) return false;
    const upper = line.upper;
    for (let i = 0; i < texts.length; i += 1) if (upper.includes(texts[i]!)) return true;
    return false;
  }

  test(text: string): boolean {
    return this.mayMatch(text) && this.pattern.test(text);
  }

  exec(text: string): RegExpExecArray | null {
    return this.mayMatch(text) ? this.pattern.exec(text) : null;
  }
}

/** Every gate built, for the test that holds each one conservative on generated lines. */
export const everyGate: GatedPattern[] = [];

export function gated(pattern: RegExp): GatedPattern {
  const gate = new GatedPattern(pattern);
  everyGate.push(gate);
  return gate;
}
