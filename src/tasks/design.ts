// The design task (`scaling-laws design`): fit the runs so far exactly as `fit` does (bootstrap by
// default, outliers flagged), then propose the k runs that shrink the target's interval most
// (src/core/design). The fit's own report rides along for the outliers and warnings it carries.
import { checkDesignOptions, designRuns, type DesignTarget } from '../core/design/design';
import { designFigures } from '../core/design/figures';
import { InputError } from '../core/errors';
import type { DesignRequest, DesignTaskResult } from '../protocol/tasks';
import type { TaskContext } from './context';
import { fitTask } from './fit';

export function designTarget(req: DesignRequest): DesignTarget {
  const byCompute = req.targetCompute !== undefined;
  const byPoint = req.targetN !== undefined || req.targetD !== undefined;
  if (byCompute === byPoint) throw new InputError('give the target as --target-compute C (the compute-optimal N at C) or as --target-n N --target-d D (the loss there)');
  if (byCompute) {
    if (!(req.targetCompute! > 0)) throw new InputError('--target-compute must be a positive number of FLOPs');
    return { kind: 'compute', C: req.targetCompute!, flopsPerParamToken: req.flopsPerParamToken ?? 6 };
  }
  if (!(req.targetN! > 0 && req.targetD! > 0)) throw new InputError('--target-n and --target-d must both be given, and positive');
  return { kind: 'loss', at: { N: req.targetN!, D: req.targetD! } };
}

export async function designTask(req: DesignRequest, ctx: TaskContext): Promise<DesignTaskResult> {
  const target = designTarget(req); // before the fit: a bad target should not cost a fit
  if (req.bootstrap === 0) throw new InputError('design works on the bootstrap ensemble: --bootstrap must be at least 20 (default 400)');
  const { budgetFlops, k, targetCompute, targetN, targetD, maxN, maxD, minTokensPerParam, maxTokensPerParam, ...fit } = req;
  void targetCompute, targetN, targetD;
  const options = { budget: budgetFlops, k, maxN, maxD, minTokensPerParam, maxTokensPerParam };
  checkDesignOptions(options);
  const report = await fitTask(fit, ctx);
  ctx.progress({ phase: 'design', done: 0, total: 1 });
  const result = designRuns(report, { target, ...options, flopsPerParamToken: req.flopsPerParamToken });
  ctx.progress({ phase: 'design', done: 1, total: 1 });
  return { ...result, figures: designFigures(report, result, req.flopsPerParamToken ?? 6) };
}
