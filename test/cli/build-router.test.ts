/**
 * The service's router wiring: the model reader's group is the instance's own. (A training that
 * fails costs that model, never the window: test/routing/router-learner.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelReaderGroupId } from '#src/feedback/router-models.ts';

test('each instance reads the models in a group of its own', () => {
  assert.equal(modelReaderGroupId('parsimony-extractor', 'host-a'), 'parsimony-extractor-router-host-a');
  assert.notEqual(modelReaderGroupId('g', 'a'), modelReaderGroupId('g', 'b'));
});
