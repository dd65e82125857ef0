// Downstream metrics from a loss (input 'x', the target in the 'loss' role, e.g. an error rate):
// - 'downstream': Err(L) = eps - k exp(-gamma L) (Gadre et al. 2024, arXiv 2403.08540; the
//   authors fit it with scipy curve_fit on raw error). k is fitted as log k.
// - 'downstream-sigmoid': accuracy as a falling sigmoid of loss,
//   Acc(L) = c + a / (1 + exp(s (L - L0))): c the floor (chance), c + a the ceiling, L0 the
//   loss at the midpoint, s the steepness.
import { L2_LINEAR_SUM } from './procedure';
import type { Inputs, LawSpec } from './types';

export const downstream: LawSpec = {
  id: 'downstream',
  title: 'Downstream error from loss (exponential)',
  formula: 'eps - k * exp(-gamma * x)',
  inputs: ['x'],
  params: [
    // curve_fit's default start p0 = (1, 1, 1): eps = 1, k = 1 (ln k = 0), gamma = 1.
    { name: 'eps', transform: 'identity', lower: -10, upper: 10, grid: [1] },
    { name: 'k', transform: 'log', fitName: 'logk', lower: -30, upper: 30, grid: [0] },
    { name: 'gamma', transform: 'identity', lower: 1e-6, upper: 50, grid: [1] },
  ],
  grids: { wide: { eps: [0.5, 1], k: [-1, 0, 1, 3], gamma: [0.3, 1, 3] } },
  procedure: {
    source: 'Gadre et al. 2024 (arXiv 2403.08540), mlfoundations/scaling scaling/shared.py fit_ds',
    objective: L2_LINEAR_SUM,
    starts: "scipy curve_fit's default start: eps = k = gamma = 1 (one start; --starts wide gives 24)",
    notes: ['they fit with scipy curve_fit (Levenberg-Marquardt) on raw error; we minimise the same sum of squares with L-BFGS-B'],
  },
  predict(p: Float64Array, x: Inputs, out: Float64Array) {
    const X = x.x;
    const eps = p[0], logk = p[1], gamma = p[2];
    for (let i = 0; i < out.length; i++) out[i] = eps - Math.exp(logk - gamma * X[i]);
  },
  gradient(p: Float64Array, x: Inputs, out: Float64Array) {
    const X = x.x;
    const logk = p[1], gamma = p[2];
    for (let i = 0, o = 0; i < X.length; i++, o += 3) {
      const t = Math.exp(logk - gamma * X[i]);
      out[o] = 1;
      out[o + 1] = -t;
      out[o + 2] = X[i] * t;
    }
  },
};

export const downstreamSigmoid: LawSpec = {
  id: 'downstream-sigmoid',
  title: 'Downstream accuracy from loss (sigmoid)',
  formula: 'c + a / (1 + exp(s * (x - L0)))',
  inputs: ['x'],
  params: [
    { name: 'a', transform: 'identity', lower: 0, upper: 2, grid: [0.3, 0.7] },
    { name: 'c', transform: 'identity', lower: -1, upper: 1, grid: [0, 0.25] },
    { name: 's', transform: 'identity', lower: 1e-4, upper: 200, grid: [1, 5, 15] },
    { name: 'L0', transform: 'identity', lower: -20, upper: 20, grid: [1, 2, 3, 4] },
  ],
  procedure: {
    source: 'sigmoid of loss as in Xiao et al. 2024 (arXiv 2412.04315, Eq. 3), who publish no fitting procedure: this project\'s choice',
    projectChoice: true,
    objective: L2_LINEAR_SUM,
    starts: 'a in {0.3, 0.7}; c in {0, 0.25}; s in {1, 5, 15}; L0 in {1, 2, 3, 4} (48 starts)',
    notes: ['least squares on the raw score (a bounded score is not a log-normal quantity)'],
  },
  predict(p: Float64Array, x: Inputs, out: Float64Array) {
    const X = x.x;
    const a = p[0], c = p[1], s = p[2], L0 = p[3];
    for (let i = 0; i < out.length; i++) out[i] = c + a / (1 + Math.exp(s * (X[i] - L0)));
  },
  gradient(p: Float64Array, x: Inputs, out: Float64Array) {
    const X = x.x;
    const a = p[0], s = p[2], L0 = p[3];
    for (let i = 0, o = 0; i < X.length; i++, o += 4) {
      const u = X[i] - L0;
      const sg = 1 / (1 + Math.exp(s * u)); // sigma(-s u)
      const d = a * sg * (1 - sg); // -d/d(s u) of a*sigma(-s u)
      out[o] = sg;
      out[o + 1] = 1;
      out[o + 2] = -d * u;
      out[o + 3] = d * s;
    }
  },
};
