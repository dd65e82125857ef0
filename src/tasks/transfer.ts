// The transfer chain (compute → loss → other loss → downstream error): the chained prediction at a
// budget with its joint interval, a sweep over compute, and each later stage's data and curve.
import { InputError } from '../core/errors';
import { createLaw } from '../core/laws/registry';
import { predictOne } from '../core/laws/types';
import { logspace } from '../core/numeric/grids';
import { percentileInterval } from '../core/numeric/stats';
import type { FitReport } from '../core/report/fitReport';
import { evaluateChain } from '../core/transfer/chain';
import type { ChainRequest, ChainSweepResult, SourceCurve } from '../protocol/transferTasks';
import type { TaskContext } from './context';

/** Data, fitted curve and 95 % bootstrap band of a one-input stage (loss-to-loss, downstream). */
export function sourceCurve(report: FitReport, stage: number, points = 80): SourceCurve | undefined {
  const law = createLaw(report.law, (report.lawOptions ?? {}) as Record<string, string>);
  if (law.inputs.length !== 1) return undefined;
  const input = law.inputs[0];
  const xs = report.data?.inputs?.[input] ?? [];
  const ys = report.data?.loss ?? [];
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) if (Number.isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  if (!Number.isFinite(lo)) return undefined;
  const pad = (hi - lo) * 0.1 || Math.abs(lo) * 0.05 || 0.1;
  let x0 = lo - pad;
  if (report.params.E_x !== undefined) x0 = Math.max(x0, report.params.E_x + 1e-6 * (1 + Math.abs(report.params.E_x)));
  const x = Array.from({ length: points }, (_, i) => x0 + ((hi + pad - x0) * i) / (points - 1));
  const y = x.map((v) => predictOne(law, report.params, { [input]: v }));
  const names = Object.keys(report.params);
  const samples = report.bootstrap?.samples ?? [];
  const bandLo: number[] = [], bandHi: number[] = [];
  for (const v of x) {
    const vals: number[] = [];
    for (const s of samples) {
      const p: Record<string, number> = Object.create(null); // null prototype: keys are user-typed names
      names.forEach((nm, j) => (p[nm] = s[j]));
      const r = predictOne(law, p, { [input]: v });
      if (Number.isFinite(r)) vals.push(r);
    }
    const iv = percentileInterval(vals);
    bandLo.push(iv ? iv[0] : NaN);
    bandHi.push(iv ? iv[1] : NaN);
  }
  return { stage, law: report.law, input, points: { x: xs, y: ys, run: report.data?.run }, curve: { x, y, lo: bandLo, hi: bandHi }, params: report.params };
}

export function chainTask(a: ChainRequest, ctx: TaskContext): ChainSweepResult {
  if ((a.reports === undefined) === (a.fits === undefined)) throw new InputError('give the chain as FitReport files or reports');
  const reports: FitReport[] = a.reports ?? (a.fits ?? []).map((f) => ctx.files.readFitReport(f));
  if (!reports.length) throw new InputError('a chain needs at least one fit');
  if (!(a.C > 0 && Number.isFinite(a.C))) throw new InputError('the compute budget C must be a positive number of FLOPs');
  const n = a.sweepPoints ?? 25;
  if (!(Number.isInteger(n) && n >= 2 && n <= 1000)) throw new InputError('sweep points must be a whole number from 2 to 1000');
  let at;
  try {
    at = evaluateChain(reports, { C: a.C });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const dec = a.sweepDecades ?? 1.5;
  if (!(dec > 0 && dec <= 10)) throw new InputError('sweep decades must be in (0, 10]');
  const Cs = logspace(a.C / 10 ** dec, a.C * 10 ** dec, n);
  const stages = reports.map(() => ({ pred: [] as number[], lo: [] as number[], hi: [] as number[] }));
  Cs.forEach((C, i) => {
    if (ctx.shouldStop()) throw Object.assign(new Error('cancelled'), { cancelled: true });
    let r;
    try {
      r = evaluateChain(reports, { C });
    } catch {
      r = undefined;
    }
    stages.forEach((st, s) => {
      const sr = r?.stages[s];
      st.pred.push(sr ? sr.prediction : NaN);
      st.lo.push(sr?.interval ? sr.interval[0] : NaN);
      st.hi.push(sr?.interval ? sr.interval[1] : NaN);
    });
    ctx.progress({ phase: 'sweep', done: i + 1, total: Cs.length });
  });
  const sources = reports.map((r, s) => (s > 0 ? sourceCurve(r, s) : undefined)).filter((x): x is SourceCurve => !!x);
  return { C: a.C, at, sweep: { C: Cs, stages }, sources, laws: reports.map((r) => r.law) };
}

