import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Party, printDescriptor, printPerson, spendOf } from '#src/dev/generator/party.ts';
import { Random } from '#src/dev/generator/random.ts';

const party = (overrides: Partial<Party>): Party => ({
  id: 'p',
  name: 'Blue Bottle Coffee',
  kind: 'merchant',
  country: 'US',
  category: 'DINING',
  forms: ['SQ *{NAME}'],
  spend: [4, 16],
  ...overrides,
});

test('a fixed-width field that cuts the name leaves the whole words still visible as the truth', () => {
  const rng = new Random(1);
  assert.deepEqual(printDescriptor(party({}), rng, 21), { text: 'SQ *BLUE BOTTLE COFFE', counterparty: 'Blue Bottle', reference: null });
  assert.deepEqual(printDescriptor(party({}), rng, 22), {
    text: 'SQ *BLUE BOTTLE COFFEE',
    counterparty: 'Blue Bottle Coffee',
    reference: null,
  });
  assert.deepEqual(printDescriptor(party({}), rng, 15), { text: 'SQ *BLUE BOTTLE', counterparty: 'Blue Bottle', reference: null });
  // A cut inside the first word would leave nothing whole: the name is then printed uncut.
  assert.equal(printDescriptor(party({}), rng, 6).counterparty, 'Blue Bottle Coffee');
});

test('a suffix after the name may be cut without touching the truth; literal forms never are', () => {
  const rng = new Random(2);
  const vandelay = party({ name: 'Vandelay Industries', forms: ['{NAME} INC'] });
  assert.deepEqual(printDescriptor(vandelay, rng, 16), { text: 'VANDELAY INDUSTR', counterparty: 'Vandelay', reference: null });
  assert.deepEqual(printDescriptor(vandelay, rng, 21), {
    text: 'VANDELAY INDUSTRIES I',
    counterparty: 'Vandelay Industries',
    reference: null,
  });
  const aws = party({ name: 'Amazon Web Services', forms: ['AMAZON WEB SERVICES'] });
  assert.equal(printDescriptor(aws, rng, 10).text, 'AMAZON WEB SERVICES');
});

test('an order id in the descriptor is the reference; a store number is not', () => {
  const rng = new Random(3);
  const amazon = printDescriptor(party({ name: 'Amazon', forms: ['AMZN Mktp US*{order}'] }), rng);
  assert.match(amazon.text, /^AMZN Mktp US\*[1-9][0-9A-Z]{6}$/);
  assert.equal(amazon.reference, amazon.text.split('*')[1]);
  assert.equal(amazon.counterparty, 'Amazon');
  const starbucks = printDescriptor(party({ name: 'Starbucks', forms: ['STARBUCKS STORE {store}'] }), rng);
  assert.match(starbucks.text, /^STARBUCKS STORE \d{5}$/);
  assert.equal(starbucks.reference, null);
});

test('people print in the styles banks use; an initial stays an initial', () => {
  assert.deepEqual(printPerson('James Smith', 'initial'), { text: 'J SMITH', counterparty: 'J Smith' });
  assert.deepEqual(printPerson('María López', 'full'), { text: 'MARIA LOPEZ', counterparty: 'María López' });
  assert.deepEqual(printPerson('John Smith', 'surnameFirst'), { text: 'SMITH JOHN', counterparty: 'John Smith' });
  assert.deepEqual(printPerson('Daan de Vries', 'surnameComma'), { text: 'de Vries, Daan', counterparty: 'Daan de Vries' });
});

test('spend stays within the range, and fixed prices are used as they are', () => {
  const rng = new Random(4);
  for (let i = 0; i < 500; i++) {
    const cents = spendOf({ spend: [4, 16] }, rng);
    assert.ok(cents >= 400 && cents <= 1600, String(cents));
    assert.ok([699, 1549].includes(spendOf({ spend: [1, 2], prices: [6.99, 15.49] }, rng)));
  }
});
