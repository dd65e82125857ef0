// Compares our L-BFGS-B with scipy's minimize(method='L-BFGS-B') on the bounded problems of
// bench/peers/lbfgsb_problems.py (same formulas, bounds and starting points), in the same run.
// Skipped, with a message, when /usr/bin/python3 or scipy is not available.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lbfgsb } from '../../../../src/core/optimize/lbfgsb';
import { rosen, type FG } from '../../../support/optimizeProblems';

const INF = Infinity;


const beale: FG = (x, g) => {
  const [x1, x2] = [x[0], x[1]];
  const t1 = 1.5 - x1 + x1 * x2;
  const t2 = 2.25 - x1 + x1 * x2 * x2;
  const t3 = 2.625 - x1 + x1 * x2 ** 3;
  g[0] = 2 * t1 * (x2 - 1) + 2 * t2 * (x2 * x2 - 1) + 2 * t3 * (x2 ** 3 - 1);
  g[1] = 2 * t1 * x1 + 2 * t2 * 2 * x1 * x2 + 2 * t3 * 3 * x1 * x2 * x2;
  return t1 * t1 + t2 * t2 + t3 * t3;
};

const hs5: FG = (x, g) => {
  const [x1, x2] = [x[0], x[1]];
  const c = Math.cos(x1 + x2);
  g[0] = c + 2 * (x1 - x2) - 1.5;
  g[1] = c - 2 * (x1 - x2) + 2.5;
  return Math.sin(x1 + x2) + (x1 - x2) ** 2 - 1.5 * x1 + 2.5 * x2 + 1;
};

const quadActive: FG = (x, g) => {
  const c = [-2, 3, 0.5, 4, -1];
  let f = 0;
  for (let i = 0; i < 5; i++) {
    const r = x[i] - c[i];
    f += (i + 1) * r * r;
    g[i] = 2 * (i + 1) * r;
  }
  for (let i = 0; i < 4; i++) {
    f += 0.5 * x[i] * x[i + 1];
    g[i] += 0.5 * x[i + 1];
    g[i + 1] += 0.5 * x[i];
  }
  return f;
};

const powerLaw: FG = (p, g) => {
  const N = [1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9];
  const noise = [1, -1, 0.5, -0.5, 0.2, -0.2, 0.1];
  const [E, la, al] = [p[0], p[1], p[2]];
  let f = 0;
  g.fill(0);
  for (let k = 0; k < N.length; k++) {
    const L = (1.7 + Math.exp(6) * N[k] ** -0.3) * (1 + 0.01 * noise[k]);
    const t = Math.exp(la) * N[k] ** -al;
    const r = E + t - L;
    f += r * r;
    g[0] += 2 * r;
    g[1] += 2 * r * t;
    g[2] += 2 * r * t * -Math.log(N[k]);
  }
  return f;
};

const problems: Record<string, { fg: FG; x0: number[]; bounds: [number, number][] }> = {
  rosen2_box: { fg: rosen, x0: [-1.2, 1], bounds: [[-2, 0.5], [-1, 2]] },
  rosen5_lower15: { fg: rosen, x0: [2, 2.5, 3, 2, 2.2], bounds: Array.from({ length: 5 }, () => [1.5, INF] as [number, number]) },
  rosen4_mixed: { fg: rosen, x0: [-1, 0, 2, -3], bounds: [[-INF, 0.8], [0.2, INF], [-INF, INF], [-2, 0.9]] },
  beale_box: { fg: beale, x0: [1, 1], bounds: [[-4.5, 2.5], [-4.5, 0.4]] },
  hs5: { fg: hs5, x0: [0, 0], bounds: [[-1.5, 4], [-3, 3]] },
  quad_active: { fg: quadActive, x0: [0, 0, 0, 0, 0], bounds: [[-1, 1], [0, 2], [-INF, INF], [-INF, 3], [0, INF]] },
  power_law: { fg: powerLaw, x0: [1, 3, 0.5], bounds: [[0, 10], [-INF, INF], [0, 2]] },
};

interface ScipyResult {
  x: number[];
  fun: number;
  nit: number;
  nfev: number;
  status: number;
  message: string;
}

const PY = '/usr/bin/python3';
const SCRIPT = join(process.cwd(), 'bench', 'peers', 'lbfgsb_problems.py');

function scipyAvailable(): string | null {
  if (!existsSync(PY)) return `${PY} not found`;
  if (!existsSync(SCRIPT)) return `${SCRIPT} not found (run the tests from the repository root)`;
  const r = spawnSync(PY, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
  if (r.status !== 0) return 'scipy/numpy not importable by /usr/bin/python3 (apt-get install python3-scipy python3-numpy)';
  return null;
}

test('matches scipy L-BFGS-B on bounded problems', (t) => {
  const why = scipyAvailable();
  if (why) {
    t.skip(`scipy comparison skipped: ${why}`);
    return;
  }
  const r = spawnSync(PY, [SCRIPT], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `python failed: ${r.stderr}`);
  const ref = JSON.parse(r.stdout) as { scipy: string; problems: Record<string, ScipyResult> };
  assert.deepEqual(Object.keys(ref.problems).sort(), Object.keys(problems).sort());
  const lines: string[] = [`scipy ${ref.scipy}`];
  for (const [name, p] of Object.entries(problems)) {
    const lower = Float64Array.from(p.bounds.map((b) => b[0]));
    const upper = Float64Array.from(p.bounds.map((b) => b[1]));
    const ours = lbfgsb(p.fg, p.x0, { lower, upper });
    const sp = ref.problems[name];
    // The compact (Fortran) formulation does scipy's arithmetic: the same iteration counts exactly.
    const compact = lbfgsb(p.fg, p.x0, { lower, upper, representation: 'compact' });
    assert.deepEqual([compact.nit, compact.nfev], [sp.nit, sp.nfev], `${name} (compact B): nit/nfev ${compact.nit}/${compact.nfev} vs scipy ${sp.nit}/${sp.nfev}`);
    const rel = Math.abs(ours.fun - sp.fun) / Math.max(Math.abs(sp.fun), 1e-300);
    lines.push(
      `${name}: ours fun=${ours.fun.toPrecision(12)} nit=${ours.nit} nfev=${ours.nfev} [${ours.message}] | ` +
        `scipy fun=${sp.fun.toPrecision(12)} nit=${sp.nit} nfev=${sp.nfev} | rel diff ${rel.toExponential(2)}`,
    );
    assert.equal(ours.status, 0, `${name}: ${ours.message}`);
    assert.equal(sp.status, 0, `${name} (scipy): ${sp.message}`);
    assert.ok(rel <= 1e-6, `${name}: fun ${ours.fun} vs scipy ${sp.fun} (rel ${rel})`);
    for (let i = 0; i < ours.x.length; i++) {
      assert.ok(ours.x[i] >= lower[i] && ours.x[i] <= upper[i], `${name}: x[${i}] outside the box`);
      assert.ok(Math.abs(ours.x[i] - sp.x[i]) <= 1e-4 * Math.max(1, Math.abs(sp.x[i])), `${name}: x[${i}] ${ours.x[i]} vs scipy ${sp.x[i]}`);
    }
    // Same algorithm, so the work should be nearly the same (identical with scipy 1.10's Fortran code).
    assert.ok(Math.abs(ours.nit - sp.nit) <= Math.max(3, 0.25 * sp.nit), `${name}: nit ${ours.nit} vs scipy ${sp.nit}`);
  }
  for (const line of lines) t.diagnostic(line);
});
