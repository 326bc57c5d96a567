/**
 * The conformance suite of the Embedder port: every adapter (local n-grams, OpenAI through its
 * SDK against the provider simulator) registers it with a factory and must pass it unchanged.
 * Each test opens a fresh embedder. The checks are about the port's promises, not about how
 * good the vectors are: "similar is closer" is kept weak so any sensible embedding passes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Embedder, EmbeddingResult } from '#src/cache/embedder.ts';
import { cosine } from '#src/cache/local-embedder.ts';
import { NO_USAGE, type Usage } from '#src/pricing/usage.ts';

export type EmbedderFixture = {
  embedder: Embedder;
  /**
   * Input tokens the service behind the embedder has billed so far. Absent for an embedder that
   * calls nothing it pays for; such an embedder must report NO_USAGE.
   */
  billedInputTokens?: () => number;
  close(): Promise<void>;
};

/** Remote models need not be bit-exact between calls; the same text must still land this close. */
const SAME_TEXT_MIN_COSINE = 0.9999;
const UNIT_LENGTH_TOLERANCE = 1e-9;

const COFFEE = 'SQ *BLUE BOTTLE COFFE OAKLAND CA {DATE} {AMOUNT}';
const COFFEE_ELSEWHERE = 'SQ *BLUE BOTTLE COFFEE SF CA {DATE} {AMOUNT}';
const UTILITY = 'ACH DEBIT PPD ID: {NUMBER} CONED PAYMENT {NUMBER} TRACE {REF} AMT {AMOUNT}';
const FOREIGN = 'CARTE {DATE} CAFÉ MÜLLER MÜNCHEN {AMOUNT} EUR';
const TEXTS = [COFFEE, UTILITY, FOREIGN, COFFEE_ELSEWHERE];

const norm = (vector: readonly number[]) => Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));

function assertSameVector(actual: readonly number[] | undefined, expected: readonly number[] | undefined, what: string): void {
  assert.ok(actual && expected, `${what}: a vector is missing`);
  assert.equal(actual.length, expected.length, `${what}: lengths differ`);
  const similarity = cosine(actual, expected);
  assert.ok(similarity >= SAME_TEXT_MIN_COSINE, `${what}: cosine ${similarity}`);
}

function assertUsageShape(usage: Usage): void {
  for (const [name, count] of Object.entries(usage).filter(([key]) => key !== 'raw')) {
    if (count === undefined) continue;
    assert.ok(Number.isInteger(count) && (count as number) >= 0, `usage.${name} is a whole count or undefined, got ${count}`);
  }
  assert.ok(usage.outputTokens === undefined || usage.outputTokens === 0, 'an embedding produces no output tokens');
}

export function embedderConformance(name: string, open: () => Promise<EmbedderFixture>): void {
  const withEmbedder = (body: (fixture: EmbedderFixture) => Promise<void>) => async () => {
    const fixture = await open();
    try {
      await body(fixture);
    } finally {
      await fixture.close();
    }
  };

  describe(`Embedder conformance: ${name}`, () => {
    test(
      'one unit-length vector of `dimensions` numbers per input',
      withEmbedder(async ({ embedder }) => {
        assert.ok(Number.isInteger(embedder.dimensions) && embedder.dimensions > 0);
        const { vectors } = await embedder.embed(TEXTS);
        assert.equal(vectors.length, TEXTS.length);
        for (const [i, vector] of vectors.entries()) {
          assert.equal(vector.length, embedder.dimensions, `vector ${i} has the embedder's dimensions`);
          assert.ok(vector.every(Number.isFinite), `vector ${i} holds finite numbers`);
          assert.ok(Math.abs(norm(vector) - 1) < UNIT_LENGTH_TOLERANCE, `vector ${i} has length ${norm(vector)}`);
        }
      }),
    );

    test(
      'vectors come in input order: a batch equals its texts embedded one at a time',
      withEmbedder(async ({ embedder }) => {
        const batch = await embedder.embed(TEXTS);
        const alone = await Promise.all(TEXTS.map(async (text) => (await embedder.embed([text])).vectors[0]));
        for (const [i, vector] of batch.vectors.entries()) {
          assertSameVector(vector, alone[i], `text ${i}`);
          // Guards the check above: were the texts too alike, a shuffled batch would pass it too.
          for (const [j, other] of alone.entries()) if (j !== i) assert.ok(cosine(vector, other!) < SAME_TEXT_MIN_COSINE);
        }
      }),
    );

    test(
      'the same text gets the same vector, whatever its batch and position',
      withEmbedder(async ({ embedder }) => {
        const first = await embedder.embed(TEXTS);
        const again = await embedder.embed([UTILITY, COFFEE, UTILITY]);
        assertSameVector(again.vectors[0], first.vectors[1], 'a text moved in the batch');
        assertSameVector(again.vectors[1], first.vectors[0], 'a text moved in the batch');
        assertSameVector(again.vectors[2], again.vectors[0], 'a text repeated in one batch');
      }),
    );

    test(
      'an empty batch resolves with no vectors and no usage, and bills nothing',
      withEmbedder(async ({ embedder, billedInputTokens }) => {
        const billedBefore = billedInputTokens?.();
        const result = await embedder.embed([]);
        assert.deepEqual(result.vectors, []);
        assert.deepEqual(result.usage, NO_USAGE);
        assert.equal(billedInputTokens?.(), billedBefore);
      }),
    );

    test(
      'the id names the provider and the model of the vectors, and stays put',
      withEmbedder(async ({ embedder }) => {
        const result: EmbeddingResult = await embedder.embed([COFFEE]);
        assert.ok(result.provider !== '' && result.model !== '');
        assert.ok(embedder.id.includes(`${result.provider}/${result.model}`), `id ${embedder.id} names ${result.provider}/${result.model}`);
        const { id } = embedder;
        await embedder.embed([UTILITY]);
        assert.equal(embedder.id, id);
      }),
    );

    test(
      'usage is what the call was billed; unknown counts are undefined, never 0',
      withEmbedder(async ({ embedder, billedInputTokens }) => {
        const billedBefore = billedInputTokens?.() ?? 0;
        const { usage } = await embedder.embed(TEXTS);
        assertUsageShape(usage);
        if (!billedInputTokens) return assert.deepEqual(usage, NO_USAGE, 'an embedder that pays for nothing reports NO_USAGE');
        assert.ok(usage.inputTokens! > 0, 'a billed call reports its input tokens');
        assert.equal(usage.inputTokens, billedInputTokens() - billedBefore, 'input tokens are the ones billed for this call');
        assert.notEqual(usage.raw, undefined, "the provider's own usage object is kept");
      }),
    );

    test(
      'similar texts land closer than unrelated ones',
      withEmbedder(async ({ embedder }) => {
        const [coffee, elsewhere, utility] = (await embedder.embed([COFFEE, COFFEE_ELSEWHERE, UTILITY])).vectors;
        assert.ok(cosine(coffee!, elsewhere!) > cosine(coffee!, utility!), 'the same merchant elsewhere is nearer than a utility bill');
        assert.ok(cosine(coffee!, elsewhere!) > cosine(elsewhere!, utility!));
      }),
    );
  });
}
