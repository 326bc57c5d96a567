import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorOf, lastWord } from '#src/cache/slot-values.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { Random } from '#src/dev/generator/random.ts';
import { prepare } from '#src/prepare/prepare.ts';
import type { PreparedRecord, Slot } from '#src/prepare/prepared-record.ts';

const lastWordByRegex = (text: string) => /(\S+)\s*$/.exec(text)?.[1] ?? '';

test('the last word is what /(\\S+)\\s*$/ captures, for every white-space code unit and none', () => {
  for (let c = 0; c <= 0xffff; c += 1) {
    const char = String.fromCharCode(c);
    for (const text of [`AB${char}`, `${char}CD`, `A${char}${char}B${char}`, char])
      assert.equal(lastWord(text), lastWordByRegex(text), `U+${c.toString(16)}`);
  }
  const random = new Random(11);
  const alphabet = ['a', 'Z', '{', '}', ' ', '\t', '\u00a0', '\u3000', '\n', '😀', '9'];
  for (let i = 0; i < 20_000; i += 1) {
    const text = Array.from({ length: random.int(0, 12) }, () => random.pick(alphabet)).join('');
    assert.equal(lastWord(text), lastWordByRegex(text), JSON.stringify(text));
  }
});

/** The anchor read as the skeleton's text before the slot, earlier slots as placeholders. */
function anchorByRegex(slot: Slot, prepared: PreparedRecord): string {
  if (slot.label) return slot.label.toUpperCase();
  let prefix = '';
  let at = 0;
  for (const earlier of prepared.slots) {
    if (earlier.start >= slot.start) break;
    prefix += `${prepared.masked.slice(at, earlier.start)}{${earlier.kind}}`;
    at = earlier.end;
  }
  prefix += prepared.masked.slice(at, slot.start);
  return lastWordByRegex(prefix).toUpperCase();
}

test("every slot's anchor is the skeleton's word before it, on generated lines of every rail", () => {
  let slots = 0;
  for (const { record } of generate({ count: 5_000, seed: 31 })) {
    const prepared = prepare(record);
    for (const slot of prepared.slots) {
      assert.equal(anchorOf(slot, prepared), anchorByRegex(slot, prepared), prepared.masked);
      slots += 1;
    }
  }
  assert.ok(slots > 10_000);
});

test('a slot that is not the record’s has no anchor there', () => {
  const prepared = prepare({ ...[...generate({ count: 1, seed: 1 })][0]!.record, narrative: 'POS 12.50 STORE 4471' });
  assert.throws(() => anchorOf({ kind: 'AMOUNT', text: '12.50', start: 4, end: 9, ordinal: 0 }, prepared), /not one of the record's/);
});
