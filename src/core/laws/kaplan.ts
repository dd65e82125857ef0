// Kaplan et al. 2020 joint law L(N, D) = [(Nc/N)^(aN/aD) + Dc/D]^aD, optionally + E
// (the irreducible term that loss-to-loss work adds). Nc, Dc are fitted in log space.
import type { Inputs, LawSpec, ParamSpec } from './types';

function kaplanParams(withE: boolean): ParamSpec[] {
  const ps: ParamSpec[] = [
    { name: 'Nc', transform: 'log', fitName: 'lnNc', lower: 0, upper: 80, grid: [20, 30, 40] },
    { name: 'Dc', transform: 'log', fitName: 'lnDc', lower: 0, upper: 80, grid: [20, 30, 40] },
    { name: 'aN', transform: 'identity', lower: 1e-4, upper: 5, grid: [0.05, 0.1, 0.3] },
    { name: 'aD', transform: 'identity', lower: 1e-4, upper: 5, grid: [0.05, 0.1, 0.3] },
  ];
  if (withE) ps.push({ name: 'E', transform: 'identity', lower: 0, upper: 20, grid: [0, 1, 2] });
  return ps;
}

export function kaplanLaw(withE: boolean): LawSpec {
  const k = withE ? 5 : 4;
  return {
    id: withE ? 'kaplan-e' : 'kaplan',
    title: withE ? 'Kaplan joint law with irreducible loss' : 'Kaplan joint law',
    formula: withE ? 'E + ((Nc / N)^(aN / aD) + Dc / D)^aD' : '((Nc / N)^(aN / aD) + Dc / D)^aD',
    inputs: ['N', 'D'],
    params: kaplanParams(withE),
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
