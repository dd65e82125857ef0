// scaling-laws isoflop <runs> [--budget-column NAME] [--tolerance 0.1] [--bootstrap 200] [--seed 0] [--json]
// Chinchilla Approach 2: per FLOP budget a parabola of loss in ln N, its minimum, power laws through the minima.
import { isoFlopAnalysis, type IsoFlopRun } from '../../core/plan/approaches';
import { namedNumeric } from '../../core/plan/columns';
import { formatHumanNumber } from '../../core/table/numbers';
import { loadTable } from '../../node/loadTable';
import { columnPicker } from '../tableColumns';
import { parseArgs, RunError, UsageError, type CliIO } from '../args';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, {
    json: 'boolean', bootstrap: 'number', seed: 'number', tolerance: 'number', 'budget-column': 'string', 'min-points': 'number',
    'flops-per-param-token': 'number', N: 'string', C: 'string', D: 'string', loss: 'string',
  });
  if (positional.length !== 1) throw new UsageError('usage: scaling-laws isoflop <runs.csv> [--bootstrap K] [--seed S] [--tolerance REL] [--budget-column NAME] [--json]');
  const path = positional[0];
  const bootstrap = (flags.bootstrap as number | undefined) ?? 200;
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new UsageError('--bootstrap must be a non-negative integer');
  const tolerance = flags.tolerance as number | undefined;
  if (tolerance !== undefined && !(tolerance > 0)) throw new UsageError('--tolerance must be positive');
  const k = (flags['flops-per-param-token'] as number | undefined) ?? 6;
  const table = await loadTable(path);
  const col = columnPicker(table, path, flags);
  const N = col('N', 'N', ['N', 'params', 'model_size', 'Model Size']);
  const C = col('C', 'C', ['C', 'flops', 'compute', 'Training FLOP']);
  const D = col('D', 'D', ['D', 'tokens']);
  const L = col('loss', 'loss', ['loss', 'val_loss', 'final_loss']);
  if (!N) throw new UsageError(`${path}: no model size column (N, params); name it with --N`);
  if (!L) throw new UsageError(`${path}: no loss column; name it with --loss`);
  if (!C && !D) throw new UsageError(`${path}: needs a compute column (C, flops) or a token column (D, tokens); name it with --C or --D`);
  let budget: Float64Array | undefined;
  if (flags['budget-column']) {
    try {
      budget = namedNumeric(table, String(flags['budget-column'])).values;
    } catch (e) {
      throw new UsageError(`${path}: ${(e as Error).message}`);
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
  if (runs.length === 0) throw new UsageError(`${path}: no rows with positive N, C (or D) and a finite loss`);
  let res;
  try {
    res = isoFlopAnalysis(runs, { bootstrap, seed: (flags.seed as number | undefined) ?? 0, tolerance, minPoints: flags['min-points'] as number | undefined, flopsPerParamToken: k });
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  if (dropped) res.warnings.unshift(`${dropped} row(s) without positive N, C/D and a finite loss were skipped`);
  if (flags.json) {
    io.out(JSON.stringify({
      approach: 2,
      a: res.N.exponent, b: res.D.exponent,
      aInterval: res.N.ci95?.exponent, bInterval: res.D.ci95?.exponent,
      N: res.N, D: res.D,
      budgets: res.budgets,
      skipped: res.skipped,
      bootstrap: res.bootstrap,
      flopConvention: `C = ${k}·N·D`,
      columns: { N: N.name, C: C?.name, D: D?.name, loss: L.name, budget: flags['budget-column'] },
      warnings: res.warnings,
    }, null, 2) + '\n');
    return 0;
  }
  const iv = (x?: [number, number]) => (x ? ` [${x[0].toFixed(3)}, ${x[1].toFixed(3)}]` : '');
  io.out(`IsoFLOP (Chinchilla approach 2), ${runs.length} runs, ${res.budgets.length} budgets\n`);
  io.out(`  ${'C'.padEnd(10)} ${'runs'.padStart(4)}  ${'N_opt'.padEnd(24)} ${'D_opt'.padEnd(10)} loss_min\n`);
  for (const b of res.budgets) {
    const ci = b.ci95 ? ` [${formatHumanNumber(b.ci95.N[0])}, ${formatHumanNumber(b.ci95.N[1])}]` : '';
    io.out(`  ${b.C.toExponential(2).padEnd(10)} ${String(b.points).padStart(4)}  ${(formatHumanNumber(b.Nopt) + ci).padEnd(24)} ${formatHumanNumber(b.Dopt).padEnd(10)} ${b.lossMin.toFixed(4)}${b.interior ? '' : '  (outside sampled sizes)'}\n`);
  }
  for (const s of res.skipped) io.out(`  skipped C = ${s.C.toExponential(2)}: ${s.reason}\n`);
  io.out(`N_opt ∝ C^a, a = ${res.N.exponent.toFixed(4)}${iv(res.N.ci95?.exponent)}\n`);
  io.out(`D_opt ∝ C^b, b = ${res.D.exponent.toFixed(4)}${iv(res.D.ci95?.exponent)}${res.bootstrap ? `  (95 % intervals, ${res.bootstrap.converged}/${res.bootstrap.k} bootstrap resamples within budgets, seed ${res.bootstrap.seed})` : ''}\n`);
  for (const w of res.warnings) io.err(`warning: ${w}\n`);
  return 0;
}
