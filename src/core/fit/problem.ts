// A FitProblem is everything a fit needs, in plain serializable data, so the same problem can be
// solved in-process, split across worker_threads, or rerun from a FitReport's provenance.
import { createLaw, type LawOptions } from '../laws/registry';
import { fromReported, pickRows, toFitSpace, type Inputs, type LawSpec } from '../laws/types';
import { makeObjective, type Objective, type ObjectiveSpec } from '../optimize/objective';
import { haltonPoint, Rng } from '../optimize/rng';

/**
 * 'warm': start 0 is an earlier fit's optimum (reported values, clipped to the bounds), then
 * `extra` quasi-random starts as 'random' draws them: a refit of a grown file converges from where
 * the last fit stopped instead of the full grid, and the extra starts keep a guard against a
 * basin the new data moved to.
 */
export type StartsSpec = { kind: 'default' } | { kind: 'grid'; name: string } | { kind: 'random'; count: number } | { kind: 'warm'; from: Record<string, number>; extra: number };

export interface FitProblem {
  lawId: string;
  lawOptions: LawOptions;
  x: Inputs;
  y: Float64Array;
  objective: ObjectiveSpec;
  /** Reported-space values of parameters the user fixed. */
  fixed: Record<string, number>;
  /**
   * Bootstrap draws of fixed parameters that came from another fit (reported space): bootstrap
   * replicate b fixes NAME at fixedDraws[NAME][b mod length], propagating that fit's uncertainty.
   */
  fixedDraws?: Record<string, number[]>;
  starts: StartsSpec;
  seed: number;
  tolerances: Tolerances;
}

export interface Tolerances {
  /** Multi-start tolerances (scipy's defaults: the start that wins is then refined). */
  ftol: number;
  gtol: number;
  maxIter: number;
  maxFun: number;
  m: number;
  /**
   * Tolerances for polishing the best start and for every bootstrap refit. scipy's default ftol is
   * absolute when the objective is below 1 (it is ~1e-3 for Chinchilla's Huber sum), so warm-started
   * refits stop almost where they start and the bootstrap under-states uncertainty ~10x; these
   * tight values let each refit reach its own optimum.
   */
  refineFtol: number;
  refineGtol: number;
}

export const DEFAULT_TOLERANCES: Tolerances = { ftol: 2.220446049250313e-9, gtol: 1e-5, maxIter: 15000, maxFun: 15000, m: 10, refineFtol: 1e-15, refineGtol: 1e-9 };

export interface PreparedProblem {
  law: LawSpec;
  objective: Objective;
  fixedVector: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  freeIndex: number[];
}

export function fixedVector(law: LawSpec, fixed: Record<string, number>): Float64Array {
  const v = new Float64Array(law.params.length).fill(NaN);
  for (const [name, value] of Object.entries(fixed)) {
    const j = law.params.findIndex((p) => p.name === name);
    if (j < 0) throw new Error(`cannot fix '${name}': law '${law.id}' has parameters ${law.params.map((p) => p.name).join(', ')}`);
    v[j] = toFitSpace(law.params[j], value);
  }
  return v;
}

export function prepare(problem: FitProblem, weights?: Float64Array, law = createLaw(problem.lawId, problem.lawOptions)): PreparedProblem {
  const fv = fixedVector(law, problem.fixed);
  const freeIndex = law.params.map((_, j) => j).filter((j) => Number.isNaN(fv[j]));
  // Resampled rows with weight 0 (about 37 % in a bootstrap) are dropped rather than evaluated.
  let data = { x: problem.x, y: problem.y };
  if (weights) {
    let kept = 0;
    for (let i = 0; i < weights.length; i++) if (weights[i] !== 0) kept++;
    const keep = new Int32Array(kept);
    for (let i = 0, q = 0; i < weights.length; i++) if (weights[i] !== 0) keep[q++] = i;
    // Logs of the inputs are picked too (laws take them through logOf), not recomputed per refit.
    data = { x: Object.fromEntries(Object.entries(problem.x).map(([k, v]) => [k, pickRows(v, keep, true)])), y: pickRows(problem.y, keep) };
    weights = pickRows(weights, keep);
  }
  const objective = makeObjective(law, data, problem.objective, fv, weights);
  const lower = Float64Array.from(freeIndex.map((j) => law.params[j].lower));
  const upper = Float64Array.from(freeIndex.map((j) => law.params[j].upper));
  return { law, objective, fixedVector: fv, lower, upper, freeIndex };
}

/** The fixed values for bootstrap replicate b (problem.fixedDraws cycled by replicate index). */
export function fixedForReplicate(problem: FitProblem, b: number): Record<string, number> {
  const draws = problem.fixedDraws;
  if (!draws || Object.keys(draws).length === 0) return problem.fixed;
  const out = { ...problem.fixed };
  for (const [name, values] of Object.entries(draws)) if (values.length) out[name] = values[b % values.length];
  return out;
}

/** How many start points the problem's start spec yields. */
export function startCount(problem: FitProblem, prep: PreparedProblem): number {
  if (problem.starts.kind === 'random') return problem.starts.count;
  if (problem.starts.kind === 'warm') return 1 + problem.starts.extra;
  return startAxes(problem, prep).reduce((a, v) => a * v.length, 1);
}

function startAxes(problem: FitProblem, prep: PreparedProblem): number[][] {
  const { law, freeIndex } = prep;
  let grid: Record<string, number[]> | undefined;
  if (problem.starts.kind === 'grid') {
    const name = problem.starts.name;
    grid = law.grids?.[name];
    if (!grid) throw new Error(`law '${law.id}' has no '${name}' start grid (has: default${Object.keys(law.grids ?? {}).map((g) => ', ' + g).join('')})`);
  }
  return freeIndex.map((j) => grid?.[law.params[j].name] ?? law.params[j].grid);
}

/**
 * Start point number `s` in free fit space, computed from its index alone (grid: mixed-radix digits,
 * last parameter fastest; random: scrambled Halton), so threads need no shared list and the order
 * never depends on how the work is split.
 */
export function startPointGenerator(problem: FitProblem, prep: PreparedProblem): (s: number) => Float64Array {
  const { law, freeIndex, lower, upper } = prep;
  const spec = problem.starts;
  if (spec.kind === 'warm') {
    const first = Float64Array.from(freeIndex, (j, d) => {
      const v = spec.from[law.params[j].name];
      if (v === undefined) throw new Error(`warm start: the earlier fit has no parameter '${law.params[j].name}'`);
      return Math.min(upper[d], Math.max(lower[d], toFitSpace(law.params[j], v)));
    });
    const rest = startPointGenerator({ ...problem, starts: { kind: 'random', count: spec.extra } }, prep);
    return (s) => (s === 0 ? Float64Array.from(first) : rest(s - 1));
  }
  if (spec.kind === 'random') {
    const rng = new Rng(problem.seed, 0x5157);
    const shift = Float64Array.from(freeIndex, () => rng.next());
    // Quasi-random starts span the law's default grid widened by half its range, clipped to the bounds.
    const lo = new Float64Array(freeIndex.length), hi = new Float64Array(freeIndex.length);
    freeIndex.forEach((j, d) => {
      const g = law.params[j].grid;
      const gmin = Math.min(...g), gmax = Math.max(...g), pad = 0.5 * (gmax - gmin || 1);
      lo[d] = Math.max(lower[d], gmin - pad);
      hi[d] = Math.min(upper[d], gmax + pad);
    });
    return (s) => {
      const u = haltonPoint(s + 1, freeIndex.length, shift);
      for (let d = 0; d < u.length; d++) u[d] = lo[d] + u[d] * (hi[d] - lo[d]);
      return u;
    };
  }
  const axes = startAxes(problem, prep);
  return (s) => {
    const out = new Float64Array(axes.length);
    for (let d = axes.length - 1; d >= 0; d--) {
      const len = axes[d].length;
      out[d] = axes[d][s % len];
      s = Math.floor(s / len);
    }
    return out;
  };
}

/** All start points, in order (for small problems and tests). */
export function startPoints(problem: FitProblem, prep: PreparedProblem): Float64Array[] {
  const gen = startPointGenerator(problem, prep);
  return Array.from({ length: startCount(problem, prep) }, (_, s) => gen(s));
}

export { fromReported };
