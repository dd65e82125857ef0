// Figures of a law comparison, from the same Figure model the panels and the report draw: every
// law's predictions against the observed losses (one colour per law, the diagonal is perfect),
// and every law's residuals against compute (or the law's first input), overlaid.
import type { FitReport } from './fitReport';
import { axisTitle, type Figure, type FigureSet, type Trace } from './figures';

function fmtFull(v: number): string {
  return Number.isFinite(v) ? String(+v.toPrecision(6)) : String(v);
}

/** The x of the residual figure: C = k·N·D when the laws read N and D, else their first shared input. */
function residualAxis(reports: FitReport[], k: number): { name: string; values: (r: FitReport) => number[] } | undefined {
  const shared = Object.keys(reports[0].data.inputs).filter((i) => reports.every((r) => Object.hasOwn(r.data.inputs, i)));
  if (shared.includes('N') && shared.includes('D')) return { name: 'C', values: (r) => r.data.inputs.N.map((n, i) => k * n * r.data.inputs.D[i]) };
  const first = shared[0];
  return first === undefined ? undefined : { name: first, values: (r) => r.data.inputs[first] };
}

export function compareFigures(reports: FitReport[], flopsPerParamToken = 6): FigureSet {
  const figures: Figure[] = [];
  if (reports.length) {
    const all = reports.flatMap((r) => [...r.data.loss, ...r.data.predicted]).filter((v) => Number.isFinite(v) && v > 0);
    const lo = Math.min(...all), hi = Math.max(...all);
    const parity: Trace[] = [{ name: 'predicted = observed', kind: 'line', role: 'reference', x: [lo, hi], y: [lo, hi] }];
    reports.forEach((r, g) => {
      const text = r.data.loss.map((y, i) => `${r.law}${r.data.run?.[i] ? ` · ${r.data.run[i]}` : ''}\nobserved ${fmtFull(y)}\npredicted ${fmtFull(r.data.predicted[i])}`);
      parity.push({ name: r.law, kind: 'points', role: 'fit', group: g, x: r.data.loss, y: r.data.predicted, text });
    });
    figures.push({ id: 'compare-parity', title: 'Predicted against observed loss', x: { title: 'observed loss', log: true }, y: { title: 'predicted loss (in-sample fit)', log: true }, traces: parity, note: 'Points on the diagonal are predicted exactly. In-sample: the cross-validated error in the table is the out-of-sample check.' });
    const ax = residualAxis(reports, flopsPerParamToken);
    if (ax) {
      const res: Trace[] = [];
      reports.forEach((r, g) => {
        const x = ax.values(r);
        const log = r.objective.space === 'log';
        const y = r.data.loss.map((v, i) => (log ? Math.log(v) - Math.log(r.data.predicted[i]) : v - r.data.predicted[i]));
        res.push({ name: `${r.law} (${log ? 'log' : 'linear'} residual)`, kind: 'points', role: 'fit', group: g, x, y, text: y.map((e, i) => `${r.law}${r.data.run?.[i] ? ` · ${r.data.run[i]}` : ''}\n${ax.name} ${fmtFull(x[i])}\nresidual ${fmtFull(e)}`) });
      });
      const xs = res.flatMap((t) => t.x).filter((v) => v > 0);
      res.unshift({ name: 'zero', kind: 'line', role: 'reference', x: [Math.min(...xs), Math.max(...xs)], y: [0, 0] });
      figures.push({ id: 'compare-residuals', title: `Residuals against ${ax.name === 'C' ? 'compute' : ax.name}`, x: { title: axisTitle(ax.name), log: true }, y: { title: 'residual (law space)', log: false }, traces: res, note: ax.name === 'C' ? `C = ${flopsPerParamToken}·N·D. A trend with compute means the law bends differently from the data where it will be extrapolated.` : 'A trend means the law misses the shape of the data.' });
    }
  }
  return { figures, flopsPerParamToken, bandDraws: 0 };
}
