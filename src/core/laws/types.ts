// The law contract: every law is data plus predict/gradient, so the fitter, CLI, plots and
// hovers treat all laws alike. A new law is one new file registered in registry.ts.
import type { ObjectiveSpec } from '../optimize/objectiveSpec';

/** Column-role (or column-name) inputs: one Float64Array per input, all of the same length. */
export type Inputs = Record<string, Float64Array>;

export interface ParamSpec {
  /** Reported name, e.g. 'A'. This is the name users see, fix and pass with --params. */
  name: string;
  /**
   * 'log': the optimizer works on log(value) (Chinchilla's a = log A); bounds and grid are then
   * in log space. 'identity': the optimizer works on the value itself.
   */
  transform: 'identity' | 'log';
  /** Name of the fit-space variable when transformed (e.g. 'a' for A); informational. */
  fitName?: string;
  /** Bounds in fit space. Use ±Infinity for none. */
  lower: number;
  upper: number;
  /** Default start values in fit space; the default grid is their Cartesian product. */
  grid: number[];
}

export interface LawSpec {
  id: string;
  title: string;
  /** The formula as mathjs text over reported parameter names and inputs (shown and exported). */
  formula: string;
  /** Input roles/columns it reads, e.g. ['N', 'D']. */
  inputs: string[];
  params: ParamSpec[];
  /** Fewest data points that can identify the law (default params.length + 1). */
  minPoints?: number;
  /** Named alternative start grids in fit space, e.g. { chinchilla: {...} }. */
  grids?: Record<string, Record<string, number[]>>;

  /**
   * The authors' fitting procedure (objective, starts, method, source), used as the defaults: a fit
   * without --objective/--delta/--space/--reduction/--starts is the authors' fit (procedure.ts).
   */
  procedure: LawProcedure;

  /** Set when the prediction is linear in some parameters (variable projection, core/fit/vpnls.ts). */
  separable?: SeparableSpec;

  /** out[i] = prediction at row i; p is in fit space. Must not allocate per point. */
  predict(p: Float64Array, x: Inputs, out: Float64Array): void;
  /** Jacobian, row-major n×k: out[i*k + j] = d prediction_i / d p_j (fit space). */
  gradient?(p: Float64Array, x: Inputs, out: Float64Array): void;
  /** Optional fused predict + Jacobian in one pass (hot path of the fitter). */
  evaluate?(p: Float64Array, x: Inputs, out: Float64Array, jac: Float64Array): void;
  /**
   * Optional fused objective on log residuals: returns sum_i w_i rho(log f_i - target_i) and writes
   * its gradient (fit space, all params) into grad, in one pass with no Jacobian buffer. Must equal
   * the generic path (objective.ts) to rounding; the generic path remains the reference in tests.
   */
  logObjective?(p: Float64Array, x: Inputs, target: Float64Array, weights: Float64Array | undefined, kind: 'huber' | 'l2' | 'l1', delta: number, grad: Float64Array): number;
}

const logCache = new WeakMap<Float64Array, Float64Array>();
/** Elementwise natural log of an input column, computed once per array (inputs are never mutated). */
export function logOf(x: Float64Array): Float64Array {
  let l = logCache.get(x);
  if (!l) {
    l = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) l[i] = Math.log(x[i]);
    logCache.set(x, l);
  }
  return l;
}

/** Rows `keep` of a column; with `logs`, its logOf is picked from the parent's (computed once). */
export function pickRows(x: Float64Array, keep: Int32Array, logs = false): Float64Array {
  const out = new Float64Array(keep.length);
  for (let q = 0; q < keep.length; q++) out[q] = x[keep[q]];
  if (logs) {
    const parentLogs = logOf(x);
    const l = new Float64Array(keep.length);
    for (let q = 0; q < keep.length; q++) l[q] = parentLogs[keep[q]];
    logCache.set(out, l);
  }
  return out;
}

/** Fit-space vector → reported values (exp for log-transformed params). */
export function toReported(law: LawSpec, p: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = Object.create(null); // null prototype: keys are user-typed names
  law.params.forEach((s, j) => (out[s.name] = s.transform === 'log' ? Math.exp(p[j]) : p[j]));
  return out;
}

/** Reported value → fit space. */
export function toFitSpace(spec: ParamSpec, value: number): number {
  return spec.transform === 'log' ? Math.log(value) : value;
}

/** Reported named values → fit-space vector; throws naming the first missing parameter. */
export function fromReported(law: LawSpec, values: Record<string, number>): Float64Array {
  const p = new Float64Array(law.params.length);
  law.params.forEach((s, j) => {
    const v = values[s.name];
    if (v === undefined) throw new Error(`missing parameter '${s.name}' for law '${law.id}' (needs ${law.params.map((q) => q.name).join(', ')})`);
    p[j] = toFitSpace(s, v);
  });
  return p;
}

export function rowCount(x: Inputs): number {
  for (const k in x) return x[k].length;
  return 0;
}

/** Predict at a single point given reported parameter values. */
export function predictOne(law: LawSpec, params: Record<string, number>, at: Record<string, number>): number {
  const x: Inputs = {};
  for (const name of law.inputs) {
    const v = at[name];
    if (v === undefined) throw new Error(`law '${law.id}' needs ${law.inputs.join(', ')}; missing ${name}`);
    x[name] = Float64Array.of(v);
  }
  const out = new Float64Array(1);
  law.predict(fromReported(law, params), x, out);
  return out[0];
}

/**
 * prediction_i = sum_k value(linear[k]) * basis_k,i, with the basis depending on the other
 * (nonlinear) parameters only. Values are in reported space (A, not log A).
 */
export interface SeparableSpec {
  /** Names of the parameters that enter linearly. */
  linear: string[];
  /** Basis columns at fit-space p (its linear entries are ignored): out[k * n + i]. */
  basis(p: Float64Array, x: Inputs, out: Float64Array): void;
}

/** A law's authors' fitting procedure (the defaults of its fits; see ./procedure.ts). */
export interface LawProcedure {
  /** Who fits the law this way and where it is written (paper, repository file). */
  source: string;
  /** True when the authors publish no fitting procedure and the defaults are this project's choice. */
  projectChoice?: boolean;
  /**
   * Objective minimised by default. For least squares (l2) delta is 1e-3 anyway: it is ignored by
   * l2 and is the threshold a user gets when switching the kind to Huber.
   */
  objective: ObjectiveSpec;
  /** The default starts (the law's params[].grid), as the authors give them. */
  starts: string;
  /**
   * The authors' method when it is not a multi-start optimisation of `objective`, and what it needs:
   * 'log-ols' = loss-to-loss OLS in log space with E_x, E_y fixed (core/transfer/logOls.ts).
   */
  method?: { id: 'log-ols'; needsFixed: string[] };
  /** What we do differently (optimizer, precision) or what the authors fix, in one line each. */
  notes: string[];
}
