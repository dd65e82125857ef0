// The quantity the design sharpens: the loss at a given (N, D), or the compute-optimal N at a
// budget C* (then D* = C*/(k·N*) has the same relative interval, and tokens/param twice it).
// Both are taken on a log scale, where their bootstrap spread is close to symmetric.
import { InputError } from '../errors';
import { chinchillaParamsOf, optimalForCompute } from '../plan/computeOptimal';
import { toReported, type LawSpec } from '../laws/types';

export type DesignTarget =
  | { kind: 'loss'; at: Record<string, number> }
  | { kind: 'compute'; C: number; flopsPerParamToken: number };

export interface TargetFunction {
  /** ln of the target quantity from fit-space parameters. */
  log(theta: Float64Array): number;
  /** Inputs where the target sits (for extrapolation warnings and the "how far" check). */
  at(theta: Float64Array): Record<string, number>;
  /** What it is, in words: "loss at N = 7e10, D = 1.4e12". */
  label: string;
  /** The value in its own units from reported parameters (for the bootstrap interval). */
  value(params: Record<string, number>): number;
}

export function targetFunction(law: LawSpec, t: DesignTarget): TargetFunction {
  if (t.kind === 'loss') {
    const missing = law.inputs.filter((i) => t.at[i] === undefined);
    if (missing.length) throw new InputError(`the target needs ${missing.map((m) => `--target-${m.toLowerCase()}`).join(' and ')} for law '${law.id}'`);
    const x = Object.fromEntries(law.inputs.map((i) => [i, Float64Array.of(t.at[i])]));
    const out = new Float64Array(1);
    const predict = (theta: Float64Array) => {
      law.predict(theta, x, out);
      return out[0];
    };
    return {
      log: (theta) => Math.log(predict(theta)),
      at: () => ({ ...t.at }),
      label: `loss at ${law.inputs.map((i) => `${i} = ${t.at[i].toExponential(2)}`).join(', ')}`,
      value: (params) => predict(Float64Array.from(law.params, (s) => (s.transform === 'log' ? Math.log(params[s.name]) : params[s.name]))),
    };
  }
  // The closed form needs exactly Chinchilla's parametric law over N and D.
  if (law.id !== 'chinchilla') throw new InputError(`--target-compute needs --law chinchilla (its compute-optimal allocation has a closed form); for '${law.id}' give --target-n and --target-d`);
  const opt = (params: Record<string, number>) => {
    const p = chinchillaParamsOf(params);
    if (!p) throw new InputError('the fit has no Chinchilla parameters E, A, B, alpha, beta');
    return optimalForCompute(p, t.C, t.flopsPerParamToken);
  };
  return {
    log: (theta) => Math.log(opt(toReported(law, theta)).N),
    at: (theta) => {
      const o = opt(toReported(law, theta));
      return { N: o.N, D: o.D };
    },
    label: `compute-optimal N at C = ${t.C.toExponential(2)} FLOPs`,
    value: (params) => opt(params).N,
  };
}
