/**
 * Simulated embeddings: unit length, deterministic, and closer for texts that share spelling.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DIMENSIONS, embeddingVector } from '#src/dev/simulator/openai-embeddings.ts';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

test('vectors are unit length, deterministic and of the requested size', () => {
  const vector = embeddingVector('SQ *BLUE BOTTLE COFFE OAKLAND CA');
  assert.equal(vector.length, DEFAULT_DIMENSIONS);
  assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5);
  assert.deepEqual(embeddingVector('SQ *BLUE BOTTLE COFFE OAKLAND CA'), vector);
  assert.equal(embeddingVector('x y', 256).length, 256);
});

test('the same template with other slots is nearer than another merchant', () => {
  const a = embeddingVector('SQ *BLUE BOTTLE COFFE OAKLAND CA {DATE} {AMOUNT}');
  const b = embeddingVector('SQ *BLUE BOTTLE COFFE OAKLAND CA {DATE} {AMOUNT} {NUMBER}');
  const c = embeddingVector('ACH DEBIT PPD ID {NUMBER} CONED PAYMENT {DATE}');
  assert.ok(cosine(a, b) > 0.8);
  assert.ok(cosine(a, c) < 0.5);
});
