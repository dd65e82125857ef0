// Capacity density ("Densing Law", Xiao et al. 2024, arXiv 2412.04315).
// A model's effective parameter size is the size a reference law L(N, D), fitted to other
// models, needs to reach the model's loss with the same training tokens:
//   N_eff = (A / (L - E - B / D^beta))^(1 / alpha),   density = N_eff / N.
// Tracked across a family (release dates, or checkpoints along training), the authors find
// ln(max density) grows linearly: density(t) = rho0 exp(r t) — the LawSpec below, fitted on
// density values computed by densityTable (the input is a time-like role, 'step' by default,
// chosen with --x).
import type { Inputs, LawSpec } from './types';

/** Reference L(N, D) in Chinchilla names (reported values). */
export interface ReferenceLaw {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

/**
 * Effective parameter count for an observed loss after D tokens. Infinity when the loss is at or
 * below what the reference law reaches with infinitely many parameters (E + B/D^beta).
 */
export function effectiveParams(ref: ReferenceLaw, loss: number, D: number): number {
  const gap = loss - ref.E - ref.B * Math.pow(D, -ref.beta);
  if (!(gap > 0)) return Infinity;
  return Math.pow(ref.A / gap, 1 / ref.alpha);
}

export interface DensityRow {
  N: number;
  D: number;
  loss: number;
  nEff: number;
  density: number;
}

/** Effective size and density for each model/checkpoint (Float64 arrays of equal length). */
export function densityTable(ref: ReferenceLaw, N: ArrayLike<number>, D: ArrayLike<number>, loss: ArrayLike<number>): DensityRow[] {
  const out: DensityRow[] = [];
  for (let i = 0; i < N.length; i++) {
    const nEff = effectiveParams(ref, loss[i], D[i]);
    out.push({ N: N[i], D: D[i], loss: loss[i], nEff, density: nEff / N[i] });
  }
  return out;
}

export function densingLaw(t = 'step'): LawSpec {
  return {
    id: 'densing',
    title: 'Densing law: capacity density grows exponentially',
    formula: `rho0 * exp(r * ${t})`,
    inputs: [t],
    params: [
      { name: 'rho0', transform: 'log', fitName: 'lnrho0', lower: -50, upper: 50, grid: [-2, 0, 2] },
      { name: 'r', transform: 'identity', lower: -10, upper: 10, grid: [0, 1e-4, 1e-2] },
    ],
    predict(p: Float64Array, x: Inputs, out: Float64Array) {
      const T = x[t];
      for (let i = 0; i < out.length; i++) out[i] = Math.exp(p[0] + p[1] * T[i]);
    },
    gradient(p: Float64Array, x: Inputs, out: Float64Array) {
      const T = x[t];
      for (let i = 0, o = 0; i < T.length; i++, o += 2) {
        const v = Math.exp(p[0] + p[1] * T[i]);
        out[o] = v;
        out[o + 1] = v * T[i];
      }
    },
  };
}
