// Kaplan et al. 2020 joint law L(N, D) = [(Nc/N)^(aN/aD) + Dc/D]^aD, optionally + E
// (the irreducible term that loss-to-loss work adds). Nc, Dc are fitted in log space.
// Default procedures: Kaplan et al. publish no fitting code (project choice: Chinchilla's Huber on
// log loss); the form with E is fitted as Brandfonbrener et al. do (KempnerInstitute/
// loss-to-loss-notebooks utils_scaling.py `fit(kaplan=True)`, read not copied): Huber(1e-3) on log
// loss, mean over points, 16 starts ln Nc, ln Dc in {5, 10, 15, 20}, ln E = 0.5, aN = aD = 0.4.
import { HUBER_LOG_MEAN, HUBER_LOG_SUM, type LawProcedure } from './procedure';
import type { Inputs, LawSpec, ParamSpec } from './types';

/** Brandfonbrener et al.'s starts (their grids for log a, log b, log e, alpha, beta in kaplan_curve). */
export const BRANDFONBRENER_KAPLAN_GRID = {
  Nc: [5, 10, 15, 20],
  Dc: [5, 10, 15, 20],
  aN: [0.4],
  aD: [0.4],
  E: [Math.exp(0.5)],
};

function kaplanParams(withE: boolean): ParamSpec[] {
  const g = (name: keyof typeof BRANDFONBRENER_KAPLAN_GRID, own: number[]) => (withE ? BRANDFONBRENER_KAPLAN_GRID[name] : own);
  const ps: ParamSpec[] = [
    { name: 'Nc', transform: 'log', fitName: 'lnNc', lower: 0, upper: 80, grid: g('Nc', [20, 30, 40]) },
    { name: 'Dc', transform: 'log', fitName: 'lnDc', lower: 0, upper: 80, grid: g('Dc', [20, 30, 40]) },
    { name: 'aN', transform: 'identity', lower: 1e-4, upper: 5, grid: g('aN', [0.05, 0.1, 0.3]) },
    { name: 'aD', transform: 'identity', lower: 1e-4, upper: 5, grid: g('aD', [0.05, 0.1, 0.3]) },
  ];
  if (withE) ps.push({ name: 'E', transform: 'identity', lower: 0, upper: 20, grid: BRANDFONBRENER_KAPLAN_GRID.E });
  return ps;
}

const KAPLAN_PROCEDURE: LawProcedure = {
  source: 'Kaplan et al. 2020 (arXiv 2001.08361) give the form but no fitting code: this project\'s choice',
  projectChoice: true,
  objective: HUBER_LOG_SUM,
  starts: 'ln Nc, ln Dc in {20, 30, 40}; aN, aD in {0.05, 0.1, 0.3} (81 starts)',
  notes: ['Huber(1e-3) on log loss, summed, as for the Chinchilla law; N is non-embedding parameters in Kaplan et al.'],
};

const KAPLAN_E_PROCEDURE: LawProcedure = {
  source: 'Brandfonbrener et al. 2024 (arXiv 2411.12925), KempnerInstitute/loss-to-loss-notebooks utils_scaling.py fit(kaplan=True)',
  objective: HUBER_LOG_MEAN,
  starts: 'ln Nc, ln Dc in {5, 10, 15, 20}; E = e^0.5; aN = aD = 0.4 (16 starts)',
  notes: ['they run optax L-BFGS for 200 iterations in float32; we run L-BFGS-B to convergence in float64, so our optimum can be slightly lower'],
};

export function kaplanLaw(withE: boolean): LawSpec {
  const k = withE ? 5 : 4;
  return {
    id: withE ? 'kaplan-e' : 'kaplan',
    title: withE ? 'Kaplan joint law with irreducible loss' : 'Kaplan joint law',
    formula: withE ? 'E + ((Nc / N)^(aN / aD) + Dc / D)^aD' : '((Nc / N)^(aN / aD) + Dc / D)^aD',
    inputs: ['N', 'D'],
    params: kaplanParams(withE),
    ...(withE ? { grids: { brandfonbrener: BRANDFONBRENER_KAPLAN_GRID } } : {}),
    procedure: withE ? KAPLAN_E_PROCEDURE : KAPLAN_PROCEDURE,
    predict(p: Float64Array, x: Inputs, out: Float64Array) {
      const N = x.N, D = x.D;
      const lnNc = p[0], lnDc = p[1], aN = p[2], aD = p[3], E = withE ? p[4] : 0;
      const r = aN / aD;
      for (let i = 0; i < out.length; i++) {
        const s = Math.exp(r * (lnNc - Math.log(N[i]))) + Math.exp(lnDc - Math.log(D[i]));
        out[i] = E + Math.exp(aD * Math.log(s));
      }
    },
    gradient(p: Float64Array, x: Inputs, out: Float64Array) {
      const N = x.N, D = x.D;
      const lnNc = p[0], lnDc = p[1], aN = p[2], aD = p[3];
      const r = aN / aD;
      for (let i = 0, o = 0; i < N.length; i++, o += k) {
        const dn = lnNc - Math.log(N[i]);
        const u = Math.exp(r * dn), v = Math.exp(lnDc - Math.log(D[i]));
        const s = u + v, ls = Math.log(s);
        const L = Math.exp(aD * ls);
        const c = L / s; // s^(aD-1)
        out[o] = c * u * aN;
        out[o + 1] = c * aD * v;
        out[o + 2] = c * u * dn;
        out[o + 3] = L * ls - c * u * (aN / aD) * dn;
        if (withE) out[o + 4] = 1;
      }
    },
  };
}
