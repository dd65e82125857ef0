// Phase rule and closed-form exponents (notes §4-§6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyPhase, closedFormExponents, interiorPhase, placeExponents, type PhaseName } from '../../../../src/core/theory';

test('classification of the notes’ verification table', () => {
  const table: [number, number, string][] = [
    [0.75, 0.25, 'Ia'], [0.7, 0.3, 'Ia'], [0.7, 0.6, 'II'], [1.25, 0.75, 'II'], [0.7, 0.7, 'II/III'],
    [0.7, 1.0, 'III'], [0.75, 1.5, 'III'], [1.0, 2.0, 'III'], [0.4, 0.3, 'Ib'], [0.2, 0.4, 'Ic'],
    [0.4, 1.0, 'IVb'], [0.45, 1.5, 'IVb'], [0.2, 1.0, 'IVa'], [0.3, 0.1, 'undefined'],
  ];
  for (const [a, b, ph] of table) assert.equal(classifyPhase(a, b).phase, ph, `(${a}, ${b})`);
  // the alpha = 0.7 traversal Ia → II → III (paper Fig. 4b)
  assert.deepEqual([0.2, 0.6, 0.9].map((b) => classifyPhase(0.7, b).phase), ['Ia', 'II', 'III']);
});

test('closed-form exponents at the table’s points (values written in the notes)', () => {
  const cases: [number, number, number, number][] = [
    [0.75, 0.25, 0.4, 0.4], [0.7, 0.3, 0.4167, 0.4167], [0.7, 0.6, 6 / 13, 8 / 13], [1.25, 0.75, 0.375, 0.75],
    [0.7, 0.7, 0.5, 0.6429], [0.7, 1.0, 0.5, 0.6429], [0.75, 1.5, 0.5, 0.6667], [1.0, 2.0, 0.5, 0.75], [0.4, 0.3, 0.5, 0.2],
  ];
  for (const [a, b, xi, eta] of cases) {
    const c = classifyPhase(a, b);
    assert.equal(c.source, 'closed-form');
    assert.ok(Math.abs(c.xi! - xi) < 1e-4 && Math.abs(c.eta! - eta) < 1e-4, `(${a},${b}): ${c.xi}, ${c.eta}`);
  }
  for (const [a, b] of [[0.2, 0.4], [0.4, 1.0], [0.2, 1.0]]) {
    const c = classifyPhase(a, b);
    assert.equal(c.source, 'unknown');
    assert.equal(c.xi, null);
  }
  const u = classifyPhase(0.3, 0.1);
  assert.deepEqual([u.xi, u.eta, u.source, u.dominant.length], [null, null, 'unknown', 0]);
});

test('closed forms are continuous across the Ia/II, II/III and Ia/Ib boundaries', () => {
  const eps = 1e-7;
  const lines: [string, (t: number) => [number, number], [number, number]][] = [
    ['2β = 1 (Ia|II)', (t) => [t, 0.5], [0, 1]],
    ['α = β (II|III)', (t) => [t, t], [1, -1]],
    ['2α = 1 (Ia|Ib)', (t) => [0.5, t], [1, 0]],
  ];
  for (const [name, at, dir] of lines) {
    for (const t of name.startsWith('2α') ? [0.1, 0.3, 0.45] : [0.6, 0.9, 1.5]) {
      const [a, b] = at(t);
      const p1 = interiorPhase(a + eps * dir[0], b + eps * dir[1]) as PhaseName, p2 = interiorPhase(a - eps * dir[0], b - eps * dir[1]) as PhaseName;
      assert.notEqual(p1, p2, `${name} at t=${t}`);
      const c1 = closedFormExponents(p1, a + eps * dir[0], b + eps * dir[1])!, c2 = closedFormExponents(p2, a - eps * dir[0], b - eps * dir[1])!;
      assert.ok(Math.abs(c1.xi - c2.xi) < 1e-5 && Math.abs(c1.eta - c2.eta) < 1e-5, `${name} t=${t}: ${p1} ${JSON.stringify(c1)} vs ${p2} ${JSON.stringify(c2)}`);
    }
  }
});

test('boundary names and dominant terms', () => {
  assert.equal(classifyPhase(0.75, 0.5).phase, 'Ia/II');
  assert.equal(classifyPhase(0.5, 0.3).phase, 'Ia/Ib');
  assert.equal(classifyPhase(0.25, 0.4).phase, 'Ib/Ic');
  assert.equal(classifyPhase(0.5, 1.0).phase, 'III/IVb');
  assert.equal(classifyPhase(0.25, 0.25).phase, 'undefined'); // on 2(α+β) = 1
  assert.equal(classifyPhase(0.75, 0.5).source, 'closed-form');
  assert.equal(classifyPhase(0.5, 1.0).source, 'unknown'); // IVb side has no closed form
  assert.ok(classifyPhase(1.0, 2.0).dominant.some((t) => t.includes('SGD noise')));
  assert.ok(classifyPhase(0.75, 0.25).dominant.some((t) => t.includes('capacity')));
  assert.ok(classifyPhase(1.25, 0.75).dominant.some((t) => t.includes('embedding')));
});

test('placeExponents finds the region whose closed form matches given exponents', () => {
  // Chinchilla-like xi ≈ 0.5, eta ≈ 0.643 → phase III / II-III with alpha ≈ 0.7 (eta = 1 − 1/(4 alpha))
  const best = placeExponents(0.5, 1 - 1 / (4 * 0.7))[0];
  assert.ok(best.distance < 0.01);
  assert.ok(best.phase === 'III' || best.phase === 'II');
  assert.ok(Math.abs(best.alpha - 0.7) < 0.05, `alpha ${best.alpha}`);
  // Ia point (0.75, 0.25): xi = eta = 0.4
  const ia = placeExponents(0.4, 0.4, { limit: 3 });
  assert.ok(ia.every((p) => p.phase === 'Ia' || p.phase === 'II'));
  assert.ok(ia[0].distance < 0.01);
});
