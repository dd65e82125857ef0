import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayNumber } from '../../../src/tasks/inspect';

test('displayNumber: FLOPs and token counts read in scientific notation, not 20 digits', () => {
  assert.equal(displayNumber(1e19), '1e19');
  assert.equal(displayNumber(5.76e23), '5.76e23');
  assert.equal(displayNumber(1.4e12), '1.4e12');
  assert.equal(displayNumber(-2.5e7), '-2.5e7');
  assert.equal(displayNumber(0.00012345), '1.2345e-4');
});

test('displayNumber: ordinary values keep 6 significant digits; missing is empty', () => {
  assert.equal(displayNumber(3.21456789), '3.21457');
  assert.equal(displayNumber(999999), '999999');
  assert.equal(displayNumber(0), '0');
  assert.equal(displayNumber(NaN), '');
  assert.equal(displayNumber(Infinity), 'Infinity');
});

test('displayNumber: the display string parses back to the value at 6 digits', () => {
  for (const v of [1.234567e21, 6.02e23, 3e-7, 123.456]) assert.equal(Number(displayNumber(v)), +v.toPrecision(6));
});
