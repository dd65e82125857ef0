// A FitProblem is everything a fit needs, in plain serializable data, so the same problem can be
// solved in-process, split across worker_threads, or rerun from a FitReport's provenance.
import { createLaw, type LawOptions } from '../laws/registry';
import { fromReported, toFitSpace, type Inputs, type LawSpec } from '../laws/types';
import { makeObjective, type Objective, type ObjectiveSpec } from '../optimize/objective';
import { haltonPoint, Rng } from '../optimize/rng';

export type StartsSpec = { kind: 'default' } | { kind: 'grid'; name: string } | { kind: 'random'; count: number };

export interface FitProblem {
  lawId: string;
  lawOptions: LawOptions;
  x: Inputs;
  y: Float64Array;
  objective: ObjectiveSpec;
  /** Reported-space values of parameters the user fixed. */
  fixed: Record<string, number>;
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
  const objective = makeObjective(law, { x: problem.x, y: problem.y }, problem.objective, fv, weights);
  const lower = Float64Array.from(freeIndex.map((j) => law.params[j].lower));
  const upper = Float64Array.from(freeIndex.map((j) => law.params[j].upper));
  return { law, objective, fixedVector: fv, lower, upper, freeIndex };
}

/** Start points in free fit space, in a fixed order (so results never depend on thread count). */
export function startPoints(problem: FitProblem, prep: PreparedProblem): Float64Array[] {
  const { law, freeIndex, lower, upper } = prep;
  const spec = problem.starts;
  if (spec.kind === 'random') {
    const rng = new Rng(problem.seed, 0x5157);
    const shift = Float64Array.from(freeIndex, () => rng.next());
    const lo = freeIndex.map((j, d) => (Number.isFinite(lower[d]) ? lower[d] : Math.min(...law.params[j].grid) - 1));
    const hi = freeIndex.map((j, d) => (Number.isFinite(upper[d]) ? upper[d] : Math.max(...law.params[j].grid) + 1));
    // Keep quasi-random starts inside the span of the default grid widened by half its range,
    // not the whole (often huge) bound box.
    const out: Float64Array[] = [];
    for (let s = 0; s < spec.count; s++) {
      const u = haltonPoint(s + 1, freeIndex.length, shift);
      out.push(Float64Array.from(freeIndex, (j, d) => {
        const g = law.params[j].grid;
        const gmin = Math.min(...g), gmax = Math.max(...g), pad = 0.5 * (gmax - gmin || 1);
        const a = Math.max(lo[d], gmin - pad), b = Math.min(hi[d], gmax + pad);
        return a + u[d] * (b - a);
      }));
    }
    return out;
  }
  let grid: Record<string, number[]> | undefined;
  if (spec.kind === 'grid') {
    grid = law.grids?.[spec.name];
    if (!grid) throw new Error(`law '${law.id}' has no '${spec.name}' start grid (has: default${Object.keys(law.grids ?? {}).map((g) => ', ' + g).join('')})`);
  }
  const axes = freeIndex.map((j) => {
    const p = law.params[j];
    return grid?.[p.name] ?? p.grid;
  });
  const out: Float64Array[] = [];
  const idx = new Array(axes.length).fill(0);
  const total = axes.reduce((a, v) => a * v.length, 1);
  for (let s = 0; s < total; s++) {
    out.push(Float64Array.from(axes, (vals, d) => vals[idx[d]]));
    for (let d = axes.length - 1; d >= 0; d--) {
      if (++idx[d] < axes[d].length) break;
      idx[d] = 0;
    }
  }
  return out;
}

export { fromReported };
