// scaling-laws envelope <curves> [--run COL] [--N COL] [--D COL | --C COL] [--loss COL] [--grid 250]
//     [--min-runs 2] [--keep-edges] [--bootstrap 200] [--seed 0] [--flops-per-param-token 6] [--json]
// Chinchilla Approach 1: training curves (one row per logged step) → the lowest loss over all runs
// at each of many log-spaced FLOP values → power laws N_opt ∝ C^a, D_opt ∝ C^b through the winners.
import { curvesFromPoints, envelopeAnalysis } from '../../core/plan/approaches';
import { pickText } from '../../core/plan/columns';
import { formatHumanNumber } from '../../core/table/numbers';
import { loadTable } from '../../node/loadTable';
import { columnPicker } from '../tableColumns';
import { parseArgs, RunError, UsageError, type CliIO } from '../args';

const USAGE = 'usage: scaling-laws envelope <curves.csv|jsonl|folder> [--run COL] [--N COL] [--D COL | --C COL] [--loss COL] [--grid G] [--min-runs K] [--keep-edges] [--bootstrap K] [--seed S] [--json]';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, {
    json: 'boolean', bootstrap: 'number', seed: 'number', grid: 'number', 'min-runs': 'number', 'keep-edges': 'boolean',
    'flops-per-param-token': 'number', run: 'string', N: 'string', C: 'string', D: 'string', loss: 'string',
  });
  if (positional.length !== 1) throw new UsageError(USAGE);
  const path = positional[0];
  const bootstrap = (flags.bootstrap as number | undefined) ?? 200;
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new UsageError('--bootstrap must be a non-negative integer');
  const grid = (flags.grid as number | undefined) ?? 250;
  if (!Number.isInteger(grid) || grid < 10) throw new UsageError('--grid must be an integer of at least 10');
  const minRuns = (flags['min-runs'] as number | undefined) ?? 2;
  if (!Number.isInteger(minRuns) || minRuns < 1) throw new UsageError('--min-runs must be a positive integer');
  const k = (flags['flops-per-param-token'] as number | undefined) ?? 6;
  if (flags.C && flags.D) throw new UsageError('give --C or --D, not both');

  const table = await loadTable(path);
  const col = columnPicker(table, path, flags);
  const N = col('N', 'N', ['N', 'params', 'model_size', 'Model Size']);
  const L = col('loss', 'loss', ['loss', 'val_loss', 'train_loss']);
  const C = flags.D ? undefined : col('C', 'C', ['C', 'flops', 'compute']);
  const D = C ? undefined : col('D', 'D', ['D', 'tokens', 'num_tokens']);
  let runCol: { name: string; values: string[] } | undefined;
  if (flags.run) {
    const c = table.columns.find((x) => x.name === flags.run);
    if (!c) throw new UsageError(`${path}: no column '${flags.run}' (columns: ${table.columns.map((x) => x.name).join(', ')})`);
    runCol = { name: c.name, values: c.kind === 'string' ? c.values : Array.from(c.values, String) };
  } else {
    runCol = pickText(table, 'run', ['run', 'run_id', 'name']);
  }
  if (!N) throw new UsageError(`${path}: no model size column (N, params); name it with --N`);
  if (!L) throw new UsageError(`${path}: no loss column; name it with --loss`);
  if (!C && !D) throw new UsageError(`${path}: needs tokens (D, tokens) or compute (C, flops) per logged step; name it with --D or --C`);

  let grouped;
  try {
    grouped = curvesFromPoints({ N: N.values, loss: L.values, C: C?.values, D: D?.values, run: runCol?.values });
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
  if (grouped.curves.length < 2) throw new UsageError(`${path}: found ${grouped.curves.length} training curve(s) with two or more points; the envelope needs runs of at least two model sizes${runCol ? '' : ' (without a run column, each model size is one run: name the run column with --run)'}`);
  let res;
  try {
    res = envelopeAnalysis(grouped.curves, { bootstrap, seed: (flags.seed as number | undefined) ?? 0, gridPoints: grid, minRuns, keepEdges: Boolean(flags['keep-edges']), flopsPerParamToken: k });
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  if (grouped.short.length) res.warnings.unshift(`${grouped.short.length} run(s) with fewer than two points were left out (${grouped.short.slice(0, 5).join(', ')}${grouped.short.length > 5 ? ', …' : ''})`);
  if (grouped.skipped) res.warnings.unshift(`${grouped.skipped} row(s) without positive N, ${C ? 'C' : 'D'} and a finite loss were skipped`);
  const sizes = new Set(grouped.curves.map((c) => c.N)).size;

  if (flags.json) {
    io.out(JSON.stringify({
      approach: 1,
      a: res.N.exponent, b: res.D.exponent,
      aInterval: res.N.ci95?.exponent, bInterval: res.D.ci95?.exponent,
      N: res.N, D: res.D,
      runs: grouped.curves.length, sizes,
      envelope: res.envelope,
      bootstrap: res.bootstrap,
      flopConvention: `C = ${k}·N·D`,
      columns: { run: runCol?.name, N: N.name, C: C?.name, D: D?.name, loss: L.name },
      warnings: res.warnings,
    }, null, 2) + '\n');
    return 0;
  }
  const iv = (x?: [number, number]) => (x ? ` [${x[0].toFixed(3)}, ${x[1].toFixed(3)}]` : '');
  io.out(`Envelope (Chinchilla approach 1), ${grouped.curves.length} runs of ${sizes} sizes, ${res.envelope.length} FLOP values on the envelope\n`);
  const winners = new Map<string, { N: number; from: number; to: number; count: number }>();
  for (const e of res.envelope) {
    const w = winners.get(e.run) ?? { N: e.N, from: e.C, to: e.C, count: 0 };
    w.from = Math.min(w.from, e.C);
    w.to = Math.max(w.to, e.C);
    w.count++;
    winners.set(e.run, w);
  }
  io.out(`  ${'run'.padEnd(20)} ${'N'.padEnd(8)} wins C from … to\n`);
  for (const [id, w] of winners) io.out(`  ${id.slice(0, 20).padEnd(20)} ${formatHumanNumber(w.N).padEnd(8)} ${w.from.toExponential(2)} … ${w.to.toExponential(2)} (${w.count})\n`);
  io.out(`N_opt ∝ C^a, a = ${res.N.exponent.toFixed(4)}${iv(res.N.ci95?.exponent)}\n`);
  io.out(`D_opt ∝ C^b, b = ${res.D.exponent.toFixed(4)}${iv(res.D.ci95?.exponent)}${res.bootstrap ? `  (95 % intervals, ${res.bootstrap.converged}/${res.bootstrap.k} run resamples, seed ${res.bootstrap.seed})` : ''}\n`);
  for (const w of res.warnings) io.err(`warning: ${w}\n`);
  return 0;
}
