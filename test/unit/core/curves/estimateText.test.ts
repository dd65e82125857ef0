import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateText, shortStep } from '../../../../src/core/curves/estimateText';

test('status bar text reads like the issue: est. final loss 2.71 ± 0.02 at step 72k', () => {
  assert.equal(estimateText({ estimate: 2.7134, lower: 2.6934, upper: 2.7334, step: 71999 }), 'est. final loss 2.71 ± 0.02 at step 72k');
  assert.equal(estimateText({ estimate: 3.2101, lower: 3.2071, upper: 3.2131, step: 23999 }), 'est. final loss 3.210 ± 0.003 at step 24k');
  assert.equal(estimateText({ estimate: 2.5, lower: NaN, upper: NaN, step: 950 }), 'est. final loss 2.500 at step 950');
  assert.equal(shortStep(1_499_999), '1.5M');
});

test('a point fit with no interval yet (NaN, or null after JSON between processes) has no ±', () => {
  assert.equal(estimateText({ estimate: 3.2101, lower: null, upper: null, step: 23999 }), 'est. final loss 3.210 at step 24k');
  assert.equal(estimateText({ estimate: 3.2101, lower: NaN, upper: NaN, step: 23999 }), 'est. final loss 3.210 at step 24k');
});
