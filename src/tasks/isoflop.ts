// The IsoFLOP task (Chinchilla approach 2): per FLOP budget a parabola of loss in ln N, its
// minimum, and power laws N_opt ∝ C^a, D_opt ∝ C^b through the minima, with bootstrap intervals.
import { InputError, RunError } from '../core/errors';
import { isoFlopAnalysis, type IsoFlopRun } from '../core/plan/approaches';
import { chinchillaParamsOf, optimalForCompute } from '../core/plan/computeOptimal';
import { isoflopBias, type IsoFlopBias } from '../core/plan/isoflopBias';
import { fitTask } from './fit';
import { namedNumeric } from '../core/plan/columns';
import type { IsoflopRequest, IsoflopResult } from '../protocol/tasks';
import { columnPicker } from './columns';
import type { TaskContext } from './context';
import { checkCount, COUNT_LIMITS } from './flags/limits';

/** Most bootstrap resamples an analysis may ask for. */
export const MAX_ANALYSIS_BOOTSTRAP = COUNT_LIMITS.bootstrap.max;

/** The options every planning analysis validates the same way. */
export function analysisDefaults(req: { bootstrap?: number; seed?: number; flopsPerParamToken?: number }): { bootstrap: number; k: number } {
  const bootstrap = req.bootstrap ?? 200;
  checkCount('bootstrap', bootstrap);
  checkCount('seed', req.seed);
  const k = req.flopsPerParamToken ?? 6;
  if (!(k > 0 && k <= 100)) throw new InputError('--flops-per-param-token must be in (0, 100]');
  return { bootstrap, k };
}

export async function isoflopTask(req: IsoflopRequest, ctx: TaskContext): Promise<IsoflopResult> {
  const { bootstrap, k } = analysisDefaults(req);
  if (req.tolerance !== undefined && !(req.tolerance > 0 && req.tolerance < 10)) throw new InputError('--tolerance must be a positive fraction');
  if (req.minPoints !== undefined && !(Number.isInteger(req.minPoints) && req.minPoints >= 3 && req.minPoints <= 1000)) throw new InputError('--min-points must be a whole number from 3 to 1000');
  const path = req.file;
  const table = await ctx.files.loadTable(path);
  const names = req.columns ?? {};
  const col = columnPicker(table, path, { ...names });
  const N = col('N', 'N', ['N', 'params', 'model_size', 'Model Size']);
  const C = col('C', 'C', ['C', 'flops', 'compute', 'Training FLOP']);
  const D = col('D', 'D', ['D', 'tokens']);
  const L = col('loss', 'loss', ['loss', 'val_loss', 'final_loss']);
  if (!N) throw new InputError(`${path}: no model size column (N, params); name it with --N`);
  if (!L) throw new InputError(`${path}: no loss column; name it with --loss`);
  if (!C && !D) throw new InputError(`${path}: needs a compute column (C, flops) or a token column (D, tokens); name it with --C or --D`);
  let budget: Float64Array | undefined;
  if (names.budget) {
    try {
      budget = namedNumeric(table, names.budget).values;
    } catch (e) {
      throw new InputError(`${path}: ${(e as Error).message}`);
    }
  }
  const runs: IsoFlopRun[] = [];
  let dropped = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const r: IsoFlopRun = { N: N.values[i], loss: L.values[i], C: C?.values[i], D: D?.values[i], budget: budget?.[i] };
    const c = r.C !== undefined && Number.isFinite(r.C) ? r.C : r.D !== undefined ? k * r.N * r.D : NaN;
    if (!(r.N > 0) || !(c > 0) || !Number.isFinite(r.loss) || (budget && !Number.isFinite(r.budget as number))) {
      dropped++;
      continue;
    }
    if (!(r.C !== undefined && Number.isFinite(r.C))) r.C = c;
    runs.push(r);
  }
  if (runs.length === 0) throw new InputError(`${path}: no rows with positive N, C (or D) and a finite loss`);
  let res;
  try {
    res = isoFlopAnalysis(runs, { bootstrap, seed: req.seed ?? 0, tolerance: req.tolerance, minPoints: req.minPoints, flopsPerParamToken: k });
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  if (dropped) res.warnings.unshift(`${dropped} row(s) without positive N, C/D and a finite loss were skipped`);
  const check = await approach3Check(req, ctx, runs, { N: N.name, C: C?.name, D: D?.name, loss: L.name }, k, req.tolerance);
  if (check.bias?.warning) res.warnings.push(check.bias.warning);
  if (check.failed) res.warnings.push(`no approach-3 check: ${check.failed}`);
  return {
    approach: 2,
    a: res.N.exponent, b: res.D.exponent,
    aInterval: res.N.ci95?.exponent, bInterval: res.D.ci95?.exponent,
    N: res.N, D: res.D,
    sumAB: res.sumAB,
    DSource: res.DSource,
    ...(res.budgetRatio ? { budgetRatio: res.budgetRatio } : {}),
    budgets: res.budgets,
    skipped: res.skipped,
    bootstrap: res.bootstrap,
    flopConvention: `C = ${k}·N·D`,
    columns: { N: N.name, C: C?.name, D: D?.name, loss: L.name, budget: names.budget },
    runs: runs.length,
    ...(check.approach3 ? { approach3: check.approach3 } : {}),
    ...(check.bias ? { bias: check.bias } : {}),
    warnings: res.warnings,
  };
}

/**
 * Approach 3 on the same runs (the Chinchilla law by variable projection, the file's columns), and
 * with it as the truth, the bias this sampling gives approach 2 at 10× the largest budget.
 */
async function approach3Check(req: IsoflopRequest, ctx: TaskContext, runs: IsoFlopRun[], cols: { N: string; C?: string; D?: string; loss: string }, k: number, tolerance?: number): Promise<{ approach3?: IsoflopResult['approach3']; bias?: IsoFlopBias; failed?: string }> {
  const map: Record<string, string> = { N: cols.N, loss: cols.loss, ...(cols.D ? { D: cols.D } : cols.C ? { C: cols.C } : {}) };
  let report;
  try {
    report = await fitTask({ file: req.file, law: 'chinchilla', map, bootstrap: 0, procedure: 'vpnls', flopsPerParamToken: k }, { ...ctx, progress: () => undefined });
  } catch (e) {
    if ((e as { cancelled?: boolean }).cancelled) throw e;
    return { failed: (e as Error).message };
  }
  const law = chinchillaParamsOf(report.params);
  if (!law) return { failed: 'the approach-3 fit has no Chinchilla parameters' };
  const targetC = 10 * Math.max(...runs.map((r) => r.C ?? 0));
  const opt = optimalForCompute(law, targetC, k);
  const approach3 = { a: law.beta / (law.alpha + law.beta), b: law.alpha / (law.alpha + law.beta), params: report.params, targetC, Dopt: opt.D };
  return { approach3, bias: isoflopBias(runs, law, targetC, { flopsPerParamToken: k, tolerance }) };
}
