// The report task: every log under some files and folders, each fitted by the law its columns
// call for, with the figures the HTML report draws. The CLI renders the HTML; the figures are the
// same ones the results panel draws for the same FitReport.
import { basename, dirname, relative } from 'node:path';
import { InputError } from '../core/errors';
import { predictCurve } from '../core/curves/fitCurves';
import { curveFigures } from '../core/report/curveFigures';
import { buildFigures, type FigureSet } from '../core/report/figures';
import type { CurveSection } from '../core/report/html';
import type { RunTable } from '../core/table/runTable';
import type { FitRequest, ReportRequest, ReportResult, ReportSection } from '../protocol/tasks';
import type { TaskContext } from './context';
import { FIT_DEFAULTS } from './defaults';
import { curveFitTask, curveLaw, loadCurve } from './curve';
import { fitTask } from './fit';

/** The fit a table's columns call for, and why; undefined with the reason when none applies. */
export function chooseFit(table: RunTable): { request: Omit<FitRequest, 'file'>; why: string } | { curve: 'multipower'; why: string } | { skip: string } {
  const roles = new Set(table.columns.filter((c) => c.role).map((c) => c.role as string));
  if (roles.has('loss') && roles.has('N') && (roles.has('D') || roles.has('C'))) {
    return { request: { law: 'chinchilla' }, why: `final losses with model size N and ${roles.has('D') ? 'tokens D' : 'compute C'}: the Chinchilla law L = E + A/N^α + B/D^β` };
  }
  if (roles.has('loss') && roles.has('step') && roles.has('lr')) {
    return { curve: 'multipower', why: 'a training curve with its learning-rate schedule (an lr column): the multi-power law (Luo et al. 2025), which predicts the loss from the whole schedule, so the decay phase is modelled rather than fitted as noise' };
  }
  if (roles.has('loss') && roles.has('step')) {
    return { request: { law: 'power', x: 'step', starts: '64' }, why: 'a training curve (loss against step) without a learning-rate schedule: a power law in steps' };
  }
  return { skip: `no fit applies: found roles ${[...roles].join(', ') || 'none'} (need loss with N and D or C, or loss with step)` };
}

/** A training curve fitted by a schedule-aware law, as `scaling-laws curve fit FILE --law LAW` does. */
async function curveSection(file: string, lawId: 'multipower', ctx: TaskContext): Promise<{ curve: CurveSection; figures: FigureSet }> {
  const quiet = { ...ctx, progress: () => undefined };
  const fit = await curveFitTask({ files: [file], law: lawId, map: {} }, quiet);
  const loaded = await loadCurve(quiet, file, undefined, {}, true);
  const law = curveLaw(lawId);
  const single = fit.fits[0];
  const predicted = predictCurve(law, single.vector, loaded.curve.eta, loaded.curve.steps);
  const curve: CurveSection = {
    law: fit.law, title: law.title, formula: fit.formula, params: single.params, metrics: fit.curves[0].metrics,
    schedule: fit.inputs[0].schedule || 'from the lr column',
    objective: { kind: fit.objective.kind, delta: fit.objective.delta, space: fit.objective.space, value: single.objective },
    starts: { tried: single.startsTried, converged: single.startsConverged },
    command: `scaling-laws curve fit ${basename(file)} --law ${lawId}`,
    warnings: fit.warnings,
  };
  return { curve, figures: curveFigures(loaded.curve, predicted, law.title) };
}

export async function reportTask(req: ReportRequest, ctx: TaskContext): Promise<ReportResult> {
  if (!req.paths.length) throw new InputError('report needs at least one file or folder');
  const { files, skipped } = ctx.files.listLogs(req.paths);
  const sections: ReportSection[] = [];
  const bootstrap = req.bootstrap ?? FIT_DEFAULTS.bootstrap;
  const base = (file: string) => {
    const top = req.paths.find((p) => file === p || file.startsWith(p.endsWith('/') ? p : p + '/'));
    return top && top !== file ? relative(top, file) : basename(file);
  };
  for (const [i, file] of files.entries()) {
    ctx.progress({ phase: 'report', done: i, total: files.length });
    const title = basename(file), source = base(file);
    let table: RunTable;
    try {
      table = await ctx.files.loadTable(file);
    } catch (e) {
      sections.push({ title, source, skipped: (e as Error).message });
      continue;
    }
    const choice = chooseFit(table);
    if ('skip' in choice) {
      sections.push({ title, source, skipped: choice.skip });
      continue;
    }
    if ('curve' in choice) {
      try {
        const { curve, figures } = await curveSection(file, choice.curve, ctx);
        sections.push({ title, source, curve, figures, choice: choice.why });
      } catch (e) {
        if ((e as { cancelled?: boolean }).cancelled) throw e;
        sections.push({ title, source, skipped: (e as Error).message });
      }
      continue;
    }
    try {
      const report = await fitTask({ file, ...choice.request, bootstrap, seed: req.seed, ...(req.flopsPerParamToken ? { flopsPerParamToken: req.flopsPerParamToken } : {}) }, { ...ctx, progress: () => undefined });
      sections.push({ title, source, report, figures: buildFigures(report), choice: choice.why });
    } catch (e) {
      if ((e as { cancelled?: boolean }).cancelled) throw e;
      sections.push({ title, source, skipped: (e as Error).message });
    }
  }
  for (const s of skipped) sections.push({ title: basename(s.path), source: relative(dirname(s.path), s.path), skipped: s.reason });
  ctx.progress({ phase: 'report', done: files.length, total: files.length });
  return { title: req.title ?? 'Scaling-law report', sections };
}
