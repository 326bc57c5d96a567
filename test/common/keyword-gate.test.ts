import assert from 'node:assert/strict';
import { test } from 'node:test';
import { everyGate, GatedPattern, gateConditions, gateUpper, keySlot, LineKeys } from '#src/common/keyword-gate.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { prepare } from '#src/prepare/prepare.ts';
// Loaded for the gates its modules build.
import '#src/rules/apply-rules.ts';

test('a pattern gives the words its alternatives start with, anchored where the pattern anchors them', () => {
  // Up to five characters of each: PAYRO is not PAYMENT; every way through the optional parts.
  assert.deepEqual(gateConditions(/\b(?:PAYROLL|DIR(?:ECT)?\s?DEP)\b|^CB\b/i), [
    { word: 'PAYRO' },
    { word: 'DIRDE' },
    { word: 'DIREC' },
    { word: 'DIR' },
    { word: 'CB' },
  ]);
  // Inside a word (no anchor), after \b before a non-ASCII letter, or after a digit: anywhere in the line.
  assert.deepEqual(gateConditions(/GEB(?:Ü|UE)HR|\bÉMIS|\d{2}\/X/iu), [
    { text: 'GEBÜHR' },
    { text: 'GEBUEHR' },
    { text: 'ÉMIS' },
    { text: '/X' },
  ]);
  assert.deepEqual(gateConditions(/(?<![\p{L}\p{N}])TEL|(?:^|[^\p{L}])PRLV|(?<![A-Z])FOO/u), [
    { word: 'TEL' },
    { word: 'PRLV' },
    { text: 'FOO' },
  ]);
  // A key runs on over signs and accented letters.
  assert.deepEqual(gateConditions(/\bW\/D\b|\bN[OÓ]MINA/i), [{ word: 'W/D' }, { word: 'NOMIN' }, { word: 'NÓMIN' }]);
  // Skipping what is optional or not literal: the literal after it, anywhere.
  assert.deepEqual(gateConditions(/^(?!.*X).*?ABC/), [{ word: 'ABC' }, { text: 'ABC' }]);
});

test('a pattern with an alternative that starts with nothing literal is never gated', () => {
  // biome-ignore lint/complexity/useRegexLiterals: \p{L} without the u flag is refused in a literal
  const withoutUnicode = new RegExp(String.raw`(?<!\p{L})X`);
  for (const pattern of [/\d+/, /\bFEE\b|\s+/, /.*/, /[A-Z]{3}/, /(\w)\1/, withoutUnicode]) {
    assert.equal(gateConditions(pattern), null, pattern.source);
    assert.equal(new GatedPattern(pattern).mayMatch('anything'), true);
  }
});

test('escapes that name characters are not read as the letters they are written with', () => {
  assert.deepEqual(gateConditions(/\u00a0AB|\x41CD|\bEUR/), [{ text: 'AB' }, { text: 'CD' }, { word: 'EUR' }]);
});

test('a line passes a gate where its words start with one, and only there', () => {
  const gate = new GatedPattern(/\b(?:PAYROLL|SALARY)\b|GEB(?:Ü|UE)HR/i);
  assert.equal(gate.mayMatch('ACME payroll 1234'), true);
  assert.equal(gate.mayMatch('1SALARY'), true); // \b refuses it, but a lookbehind of letters would not: the gate may say yes
  assert.equal(gate.mayMatch('Kontoführungsgebühr'), true);
  assert.equal(gate.mayMatch('UPAYROLL'), false);
  // \b sees no word character in the long s, which a case-insensitive pattern reads as S.
  assert.equal(new GatedPattern(/\bPAY/i).mayMatch('\u017fPAY'), true);
  assert.equal(gate.mayMatch('CARD PURCHASE 12.00'), false);
  assert.equal(gate.test('ACME PAYROLL'), true);
  assert.equal(gate.test('PAYROLLS'), false);
});

/** The pattern without the state a global or sticky one keeps: does it match anywhere in the line. */
function matchesAnywhere(gate: GatedPattern): (text: string) => boolean {
  const plain = new RegExp(gate.pattern.source, gate.pattern.flags.replace(/[gy]/g, ''));
  return (text) => plain.test(text);
}

test('every gate of prepare and the rules lets through every generated line its pattern matches', () => {
  assert.ok(everyGate.length > 30, `${everyGate.length} gates`);
  for (const gate of everyGate) assert.ok(gate.gated, `no gate derived for /${gate.pattern.source}/`);
  const lines = [...generate({ count: 3_000, seed: 31, formats: 'all' })].flatMap(({ record }) => {
    const text = record.narrative;
    return [text, text.toLowerCase(), prepare(record).masked, `x${text}`, text.replace(/ /g, '_')];
  });
  const misses: string[] = [];
  for (const gate of everyGate) {
    const matches = matchesAnywhere(gate);
    for (const line of lines) if (matches(line) && !gate.mayMatch(line)) misses.push(`/${gate.pattern.source.slice(0, 40)}/ on ${line}`);
  }
  assert.deepEqual(misses.slice(0, 5), []);
});

test('a character a case-insensitive pattern takes for a letter passes that letter’s gate', () => {
  const written = everyGate.flatMap((gate) => (gateConditions(gate.pattern) ?? []).flatMap((c) => [...('text' in c ? c.text : c.word)]));
  const chars = [...new Set([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ...written])];
  const escaped = (ch: string) => ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const gates = chars.flatMap((ch) => [
    new GatedPattern(new RegExp(escaped(ch), 'iu')),
    ...(/\p{L}/u.test(ch) ? [new GatedPattern(new RegExp(`(?<!\\p{L})${escaped(ch)}`, 'iu'))] : []),
    ...(/[A-Z]/.test(ch) ? [new GatedPattern(new RegExp(`\\b${ch}`, 'i'))] : []),
  ]);
  const misses: string[] = [];
  for (let code = 0; code <= 0xffff; code += 1) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const ch = String.fromCharCode(code);
    for (const gate of gates)
      if (gate.pattern.test(ch) && !gate.mayMatch(ch)) misses.push(`U+${code.toString(16)} /${gate.pattern.source}/`);
  }
  assert.deepEqual(misses, []);
  assert.equal(gateUpper('\u212aONTO'), 'KONTO');
});

test('the keys of a line hold past the last generation a slot can record', () => {
  const keys = new LineKeys();
  keys.generation = 0xffff_fffe;
  keys.stamp('PAYROLL ACME');
  assert.equal(keys.has(keySlot('PAYRO')), true);
  keys.stamp('CARD PURCHASE');
  assert.equal(keys.has(keySlot('CARD')), true);
  assert.equal(keys.has(keySlot('PAYRO')), false, 'a key of an earlier line is not taken for this one');
  keys.stamp('SALARY');
  assert.equal(keys.has(keySlot('SALAR')), true);
  assert.equal(keys.has(keySlot('CARD')), false);
});
