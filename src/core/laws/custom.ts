// A law typed by the user as mathjs text. Symbols that are input roles (N, D, C, step, lr) or
// named data columns are inputs; every other symbol is a fitted parameter. The gradient comes
// from mathjs' symbolic derivative, built on the first gradient() call (predicting never pays for
// it) and only when small (differentiate bounds the work); otherwise central differences.
import type { EvalFunction } from 'mathjs';
import { checkFormula, compileChecked, differentiate, FormulaError } from '../expr/restrictedMath';
import { HUBER_LOG_SUM } from './procedure';
import type { Inputs, LawSpec, ParamSpec } from './types';

export const CUSTOM_INPUT_ROLES = ['N', 'D', 'C', 'step', 'lr'];

export interface CustomLawOptions {
  /** Extra input names (data columns) the formula may read besides the roles. */
  extraInputs?: string[];
  /** Per-parameter bounds or start grids, by parameter name. */
  bounds?: Record<string, [number, number]>;
}

export function customLaw(formula: string, options: CustomLawOptions = {}): LawSpec {
  const checked = checkFormula(formula, 'custom law formula');
  const inputNames = new Set([...CUSTOM_INPUT_ROLES, ...(options.extraInputs ?? [])]);
  const inputs = checked.symbols.filter((s) => inputNames.has(s));
  const paramNames = checked.symbols.filter((s) => !inputNames.has(s));
  if (inputs.length === 0) throw new FormulaError(`custom law '${formula}' uses no input (one of ${[...inputNames].join(', ')})`);
  if (paramNames.length === 0) throw new FormulaError(`custom law '${formula}' has no parameter to fit`);
  const gridValues = paramNames.length <= 6 ? [0.1, 1, 10] : [0.3, 3];
  const params: ParamSpec[] = paramNames.map((name) => {
    const [lower, upper] = (options.bounds && Object.hasOwn(options.bounds, name) ? options.bounds[name] : undefined) ?? [-1e9, 1e9];
    return { name, transform: 'identity', lower, upper, grid: gridValues.filter((g) => g >= lower && g <= upper) };
  });
  const value: EvalFunction = compileChecked(checked);
  // undefined entry: no usable symbolic derivative for that parameter, use central differences.
  let derivs: (EvalFunction | undefined)[] | undefined;
  const derivatives = () => (derivs ??= paramNames.map((p) => {
    const d = differentiate(checked, p);
    return d ? compileChecked(d) : undefined;
  }));
  // A Map scope: names such as __proto__ or constructor are ordinary parameters, never object keys.
  const scope = new Map<string, number>();
  const k = paramNames.length;
  const load = (p: Float64Array, x: Inputs, i: number) => {
    for (let j = 0; j < k; j++) scope.set(paramNames[j], p[j]);
    for (const name of inputs) scope.set(name, x[name][i]);
  };
  const valueAt = () => Number(value.evaluate(scope));
  /** d value / d p_j by a central difference (step ~ cbrt(machine epsilon), relative to p_j). */
  const numericDerivative = (j: number, pj: number) => {
    const h = 6e-6 * (Math.abs(pj) || 1);
    scope.set(paramNames[j], pj + h);
    const up = valueAt();
    scope.set(paramNames[j], pj - h);
    const down = valueAt();
    scope.set(paramNames[j], pj);
    return (up - down) / (2 * h);
  };
  return {
    id: 'custom',
    title: 'Custom law',
    formula,
    inputs,
    params,
    procedure: {
      source: 'a formula typed by the user: this project\'s choice',
      projectChoice: true,
      objective: HUBER_LOG_SUM,
      starts: `every parameter in {${gridValues.join(', ')}} (within its bounds)`,
      notes: ['Huber(1e-3) on log loss, summed, as for the Chinchilla law'],
    },
    predict(p, x, out) {
      for (let i = 0; i < out.length; i++) {
        load(p, x, i);
        out[i] = valueAt();
      }
    },
    gradient(p, x, out) {
      const n = x[inputs[0]].length;
      const ds = derivatives();
      for (let i = 0; i < n; i++) {
        load(p, x, i);
        for (let j = 0; j < k; j++) {
          const d = ds[j];
          out[i * k + j] = d ? Number(d.evaluate(scope)) : numericDerivative(j, p[j]);
        }
      }
    },
  };
}
