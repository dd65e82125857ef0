// The figures task: a FitReport (a file or one in memory) → the figures every face draws.
import { InputError } from '../core/errors';
import { buildFigures, type FigureSet } from '../core/report/figures';
import { notAFitReport, type FitReport } from '../core/report/fitReport';
import type { FiguresRequest } from '../protocol/tasks';
import type { TaskContext } from './context';

export function figuresTask(req: FiguresRequest, ctx: TaskContext): FigureSet {
  if ((req.fit === undefined) === (req.report === undefined)) throw new InputError('give exactly one of --fit FILE or a report');
  const report: FitReport = req.report ?? ctx.files.readFitReport(req.fit as string);
  const problem = notAFitReport(report);
  if (problem) throw new InputError(problem);
  if (!report.data || !Array.isArray(report.data.loss)) throw new InputError('this FitReport carries no fitted data (written by an old version?): refit to draw it');
  if (req.maxBandDraws !== undefined && !(Number.isInteger(req.maxBandDraws) && req.maxBandDraws >= 0 && req.maxBandDraws <= 100_000)) throw new InputError('--max-band-draws must be a whole number from 0 to 100000');
  if (req.flopsPerParamToken !== undefined && !(req.flopsPerParamToken > 0 && req.flopsPerParamToken <= 100)) throw new InputError('--flops-per-param-token must be in (0, 100]');
  return buildFigures(report, { flopsPerParamToken: req.flopsPerParamToken, maxBandDraws: req.maxBandDraws });
}
