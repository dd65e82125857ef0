// Figures of a training-curve fit under its learning-rate schedule (the report's section for a log
// with step, lr and loss): the observed loss with the law's curve, and the schedule it was given.
import type { CurveData } from '../curves/curveLaws';
import type { Figure, FigureSet } from './figures';

const full = (v: number) => String(+v.toPrecision(6));

export function curveFigures(curve: CurveData, predicted: ArrayLike<number>, lawTitle: string): FigureSet {
  const steps = Array.from(curve.steps);
  const loss: Figure = {
    id: 'curve-loss', title: 'Loss against step', x: { title: 'step', log: false }, y: { title: 'loss', log: true },
    traces: [
      { name: 'observed', kind: 'points', role: 'data', x: steps, y: Array.from(curve.loss), text: steps.map((s, i) => `step ${s}\nloss ${full(curve.loss[i])}\npredicted ${full(predicted[i])}`) },
      { name: `${lawTitle}, fitted`, kind: 'line', role: 'fit', x: steps, y: Array.from(predicted) },
    ],
    note: 'The law sees the whole learning-rate schedule up to each step (right): its curve bends where the schedule decays.',
  };
  // The schedule per step (eta[s - 1] is the rate at step s), thinned to at most 2000 points.
  const T = curve.eta.length;
  const stride = Math.max(1, Math.ceil(T / 2000));
  const sx: number[] = [], sy: number[] = [];
  for (let s = 1; s <= T; s += stride) {
    sx.push(s);
    sy.push(curve.eta[s - 1]);
  }
  const lr: Figure = {
    id: 'curve-lr', title: 'Learning-rate schedule', x: { title: 'step', log: false }, y: { title: 'learning rate', log: false },
    traces: [{ name: curve.schedule ? `schedule (${curve.schedule})` : 'schedule (from the lr column)', kind: 'line', role: 'reference', x: sx, y: sy }],
  };
  return { figures: [loss, lr], flopsPerParamToken: 6, bandDraws: 0 };
}
