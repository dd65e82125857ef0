// The objectives: the fused Chinchilla hot path equals the generic Jacobian path, and objective
// gradients agree with finite differences, for Huber / L2 / L1, sum and mean, with weights.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chinchilla } from '../../../../src/core/laws/chinchilla';
import { makeObjective, type ObjectiveSpec } from '../../../../src/core/optimize/objective';
import { Rng } from '../../../../src/core/optimize/rng';

const rng = new Rng(42);
const n = 60;
const N = Float64Array.from({ length: n }, () => 10 ** (7 + 3 * rng.next()));
const D = Float64Array.from(N, (v) => v * 10 ** (0.5 + 1.5 * rng.next()));
const y = Float64Array.from(N, (v, i) => (1.8 + 480 / v ** 0.35 + 2000 / D[i] ** 0.37) * Math.exp(0.01 * rng.normal()));
const weights = Float64Array.from({ length: n }, () => rng.int(3));
const generic = { ...chinchilla, logObjective: undefined };
const free = new Float64Array(5).fill(NaN);

for (const kind of ['huber', 'l2', 'l1'] as const) {
  for (const reduction of ['sum', 'mean'] as const) {
    test(`fused chinchilla objective equals the generic path (${kind}, ${reduction}, weighted)`, () => {
      const spec: ObjectiveSpec = { kind, delta: 1e-2, space: 'log', reduction };
      const fast = makeObjective(chinchilla, { x: { N, D }, y }, spec, free, weights);
      const slow = makeObjective(generic, { x: { N, D }, y }, spec, free, weights);
      for (let t = 0; t < 20; t++) {
        const z = Float64Array.of(rng.next() - 0.5 + 0.6, 4 + 4 * rng.next(), 5 + 4 * rng.next(), 0.2 + 0.3 * rng.next(), 0.2 + 0.3 * rng.next());
        const g1 = new Float64Array(5), g2 = new Float64Array(5);
        const f1 = fast.fg(z, g1), f2 = slow.fg(z, g2);
        assert.ok(Math.abs(f1 - f2) <= 1e-12 * Math.abs(f2), `f ${f1} vs ${f2}`);
        for (let j = 0; j < 5; j++) assert.ok(Math.abs(g1[j] - g2[j]) <= 1e-10 * Math.max(1e-12, Math.abs(g2[j])), `g[${j}] ${g1[j]} vs ${g2[j]}`);
      }
    });
  }
}

test('objective gradient agrees with central finite differences (Huber, log space)', () => {
  const spec: ObjectiveSpec = { kind: 'huber', delta: 0.05, space: 'log', reduction: 'sum' };
  for (const law of [chinchilla, generic]) {
    const obj = makeObjective(law, { x: { N, D }, y }, spec, free);
    const z = Float64Array.of(0.55, 6.1, 7.7, 0.34, 0.36);
    const g = new Float64Array(5), tmp = new Float64Array(5);
    obj.fg(z, g);
    for (let j = 0; j < 5; j++) {
      const h = 1e-6, zp = Float64Array.from(z), zm = Float64Array.from(z);
      zp[j] += h;
      zm[j] -= h;
      const fd = (obj.fg(zp, tmp) - obj.fg(zm, tmp)) / (2 * h);
      assert.ok(Math.abs(fd - g[j]) <= 1e-5 * Math.max(1e-6, Math.abs(fd)), `d/dz${j}: ${g[j]} vs fd ${fd}`);
    }
  }
});
