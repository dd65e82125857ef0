import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxOf, minOf } from '../../../../src/core/numeric/stats';

test('minOf/maxOf take a million values (Math.min(...x) overflows the stack) and agree with Math.min/max', () => {
  const x = Float64Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i) * i);
  let lo = Infinity, hi = -Infinity;
  for (const v of x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  assert.equal(minOf(x), lo);
  assert.equal(maxOf(x), hi);
  assert.equal(minOf([]), Infinity);
  assert.equal(maxOf(new Set([1, 3, 2])), 3);
  assert.ok(Number.isNaN(minOf([1, NaN, 0])));
});
