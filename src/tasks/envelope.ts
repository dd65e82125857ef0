// The envelope task (Chinchilla approach 1): training curves (one row per logged step) → the lowest
// loss over all runs at each of many log-spaced FLOP values → power laws N_opt ∝ C^a, D_opt ∝ C^b
// through the winners, with intervals from resampled runs.
import { InputError, RunError } from '../core/errors';
import { curvesFromPoints, envelopeAnalysis } from '../core/plan/approaches';
import { pickText } from '../core/plan/columns';
import type { EnvelopeRequest, EnvelopeTaskResult } from '../protocol/tasks';
import { columnPicker } from './columns';
import type { TaskContext } from './context';
import { analysisDefaults } from './isoflop';

/** Most FLOP values on the envelope grid. */
export const MAX_ENVELOPE_GRID = 10_000;

export async function envelopeTask(req: EnvelopeRequest, ctx: TaskContext): Promise<EnvelopeTaskResult> {
  const { bootstrap, k } = analysisDefaults(req);
  const grid = req.grid ?? 250;
  if (!Number.isInteger(grid) || grid < 10 || grid > MAX_ENVELOPE_GRID) throw new InputError(`--grid must be a whole number from 10 to ${MAX_ENVELOPE_GRID}`);
  const minRuns = req.minRuns ?? 2;
  if (!Number.isInteger(minRuns) || minRuns < 1 || minRuns > 10_000) throw new InputError('--min-runs must be a positive whole number');
  const names = req.columns ?? {};
  if (names.C && names.D) throw new InputError('give --C or --D, not both');
  const path = req.file;
  const table = await ctx.files.loadTable(path);
  const col = columnPicker(table, path, { ...names });
  const N = col('N', 'N', ['N', 'params', 'model_size', 'Model Size']);
  const L = col('loss', 'loss', ['loss', 'val_loss', 'train_loss']);
  const C = names.D ? undefined : col('C', 'C', ['C', 'flops', 'compute']);
  const D = C ? undefined : col('D', 'D', ['D', 'tokens', 'num_tokens']);
  let runCol: { name: string; values: string[] } | undefined;
  if (names.run) {
    const c = table.columns.find((x) => x.name === names.run);
    if (!c) throw new InputError(`${path}: no column '${names.run}' (columns: ${table.columns.map((x) => x.name).join(', ')})`);
    runCol = { name: c.name, values: c.kind === 'string' ? c.values : Array.from(c.values, String) };
  } else {
    runCol = pickText(table, 'run', ['run', 'run_id', 'name']);
  }
  if (!N) throw new InputError(`${path}: no model size column (N, params); name it with --N`);
  if (!L) throw new InputError(`${path}: no loss column; name it with --loss`);
  if (!C && !D) throw new InputError(`${path}: needs tokens (D, tokens) or compute (C, flops) per logged step; name it with --D or --C`);
  let grouped;
  try {
    grouped = curvesFromPoints({ N: N.values, loss: L.values, C: C?.values, D: D?.values, run: runCol?.values });
  } catch (e) {
    throw new InputError(`${path}: ${(e as Error).message}`);
  }
  if (grouped.curves.length < 2) throw new InputError(`${path}: found ${grouped.curves.length} training curve(s) with two or more points; the envelope needs runs of at least two model sizes${runCol ? '' : ' (without a run column, each model size is one run: name the run column with --run)'}`);
  let res;
  try {
    res = envelopeAnalysis(grouped.curves, { bootstrap, seed: req.seed ?? 0, gridPoints: grid, minRuns, keepEdges: Boolean(req.keepEdges), flopsPerParamToken: k });
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  if (grouped.short.length) res.warnings.unshift(`${grouped.short.length} run(s) with fewer than two points were left out (${grouped.short.slice(0, 5).join(', ')}${grouped.short.length > 5 ? ', …' : ''})`);
  if (grouped.skipped) res.warnings.unshift(`${grouped.skipped} row(s) without positive N, ${C ? 'C' : 'D'} and a finite loss were skipped`);
  return {
    approach: 1,
    a: res.N.exponent, b: res.D.exponent,
    aInterval: res.N.ci95?.exponent, bInterval: res.D.ci95?.exponent,
    N: res.N, D: res.D,
    runs: grouped.curves.length, sizes: new Set(grouped.curves.map((c) => c.N)).size,
    envelope: res.envelope,
    bootstrap: res.bootstrap,
    flopConvention: `C = ${k}·N·D`,
    columns: { run: runCol?.name, N: N.name, C: C?.name, D: D?.name, loss: L.name },
    warnings: res.warnings,
  };
}
