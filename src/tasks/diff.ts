// The diff task (`scaling-laws diff`): two FitReports → what changed (src/core/report/diff.ts).
import { InputError } from '../core/errors';
import { diffReports, type ReportDiff } from '../core/report/diff';
import type { DiffRequest } from '../protocol/tasks';
import type { TaskContext } from './context';

export function diffTask(req: DiffRequest, ctx: TaskContext): ReportDiff {
  if (req.at && req.compute !== undefined) throw new InputError('give --at or --compute, not both');
  if (req.compute !== undefined && !(req.compute > 0)) throw new InputError('--compute must be a positive number of FLOPs');
  const at = req.at ? { at: req.at } : req.compute !== undefined ? { compute: req.compute, flopsPerParamToken: req.flopsPerParamToken } : undefined;
  return diffReports(ctx.files.readFitReport(req.old), ctx.files.readFitReport(req.new), at);
}
