// Curve laws: loss as a function of the step under a per-step LR schedule. They do not fit the
// N/D LawSpec shape (a prediction depends on the whole schedule up to the step), so they have
// their own small contract here, used by the joint fitter, prediction and extrapolation.
import { lawEntry, lawIdsOf } from '../laws/catalog';
import { MPL_FORMULA, MPL_PARAM_NAMES, mplEvaluate, prepareMplCurve } from '../laws/multipower';
import { LRA_DEFAULT_LAMBDA, LRA_FORMULA, LRA_PARAM_NAMES, lraEvaluate, prepareLraCurve } from '../laws/lrAnnealing';

/** One training curve: loss observed at integer steps of a per-step schedule eta[0..T-1]. */
export interface CurveData {
  name: string;
  steps: Float64Array;
  loss: Float64Array;
  eta: Float64Array;
  /** Text form of the schedule when known (provenance). */
  schedule?: string;
}

export interface CurveLawOptions {
  /** Exact O(n*T) loss-drop sums instead of the block-summation plan (multipower). */
  exact?: boolean;
  /** Momentum of the LR-annealing law's S2 (default 0.999). */
  lambda?: number;
  /** Power law in tokens instead of steps: x = step * tokensPerStep. */
  tokensPerStep?: number;
}

export interface CurveLaw {
  id: 'multipower' | 'lr-annealing' | 'power';
  title: string;
  formula: string;
  paramNames: readonly string[];
  /** Fit-space transform per parameter. */
  transforms: readonly ('log' | 'identity')[];
  /** Natural-scale bounds. */
  lower: readonly number[];
  upper: readonly number[];
  /** Fit ln(p[param] * p[by]) instead of ln p[param] (param 'log', by 'identity'). */
  coupled?: { param: number; by: number };
  /** Parameters are shared by all curves (joint fit) or fitted per curve. */
  joint: boolean;
  prepare(eta: Float64Array, steps: ArrayLike<number>): unknown;
  /** Upper bound on the terms one evaluate() at `steps` computes, when more than O(points) (see work.ts). */
  work?(steps: ArrayLike<number>): number;
  /** pred (and natural-scale Jacobian n x k) at the prepared steps; must not allocate. */
  evaluate(p: ArrayLike<number>, prepared: unknown, pred: Float64Array, jac?: Float64Array): void;
  /** Start points (natural scale) from the data. */
  starts(curves: CurveData[]): Float64Array[];
}

function minLoss(curves: CurveData[]): number {
  let m = Infinity;
  for (const c of curves) for (let i = 0; i < c.loss.length; i++) if (c.loss[i] < m) m = c.loss[i];
  return m;
}

export function multipowerLaw(options: CurveLawOptions = {}): CurveLaw {
  return {
    id: 'multipower',
    title: 'Multi-power law (Luo et al. 2025)',
    formula: MPL_FORMULA,
    paramNames: MPL_PARAM_NAMES,
    transforms: ['identity', 'log', 'identity', 'log', 'log', 'identity', 'identity'],
    lower: [0, 1e-8, 1e-3, 1e-6, 1e-6, 1e-3, 0],
    upper: [1e3, 1e6, 5, 1e9, 1e6, 10, 3],
    coupled: { param: 3, by: 5 },
    joint: true,
    prepare: (eta, steps) => prepareMplCurve(eta, steps, { exact: options.exact }),
    work: (steps) => { // exact sums over k = 1..s for each step s
      let n = 0;
      for (let i = 0; i < steps.length; i++) n += steps[i] + 1;
      return n;
    },
    evaluate: (p, c, pred, jac) => mplEvaluate(p, c as ReturnType<typeof prepareMplCurve>, pred, jac),
    starts(curves) {
      // Refined later by a cheap surrogate fit (see fitCurves); these are the raw seeds.
      const m = minLoss(curves);
      const out: Float64Array[] = [];
      for (const dL of [0.3, 0.6]) for (const [C, beta, gamma] of [[1, 0.5, 0.5], [2, 0.6, 0.6]]) out.push(Float64Array.of(m - dL, 0.5, 0.5, 300, C, beta, gamma));
      return out;
    },
  };
}

export function lrAnnealingLaw(options: CurveLawOptions = {}): CurveLaw {
  const lambda = options.lambda ?? LRA_DEFAULT_LAMBDA;
  return {
    id: 'lr-annealing',
    title: `LR-annealing law (Tissue et al. 2024), lambda=${lambda}`,
    formula: LRA_FORMULA,
    paramNames: LRA_PARAM_NAMES,
    transforms: ['identity', 'log', 'identity', 'identity'],
    lower: [0, 1e-8, 1e-3, 0],
    upper: [1e3, 1e6, 5, 1e6],
    joint: true,
    prepare: (eta, steps) => prepareLraCurve(eta, steps, lambda),
    evaluate: (p, c, pred, jac) => lraEvaluate(p, c as ReturnType<typeof prepareLraCurve>, pred, jac),
    starts(curves) {
      const m = minLoss(curves);
      const out: Float64Array[] = [];
      for (const dL of [0.2, 0.5, 1]) for (const alpha of [0.3, 0.6]) for (const C of [0.1, 1]) out.push(Float64Array.of(m - dL, 0.5, alpha, C));
      return out;
    },
  };
}

/**
 * L = E + A * x^-alpha with x = step (or tokens = step * tokensPerStep), one parameter set per
 * curve (steps > 0 only).
 */
export function stepPowerLaw(tokensPerStep?: number): CurveLaw {
  const lnScale = tokensPerStep ? Math.log(tokensPerStep) : 0;
  if (tokensPerStep !== undefined && !(tokensPerStep > 0)) throw new Error(`tokens per step must be > 0, got ${tokensPerStep}`);
  const x = tokensPerStep ? 'tokens' : 'step';
  return {
    id: 'power',
    title: `Power law with offset in ${x} (per curve)${tokensPerStep ? `, tokens = step * ${tokensPerStep}` : ''}`,
    formula: `E + A * ${x}^(-alpha)`,
    paramNames: ['E', 'A', 'alpha'],
    transforms: ['identity', 'log', 'identity'],
    lower: [0, 1e-10, 1e-4],
    upper: [1e3, 1e12, 5],
    joint: false,
    prepare(_eta, steps) {
      const ls = new Float64Array(steps.length);
      for (let i = 0; i < steps.length; i++) {
        if (!(steps[i] > 0)) throw new RangeError(`power law in steps needs steps > 0, got ${steps[i]}`);
        ls[i] = Math.log(steps[i]) + lnScale;
      }
      return ls;
    },
    evaluate(p, prepared, pred, jac) {
      const ls = prepared as Float64Array;
      const E = p[0], A = p[1], alpha = p[2];
      for (let i = 0; i < ls.length; i++) {
        const t = Math.exp(-alpha * ls[i]);
        pred[i] = E + A * t;
        if (jac) {
          jac[i * 3] = 1;
          jac[i * 3 + 1] = t;
          jac[i * 3 + 2] = -A * ls[i] * t;
        }
      }
    },
    starts(curves) {
      const m = minLoss(curves);
      const out: Float64Array[] = [];
      for (const f of [0.5, 0.8, 0.95]) for (const alpha of [0.2, 0.5, 1]) out.push(Float64Array.of(m * f, 10 * Math.exp(alpha * lnScale), alpha));
      return out;
    },
  };
}

/** The curve laws of the one catalog (../laws/catalog.ts), which validates every law name. */
export const CURVE_LAW_IDS = lawIdsOf('curve') as readonly ('multipower' | 'lr-annealing' | 'power')[];

const CURVE_LAWS: Record<string, (o: CurveLawOptions) => CurveLaw> = {
  multipower: (o) => multipowerLaw(o),
  'lr-annealing': (o) => lrAnnealingLaw(o),
  power: (o) => stepPowerLaw(o.tokensPerStep),
};

export function createCurveLaw(id: string, options: CurveLawOptions = {}): CurveLaw {
  const name = id === 'mpl' ? 'multipower' : id; // the authors' abbreviation
  lawEntry(name, 'curve');
  return CURVE_LAWS[name](options);
}
