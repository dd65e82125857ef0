// Approach 2's sampling bias: the vertex of a least-squares parabola in ln N, computed here
// independently (normal equations of a 3×3 system by Cramer's rule), equals the module's; a grid
// centred on each budget's optimum is nearly unbiased, one shifted by half a decade is not, and the
// shift's sign carries over to the vertex.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chinchillaLoss, optimalForCompute } from '../../../../src/core/plan/computeOptimal';
import { isoflopBias } from '../../../../src/core/plan/isoflopBias';

const LAW = { E: 1.82, A: 482, B: 2085, alpha: 0.35, beta: 0.37 };
const BUDGETS = [1e18, 1e19, 1e20, 1e21];

/** 9 sizes a decade either side of a centre shifted from each budget's optimum by shift(i) decades. */
function runsAround(shift: number | ((i: number) => number)) {
  const runs: { N: number; C: number; loss: number }[] = [];
  for (const [i, C] of BUDGETS.entries()) {
    const centre = optimalForCompute(LAW, C, 6).N * 10 ** (typeof shift === 'number' ? shift : shift(i));
    for (let j = -4; j <= 4; j++) {
      const N = centre * 10 ** (j / 4);
      runs.push({ N, C, loss: chinchillaLoss(LAW, N, C / (6 * N)) });
    }
  }
  return runs;
}

/** Vertex of the least-squares parabola y = p0 + p1 x + p2 x² (independent of the module). */
function vertex(x0: number[], y: number[]): number {
  // Centred x keeps the 3×3 system well conditioned (ln N ≈ 20).
  const mean = x0.reduce((a, b) => a + b) / x0.length;
  const x = x0.map((v) => v - mean);
  const S = (f: (i: number) => number) => x.reduce((s, _, i) => s + f(i), 0);
  const m = [[x.length, S((i) => x[i]), S((i) => x[i] ** 2)], [S((i) => x[i]), S((i) => x[i] ** 2), S((i) => x[i] ** 3)], [S((i) => x[i] ** 2), S((i) => x[i] ** 3), S((i) => x[i] ** 4)]];
  const r = [S((i) => y[i]), S((i) => x[i] * y[i]), S((i) => x[i] ** 2 * y[i])];
  const det = (a: number[][]) => a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const col = (k: number) => m.map((row, i) => row.map((v, j) => (j === k ? r[i] : v)));
  const D = det(m);
  const p1 = det(col(1)) / D, p2 = det(col(2)) / D;
  return mean - p1 / (2 * p2);
}

test('isoflop bias: the parabola vertex equals an independent least-squares parabola; a shifted grid biases the vertex, a drifting one the exponent', () => {
  const centred = isoflopBias(runsAround(0), LAW, 1e22)!;
  const shifted = isoflopBias(runsAround(1), LAW, 1e22)!;
  const drifting = isoflopBias(runsAround((i) => i / 3), LAW, 1e22)!;
  assert.equal(centred.perBudget.length, BUDGETS.length);
  const runs = runsAround(1).filter((r) => r.C === 1e20);
  const x = runs.map((r) => Math.log(r.N)), y = runs.map((r) => r.loss);
  const b = shifted.perBudget.find((p) => Math.abs(Math.log(p.C / 1e20)) < 1e-9)!;
  assert.ok(Math.abs(Math.log(b.parabolaNopt) - vertex(x, y)) < 1e-9, `vertex ${Math.log(b.parabolaNopt)} vs independent ${vertex(x, y)}`);
  // Centred: about 1 % (the IsoFLOP profile is not a parabola), no warning at the 5 % threshold.
  for (const p of centred.perBudget) assert.ok(Math.abs(p.logBias) < 0.02, `centred grid: ln bias ${p.logBias}`);
  assert.equal(centred.warning, undefined);
  // A constant shift moves every vertex alike: the intercept is biased, the exponent is not.
  for (const p of shifted.perBudget) {
    assert.ok(Math.abs(p.offCentre - Math.LN10) < 1e-9);
    assert.ok(p.logBias > 0.3, `a grid shifted up a decade moves the vertex up: ${p.logBias}`);
  }
  assert.ok(Math.abs(shifted.exponentDrift) < 1e-6, `constant shift, exponent drift ${shifted.exponentDrift}`);
  assert.ok(shifted.target.relativeBias < -0.2 && /sampling bias matters/.test(shifted.warning ?? ''));
  // A shift that grows with the budget tilts the exponent.
  assert.ok(drifting.exponentDrift > 0.03, `drifting grid: exponent drift ${drifting.exponentDrift}`);
});
