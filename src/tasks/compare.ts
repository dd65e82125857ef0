// The compare task: several laws fitted to one file with the file's own request (roles, derived
// columns, filter, exclusions), each cross-validated, ranked by out-of-sample error with AIC/BIC
// beside it. Behind `scaling-laws compare` and the Compare Laws panel.
import { CancelledError, InputError } from '../core/errors';
import { crossValidate } from '../core/fit/crossValidate';
import { lawEntry } from '../core/laws/catalog';
import { compareFigures } from '../core/report/compareFigures';
import type { FitReport } from '../core/report/fitReport';
import type { CompareRequest, CompareResult, CompareRow } from '../protocol/tasks';
import type { TaskContext } from './context';
import { buildFitSetup, fitTask } from './fit';

/** More laws than the catalog holds is a mistake; a bound keeps a request's work finite. */
const MAX_LAWS = 16;

function rowOf(report: FitReport, title: string, cv: CompareRow['cv']): CompareRow {
  const free = Object.keys(report.params).filter((p) => !Object.hasOwn(report.provenance.fixed ?? {}, p));
  return {
    law: report.law, title, formula: report.formula, n: report.n, k: free.length,
    aic: report.comparison.aic, bic: report.comparison.bic, deltaAic: 0, rmse: report.comparison.rmse, cv,
    ...(report.comparison.holdout ? { holdout: report.comparison.holdout } : {}),
    params: report.params,
    ...(report.bootstrap ? { ci95: report.bootstrap.ci95 } : {}),
    warnings: [...report.warnings, ...(report.diagnostics?.warnings ?? [])],
  };
}

export async function compareTask(req: CompareRequest, ctx: TaskContext): Promise<CompareResult> {
  const laws = [...new Set(req.laws ?? [])];
  if (!laws.length) throw new InputError('--laws: name at least one law, e.g. --laws chinchilla,kaplan,kaplan-e');
  if (laws.length > MAX_LAWS) throw new InputError(`--laws: at most ${MAX_LAWS} laws, got ${laws.length}`);
  const entries = laws.map((id) => lawEntry(id, 'runs'));
  // A file that cannot be read fails once, with its own message, not once per law.
  const table = await ctx.files.loadTable(req.fit.file, req.fit.ingest);
  const reports: FitReport[] = [];
  const rows: CompareRow[] = [];
  const failed: CompareResult['failed'] = [];
  for (const [i, entry] of entries.entries()) {
    if (ctx.shouldStop()) throw new CancelledError();
    ctx.progress({ phase: `fitting ${entry.id}`, done: i, total: entries.length });
    const fitReq = { ...req.fit, law: entry.id };
    let report: FitReport;
    try {
      report = await fitTask(fitReq, { ...ctx, progress: () => undefined, partial: undefined });
    } catch (e) {
      if (e instanceof CancelledError || (e as { cancelled?: boolean }).cancelled) throw e;
      failed.push({ law: entry.id, message: (e as Error).message });
      continue;
    }
    const setup = buildFitSetup(table, fitReq, ctx.files);
    reports.push(report);
    rows.push(rowOf(report, entry.title, crossValidate(setup.problem, report, { runs: report.data.run })));
  }
  if (!rows.length) throw new InputError(`no law could be fitted to ${req.fit.file}: ${failed.map((f) => `${f.law}: ${f.message}`).join('; ')}`);
  const bestAic = Math.min(...rows.map((r) => r.aic));
  for (const r of rows) r.deltaAic = r.aic - bestAic;
  const order = rows.map((r, i) => i).sort((a, b) => rows[a].cv.rmse - rows[b].cv.rmse || rows[a].aic - rows[b].aic);
  const spaces = [...new Set(rows.map((r) => r.cv.space))];
  const notes = [
    'Ranked by cross-validated error: each point (or run) predicted by the law refitted without it, the out-of-sample question a plan rests on.',
    'AIC and BIC penalise parameters; ΔAIC above 2 is a meaningful difference, above 10 a decisive one. They compare laws fitted to the same points with the same objective only.',
    'Held-out: each fit refitted without its largest runs and asked to predict them (extrapolation).',
  ];
  if (spaces.length > 1) notes.push('These laws use different residual spaces (log and linear): their errors compare within a space only.');
  const ns = new Set(rows.map((r) => r.n));
  if (ns.size > 1) notes.push(`The laws were fitted to different numbers of points (${[...ns].join(', ')}): AIC and BIC do not compare across them.`);
  ctx.progress({ phase: 'done', done: entries.length, total: entries.length });
  return {
    file: ctx.files.resolve(req.fit.file),
    rows: order.map((i) => rows[i]),
    failed,
    spaces,
    figures: compareFigures(order.map((i) => reports[i]), req.fit.flopsPerParamToken ?? 6),
    notes,
  };
}
