// Phase rule, exponents on every region and boundary, and the phase map geometry (docs/PHASES.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALPHA_IV_SPLIT, classifyPhase, closedFormExponents, interiorPhase, phaseMapGeometry, placeExponents, PHASE_ORDER, type PhaseName,
} from '../../../../src/core/theory';

const S = ALPHA_IV_SPLIT;

test('one point in each of the seven regions, with the paper’s labels (corrected notes §4.2)', () => {
  const table: [number, number, PhaseName][] = [
    [0.75, 0.25, 'Ia'], [0.7, 0.6, 'II'], [1.0, 2.0, 'III'],
    [0.4, 0.3, 'Ib'], [0.2, 0.4, 'Ib'], // Ib is the whole strip 2β < 1 below the line (believed below α = 1/4)
    [0.2, 1.0, 'Ic'], // 2β > 1, α < 1/4
    [0.4, 1.0, 'IVa'], [0.45, 1.5, 'IVa'], [0.27, 1.5, 'IVb'],
  ];
  for (const [a, b, ph] of table) {
    const c = classifyPhase(a, b);
    assert.equal(c.phase, ph, `(${a}, ${b})`);
    assert.equal(c.source, 'closed-form');
    assert.deepEqual(c.lines, []);
  }
  // the α = 0.7 traversal Ia → II → III (paper Fig. 4b)
  assert.deepEqual([0.2, 0.6, 0.9].map((b) => classifyPhase(0.7, b).phase), ['Ia', 'II', 'III']);
  assert.equal(classifyPhase(0.3, 0.1).phase, 'undefined');
});

test('one point on each boundary, named by the phases that meet there, with exponents from continuity', () => {
  const cases: [number, number, string, string][] = [
    [0.75, 0.5, 'Ia/II', '2β = 1'],
    [0.7, 0.7, 'II/III', 'α = β'],
    [0.5, 0.3, 'Ia/Ib', '2α = 1'],
    [0.5, 1.0, 'III/IVa', '2α = 1'],
    [0.4, 0.5, 'Ib/IVa', '2β = 1'],
    [0.27, 0.5, 'Ib/IVb', '2β = 1'],
    [0.2, 0.5, 'Ib/Ic', '2β = 1'],
    [0.25, 1.0, 'Ic/IVb', 'α = 1/4'],
    // triple and higher points
    [0.5, 0.5, 'Ia/Ib/II/III/IVa', '2α = 1'],
    [0.25, 0.5, 'Ib/Ic/IVb', '2β = 1'],
    [S, 0.5, 'Ib/IVa/IVb', '2β = 1'],
  ];
  for (const [a, b, ph, line] of cases) {
    const c = classifyPhase(a, b);
    assert.equal(c.phase, ph, `(${a}, ${b})`);
    assert.ok(c.lines.includes(line), `(${a}, ${b}) lines ${c.lines}`);
    assert.equal(c.source, 'continuity', `(${a}, ${b})`);
    assert.ok(Number.isFinite(c.xi) && Number.isFinite(c.eta));
  }
  // II/III at α = β = 0.7: the paper's 9/14 (theory 0.643, measured 0.648)
  assert.ok(Math.abs(classifyPhase(0.7, 0.7).eta! - 9 / 14) < 1e-12);
  // the IVa/IVb line: xi jumps, so its value is the on-line balance, not continuity; eta = alpha is continuous
  const iv = classifyPhase(S, 1.0);
  assert.equal(iv.phase, 'IVa/IVb');
  assert.equal(iv.source, 'closed-form');
  assert.ok(Math.abs(iv.eta! - S) < 1e-12);
  const left = closedFormExponents('IVb', S, 1.0), right = closedFormExponents('IVa', S, 1.0);
  assert.ok(Math.abs(left.eta - right.eta) < 1e-12);
  assert.ok(left.xi - right.xi > 0.1, `xi jumps: ${left.xi} vs ${right.xi}`);
  assert.ok(iv.xi! > right.xi && iv.xi! < left.xi, `on-line xi ${iv.xi} between the sides`);
  // the validity limit 2(α+β) = 1
  const u = classifyPhase(0.2, 0.3);
  assert.deepEqual([u.phase, u.xi, u.eta, u.source], ['undefined', null, null, 'none']);
  assert.deepEqual(u.lines, ['2(α+β) = 1']);
});

test('α ≤ 0 or β ≤ 0 is refused with a message naming the parameter', () => {
  assert.throws(() => classifyPhase(0, 1), /alpha must be > 0/);
  assert.throws(() => classifyPhase(-0.5, 1), /alpha must be > 0/);
  assert.throws(() => classifyPhase(0.7, 0), /beta must be > 0/);
  assert.throws(() => classifyPhase(0.7, -0.1), /beta must be > 0/);
  assert.throws(() => classifyPhase(NaN, 1), /finite/);
  assert.equal(interiorPhase(-1, 3), null);
});

test('every defined point of a fine grid has finite exponents and a source', () => {
  let defined = 0;
  for (let i = 1; i <= 80; i++) {
    for (let k = 1; k <= 80; k++) {
      // exact multiples of 1/80 hit 2α = 1, 2β = 1, α = 1/4, α = β and 2(α+β) = 1 many times
      const a = i / 40, b = k / 40;
      const c = classifyPhase(a, b);
      if (c.phase === 'undefined') {
        assert.ok(2 * (a + b) <= 1 + 1e-9);
        continue;
      }
      defined++;
      assert.ok(Number.isFinite(c.xi) && Number.isFinite(c.eta), `(${a}, ${b}) ${c.phase}`);
      assert.ok(c.source === 'closed-form' || c.source === 'continuity', `(${a}, ${b}) ${c.source}`);
      assert.ok(c.xi! > 0 && c.xi! < 1 && c.eta! > 0, `(${a}, ${b}) ${c.phase}: ${c.xi}, ${c.eta}`);
      assert.ok(c.dominant.length >= 2);
    }
  }
  assert.ok(defined > 6000);
});

test('closed forms are continuous across every boundary except xi on the IVa/IVb line', () => {
  const eps = 1e-7;
  // [name, point on the line as a function of t, normal direction, t values]
  const lines: [string, (t: number) => [number, number], [number, number], number[]][] = [
    ['2β = 1 (Ia|II)', (t) => [t, 0.5], [0, 1], [0.6, 0.9, 1.5]],
    ['α = β (II|III)', (t) => [t, t], [1, -1], [0.6, 0.9, 1.5]],
    ['2α = 1 (Ia|Ib)', (t) => [0.5, t], [1, 0], [0.1, 0.3, 0.45]],
    ['2α = 1 (III|IVa)', (t) => [0.5, t], [1, 0], [0.6, 1, 2]],
    ['2β = 1 (Ib|IVa)', (t) => [t, 0.5], [0, 1], [0.35, 0.45]],
    ['2β = 1 (Ib|IVb)', (t) => [t, 0.5], [0, 1], [0.26, 0.28]],
    ['2β = 1 (Ib|Ic)', (t) => [t, 0.5], [0, 1], [0.05, 0.1, 0.2]],
    ['α = 1/4 (Ic|IVb)', (t) => [0.25, t], [1, 0], [0.6, 1, 3]],
    ['α = 1 − 1/√2 (IVb|IVa)', (t) => [S, t], [1, 0], [0.6, 1, 3]],
  ];
  for (const [name, at, dir, ts] of lines) {
    for (const t of ts) {
      const [a, b] = at(t);
      const pa = [a + eps * dir[0], b + eps * dir[1]] as const, pb = [a - eps * dir[0], b - eps * dir[1]] as const;
      const p1 = interiorPhase(...pa)!, p2 = interiorPhase(...pb)!;
      assert.ok(p1 && p2 && p1 !== p2, `${name} at t=${t}: ${p1} ${p2}`);
      const c1 = closedFormExponents(p1, ...pa), c2 = closedFormExponents(p2, ...pb);
      assert.ok(Math.abs(c1.eta - c2.eta) < 1e-5, `${name} t=${t}: eta ${p1} ${c1.eta} vs ${p2} ${c2.eta}`);
      if (name.startsWith('α = 1 − 1/√2')) continue;
      assert.ok(Math.abs(c1.xi - c2.xi) < 1e-5, `${name} t=${t}: xi ${p1} ${c1.xi} vs ${p2} ${c2.xi}`);
    }
  }
});

// An independent check of the algebra: minimise the sum of the competing loss terms (docs/PHASES.md
// §2 table, all constants 1) over d numerically at two huge budgets and read off the slopes.
function termSum(alpha: number, beta: number, f: number, d: number): number {
  const hi = 2 * alpha > 1, tb = 2 * beta > 1;
  const g0 = (2 * alpha + 2 * beta - 1) / (2 * alpha);
  const r = f / d;
  const gammaScale = hi ? 1 : Math.pow(d, 2 * alpha - 1); // gamma ≍ 1/tr D
  let s = Math.pow(gammaScale * r, -g0); // F_pp
  s += Math.pow(d, -(tb ? 2 * alpha : 2 * alpha + 2 * beta - 1)); // F_0
  const notLearned = Math.exp(-f / (d * d)); // below the high-dimensional line the bulk needs r ≳ d steps
  if (tb) {
    if (hi) s += Math.pow(r, -(1 - 1 / (2 * alpha))) / d; // F_ac
    else s += Math.pow(d, -2 * alpha) * notLearned;
  }
  if (tb && 4 * alpha > 1) {
    const gN = (4 * alpha - 1) / (2 * alpha);
    // K_pp · Σ F ≍ gamma (gamma r)^-gN; below the line it needs r ≲ d (modes still being learned)
    s += hi ? Math.pow(r, -gN) : gammaScale * Math.pow(gammaScale * r, -gN) * notLearned;
  }
  return s;
}

function numericExponents(alpha: number, beta: number): { xi: number; eta: number } {
  const opt = (lf: number) => {
    const f = Math.exp(lf);
    let lo = Math.log(1e-3), hi = lf; // log d
    const g = (Math.sqrt(5) - 1) / 2;
    // coarse scan first: the sum can have a flat shoulder
    let best = lo, bv = Infinity;
    for (let k = 0; k <= 4000; k++) {
      const x = lo + ((hi - lo) * k) / 4000, v = termSum(alpha, beta, f, Math.exp(x));
      if (v < bv) { bv = v; best = x; }
    }
    lo = best - (hi - lo) / 2000; hi = best + (hi - lo) / 2000;
    for (let it = 0; it < 100; it++) {
      const x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
      if (termSum(alpha, beta, f, Math.exp(x1)) < termSum(alpha, beta, f, Math.exp(x2))) hi = x2; else lo = x1;
    }
    const x = (lo + hi) / 2;
    return { ld: x, lp: Math.log(termSum(alpha, beta, f, Math.exp(x))) };
  };
  const l1 = 100, l2 = 200; // f = e^100 .. e^200: deep in the asymptotic regime
  const a = opt(l1), b = opt(l2);
  return { xi: (b.ld - a.ld) / (l2 - l1), eta: -(b.lp - a.lp) / (l2 - l1) };
}

test('closed forms equal the numerically optimal balance of the competing loss terms in all seven regions', () => {
  const pts: [number, number][] = [[0.75, 0.25], [1.25, 0.75], [0.7, 0.6], [1.0, 2.0], [0.75, 1.5], [0.4, 0.3], [0.2, 0.4], [0.2, 1.0], [0.1, 2.0], [0.4, 1.0], [0.45, 1.5], [0.27, 1.5], [0.26, 0.8]];
  for (const [a, b] of pts) {
    const c = classifyPhase(a, b);
    const n = numericExponents(a, b);
    assert.ok(Math.abs(n.xi - c.xi!) < 0.01 && Math.abs(n.eta - c.eta!) < 0.01, `(${a}, ${b}) ${c.phase}: closed form ${c.xi!.toFixed(4)}, ${c.eta!.toFixed(4)}; numeric ${n.xi.toFixed(4)}, ${n.eta.toFixed(4)}`);
  }
});

test('dominant terms name the paper’s tradeoffs', () => {
  assert.ok(classifyPhase(1.0, 2.0).dominant.some((t) => t.includes('SGD noise')));
  assert.ok(classifyPhase(0.75, 0.25).dominant.some((t) => t.includes('capacity')));
  assert.ok(classifyPhase(1.25, 0.75).dominant.some((t) => t.includes('embedding')));
  assert.ok(classifyPhase(0.2, 1.0).dominant.some((t) => t.includes('capacity')));
  assert.ok(classifyPhase(0.4, 1.0).dominant.some((t) => t.includes('capacity')) && classifyPhase(0.4, 1.0).dominant.some((t) => t.includes('SGD noise')));
  assert.ok(classifyPhase(0.27, 1.0).dominant.some((t) => t.includes('not yet learned')) && classifyPhase(0.27, 1.0).dominant.some((t) => t.includes('SGD noise')));
});

test('phase map: every sample point lies in exactly one polygon, the one the phase rule names; lines lie on their equations', () => {
  for (const [A, B] of [[1.5, 1.5], [2, 1.2], [0.9, 3]]) {
    const g = phaseMapGeometry(A, B);
    assert.deepEqual(g.regions.map((r) => r.name).sort(), [...PHASE_ORDER, 'undefined'].sort());
    for (const r of g.regions) {
      // counter-clockwise (positive area) and the label inside
      let area = 0;
      for (let i = 0; i < r.poly.length; i++) {
        const [x1, y1] = r.poly[i], [x2, y2] = r.poly[(i + 1) % r.poly.length];
        area += x1 * y2 - x2 * y1;
      }
      assert.ok(area > 0, `${r.name} orientation`);
      assert.equal(interiorPhase(...r.label) ?? 'undefined', r.name, `${r.name} label`);
    }
    for (let i = 0; i < 57; i++) {
      for (let k = 0; k < 57; k++) {
        const a = 0.0031 + (i * (A - 0.01)) / 56, b = 0.0047 + (k * (B - 0.01)) / 56;
        const hits = g.regions.filter((r) => inside(a, b, r.poly));
        assert.equal(hits.length, 1, `(${a}, ${b}) in ${hits.map((h) => h.name)}`);
        assert.equal(hits[0].name, interiorPhase(a, b) ?? 'undefined', `(${a}, ${b})`);
      }
    }
    const eqs = g.lines.map((l) => l.equation);
    assert.deepEqual(eqs, ['2(α+β) = 1', '2α = 1', '2β = 1', 'α = β', 'α = 1/4', 'α = 1 − 1/√2']);
    for (const l of g.lines) {
      for (const t of [0.3]) {
        const a = l.from[0] + t * (l.to[0] - l.from[0]), b = l.from[1] + t * (l.to[1] - l.from[1]);
        const on = classifyPhase(a, b);
        // every interior point of a boundary segment is classified as a boundary (or the validity limit)
        assert.ok(on.phase === 'undefined' ? l.equation === '2(α+β) = 1' : on.adjacent.length >= 2, `${l.equation} at (${a}, ${b}): ${on.phase}`);
      }
    }
  }
  assert.throws(() => phaseMapGeometry(0.4, 2), /> 1\/2/);
});

function inside(x: number, y: number, poly: [number, number][]): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

test('placeExponents finds the region whose closed form matches given exponents', () => {
  // xi = 1/2, eta = 9/14 → phase III (or II near the line) with alpha ≈ 0.7 (eta = 1 − 1/(4 alpha))
  const best = placeExponents(0.5, 9 / 14)[0];
  assert.ok(best.distance < 0.01);
  assert.ok(best.phase === 'III' || best.phase === 'II');
  assert.ok(Math.abs(best.alpha - 0.7) < 0.05, `alpha ${best.alpha}`);
  // a point of Ic is found in Ic (its exponents are produced nowhere else nearby)
  const ic = closedFormExponents('Ic', 0.15, 1.2);
  const p = placeExponents(ic.xi, ic.eta, { n: 200, limit: 3 });
  assert.ok(p[0].distance < 0.01 && p[0].phase === 'Ic', JSON.stringify(p[0]));
});
