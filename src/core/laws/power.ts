// Single-variable power law with an offset: L = E + A * x^-alpha, for any one input role x
// (N, D, C, step, ...). A is fitted as log A.
import { HUBER_LOG_SUM } from './procedure';
import { logOf, type Inputs, type LawSpec } from './types';

export function powerLaw(xRole: string): LawSpec {
  return {
    id: 'power',
    title: `Power law in ${xRole}`,
    formula: `E + A * ${xRole}^(-alpha)`,
    inputs: [xRole],
    params: [
      { name: 'E', transform: 'identity', lower: 0, upper: 1e6, grid: [0, 1, 2] },
      { name: 'A', transform: 'log', fitName: 'a', lower: -30, upper: 80, grid: [0, 5, 10] },
      { name: 'alpha', transform: 'identity', lower: 0, upper: 10, grid: [0.1, 0.3, 1] },
    ],
    procedure: {
      source: 'generic single-variable power law (no single authors): this project\'s choice',
      projectChoice: true,
      objective: HUBER_LOG_SUM,
      starts: 'E in {0, 1, 2}; ln A in {0, 5, 10}; alpha in {0.1, 0.3, 1} (27 starts)',
      notes: ['Huber(1e-3) on log loss, summed, as for the Chinchilla law'],
    },
    separable: {
      linear: ['E', 'A'],
      basis(p, x, out) {
        const lx = logOf(x[xRole]), n = lx.length;
        for (let i = 0; i < n; i++) {
          out[i] = 1;
          out[n + i] = Math.exp(-p[2] * lx[i]);
        }
      },
    },
    predict(p: Float64Array, x: Inputs, out: Float64Array) {
      const X = x[xRole];
      const E = p[0], a = p[1], alpha = p[2];
      for (let i = 0; i < out.length; i++) out[i] = E + Math.exp(a - alpha * Math.log(X[i]));
    },
    gradient(p: Float64Array, x: Inputs, out: Float64Array) {
      const X = x[xRole];
      const a = p[1], alpha = p[2];
      for (let i = 0, o = 0; i < X.length; i++, o += 3) {
        const lx = Math.log(X[i]);
        const t = Math.exp(a - alpha * lx);
        out[o] = 1;
        out[o + 1] = t;
        out[o + 2] = -lx * t;
      }
    },
  };
}
