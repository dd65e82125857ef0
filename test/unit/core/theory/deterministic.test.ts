// Deterministic equivalent: against the notes' independently computed values and against the exact
// recursion averaged over draws of W.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deterministicCurve, deterministicForcingKernel, deterministicSpectrum, exactSpectrum, makeParams, modalCurve } from '../../../../src/core/theory';

const close = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a / b - 1) < rel, `${what}: ${a} vs ${b}`);

test('deterministic F(r), K(r), F_0 reproduce the notes (de_check.py, d = 400, v = 4d, gamma = 0.5/tr D)', () => {
  const p = makeParams({ alpha: 0.75, beta: 0.75, d: 400 });
  const spec = deterministicSpectrum(p);
  assert.ok(spec.maxResidual < 1e-10);
  // raw (pre-normalisation) totals: the measures integrate to P(0) − F_0 and to d up to the grid error
  close(spec.mass, spec.p0 - spec.pRes, 0.03, 'forcing mass');
  close(spec.count, 400, 0.03, 'eigenvalue count');
  const { F, K } = deterministicForcingKernel(spec, p, [100, 10000]);
  close(F[0], 7.1e-3, 0.03, 'F(100)');
  close(F[1], 7.83e-4, 0.03, 'F(1e4)');
  close(K[0], 1.789e-4, 0.03, 'K(100)');
  close(spec.pRes, 6.50e-4, 0.005, 'F_0');
  const q = makeParams({ alpha: 0.4, beta: 0.3, d: 400 });
  const s2 = deterministicSpectrum(q);
  close(deterministicForcingKernel(s2, q, [1000]).F[0], 0.451, 0.03, 'F(1000) at (0.4, 0.3)');
  close(s2.pRes, 0.3927, 0.005, 'F_0 at (0.4, 0.3)');
});

test('deterministic loss curve matches the exact recursion averaged over 8 draws of W (d = 200): within 3 % + 3 standard errors', () => {
  const steps = [10, 100, 1000, 10000, 100000];
  const n = 8;
  for (const [alpha, beta] of [[0.75, 0.75], [0.4, 0.3], [1.0, 2.0]]) {
    const p = makeParams({ alpha, beta, d: 200 });
    const de = deterministicCurve(p, steps).loss;
    const sum = new Float64Array(steps.length), sum2 = new Float64Array(steps.length);
    for (let s = 0; s < n; s++) {
      const c = modalCurve(exactSpectrum(p, 100 + s), p, steps);
      for (let k = 0; k < steps.length; k++) {
        sum[k] += c[k];
        sum2[k] += c[k] * c[k];
      }
    }
    steps.forEach((r, k) => {
      const mean = sum[k] / n, se = Math.sqrt(Math.max(0, sum2[k] / n - mean * mean) / (n - 1));
      assert.ok(Math.abs(de[k] - mean) < 0.03 * mean + 3 * se, `(${alpha},${beta}) r=${r}: DE ${de[k]} vs mean over W ${mean} ± ${se}`);
    });
  }
});

test('m(z) continued along the grid equals the authors’ ladder from Im z = 1e6 at every grid point', () => {
  for (const [alpha, beta, d] of [[0.7, 0.7, 128], [1.5, 0.7, 64], [0.2, 1.0, 128]]) {
    const p = makeParams({ alpha, beta, d });
    const a = deterministicSpectrum(p, { ladderOnly: true }), b = deterministicSpectrum(p);
    assert.equal(a.lambda.length, b.lambda.length);
    for (let k = 0; k < a.mRe.length; k++) {
      assert.ok(Math.hypot(a.mRe[k] - b.mRe[k], a.mIm[k] - b.mIm[k]) < 1e-12, `(${alpha},${beta}) k=${k}`);
    }
    assert.ok(b.maxResidual < 1e-12);
  }
});
