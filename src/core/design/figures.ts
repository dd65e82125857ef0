// The design drawn in the (N, D) plane with the one figure model: the runs so far, the designed
// runs (with their reasons in the hover), the naive grid of the same compute, and the target.
import type { FitReport } from '../report/fitReport';
import type { Figure, FigureSet, Trace } from '../report/figures';
import type { DesignResult } from './design';

const human = (v: number) => v.toExponential(3);

export function designFigures(report: FitReport, d: DesignResult, flopsPerParamToken = 6): FigureSet {
  const N = report.data.inputs.N, D = report.data.inputs.D;
  if (!N || !D) return { figures: [], flopsPerParamToken, bandDraws: 0 };
  const traces: Trace[] = [
    { name: `runs so far (${N.length})`, kind: 'points', role: 'data', group: 0, x: N, y: D, text: N.map((n, i) => `${report.data.run?.[i] ?? `run ${i + 1}`}\nN ${human(n)}, D ${human(D[i])}\nloss ${report.data.loss[i]}`) },
    { name: `naive grid (${d.naive.length} runs, same compute)`, kind: 'points', role: 'excluded', x: d.naive.map((c) => c.N), y: d.naive.map((c) => c.D), text: d.naive.map((c) => `naive grid\nN ${human(c.N)}, D ${human(c.D)}\nC ${human(c.flops)} FLOPs`) },
    { name: `designed runs (${d.runs.length})`, kind: 'points', role: 'flagged', x: d.runs.map((r) => r.N), y: d.runs.map((r) => r.D), text: d.runs.map((r, i) => `designed run ${i + 1}\nN ${human(r.N)}, D ${human(r.D)} (${r.tokensPerParam.toFixed(1)} tokens/param)\nC ${human(r.flops)} FLOPs\n${r.why.text}`) },
  ];
  const at = d.target.at;
  if (at.N !== undefined && at.D !== undefined) traces.push({ name: `target: ${d.target.label}`, kind: 'points', role: 'reference', x: [at.N], y: [at.D], text: [`${d.target.label}\nN ${human(at.N)}, D ${human(at.D)}`] });
  const fig: Figure = {
    id: 'design-nd', title: 'Where the next runs go', x: { title: 'N, parameters', log: true }, y: { title: 'D, training tokens', log: true }, traces,
    note: `Crosses: the designed runs; open circles: a naive grid of the same compute; the target is where the question is asked (C = ${flopsPerParamToken}·N·D).`,
  };
  return { figures: [fig], flopsPerParamToken, bandDraws: 0 };
}
