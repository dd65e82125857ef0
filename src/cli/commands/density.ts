// scaling-laws density <models> (--fit REF.json | --law chinchilla --params ...) [--N COL] [--D COL | --C COL]
//     [--loss COL] [--time COL] [--bootstrap K] [--seed S] [--json]
// Capacity density (Densing Law, Xiao et al. 2024): each model's effective size under a reference
// L(N, D) (the size the reference needs for the model's loss with the same tokens) over its real
// size; with --time, the exponential trend density = rho0 exp(r t) and its doubling time.
import { effectiveParams, type ReferenceLaw } from '../../core/laws/densing';
import { runFit } from '../../core/fit/fit';
import { DEFAULT_TOLERANCES } from '../../core/fit/problem';
import { pickText } from '../../core/plan/columns';
import { interval95 } from '../../core/report/intervals';
import { formatHumanNumber } from '../../core/table/numbers';
import { loadTable } from '../../node/loadTable';
import { VERSION } from '../../version';
import { parseArgs, RunError, UsageError, type CliIO } from '../args';
import { columnPicker } from '../tableColumns';
import { LAW_SOURCE_FLAGS, lawSource } from './predict';

const USAGE = 'usage: scaling-laws density <models.csv> (--fit REF.json | --law chinchilla --params E=..,A=..,B=..,alpha=..,beta=..) [--N COL] [--D COL | --C COL] [--loss COL] [--time COL] [--bootstrap K] [--json]';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, {
    ...LAW_SOURCE_FLAGS, N: 'string', C: 'string', D: 'string', loss: 'string', time: 'string', run: 'string',
    bootstrap: 'number', seed: 'number', 'flops-per-param-token': 'number',
  });
  if (positional.length !== 1) throw new UsageError(USAGE);
  const path = positional[0];
  const report = lawSource(flags);
  const p = report.params;
  if (!['E', 'A', 'B', 'alpha', 'beta'].every((k) => Number.isFinite(p[k]))) {
    throw new UsageError(`the reference law needs Chinchilla parameters E, A, B, alpha, beta (got ${Object.keys(p).join(', ')})`);
  }
  const ref: ReferenceLaw = { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
  const bootstrap = (flags.bootstrap as number | undefined) ?? 0;
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new UsageError('--bootstrap must be a non-negative integer');
  const k = (flags['flops-per-param-token'] as number | undefined) ?? 6;

  const table = await loadTable(path);
  const col = columnPicker(table, path, flags);
  const N = col('N', 'N', ['N', 'params', 'model_size', 'Model Size']);
  const L = col('loss', 'loss', ['loss', 'val_loss']);
  const D = flags.C ? undefined : col('D', 'D', ['D', 'tokens', 'num_tokens']);
  const C = D ? undefined : col('C', 'C', ['C', 'flops', 'compute']);
  const T = flags.time ? col('time', 'step', []) : undefined;
  if (!N) throw new UsageError(`${path}: no model size column (N, params); name it with --N`);
  if (!L) throw new UsageError(`${path}: no loss column; name it with --loss`);
  if (!D && !C) throw new UsageError(`${path}: needs training tokens (D, tokens) or compute (C, flops); name it with --D or --C`);
  const names = flags.run ? pickText(table, undefined, [String(flags.run)]) : pickText(table, 'run', ['run', 'model', 'name']);

  const rows = [];
  const warnings: string[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const n = N.values[i], loss = L.values[i];
    const d = D ? D.values[i] : C!.values[i] / (k * n);
    if (!(n > 0 && d > 0 && Number.isFinite(loss))) {
      warnings.push(`row ${i + 2}: needs a positive N, ${D ? 'D' : 'C'} and a finite loss; skipped`);
      continue;
    }
    const nEff = effectiveParams(ref, loss, d);
    const interval = report.bootstrap ? interval95(report, (q) => effectiveParams({ E: q.E, A: q.A, B: q.B, alpha: q.alpha, beta: q.beta }, loss, d)) : undefined;
    if (!Number.isFinite(nEff)) warnings.push(`${names?.values[i] ?? `row ${i + 2}`}: loss ${loss} is at or below what the reference reaches with unlimited parameters at ${formatHumanNumber(d)} tokens (density unbounded)`);
    rows.push({
      ...(names ? { run: names.values[i] } : {}), N: n, D: d, loss, nEff, density: nEff / n,
      ...(interval ? { densityInterval: [interval[0] / n, interval[1] / n] } : {}),
      ...(T ? { time: T.values[i] } : {}),
    });
  }
  if (rows.length === 0) throw new UsageError(`${path}: no rows with a positive N, ${D ? 'D' : 'C'} and a finite loss`);

  let trend;
  if (T) {
    const use = rows.filter((r) => Number.isFinite(r.density) && r.density > 0 && Number.isFinite(r.time));
    if (new Set(use.map((r) => r.time)).size < 2) throw new UsageError(`${path}: the trend needs finite densities at two or more distinct values of '${T.name}'`);
    const fit = await runFit({
      lawId: 'densing', lawOptions: { x: 'step' }, x: { step: Float64Array.from(use, (r) => r.time as number) }, y: Float64Array.from(use, (r) => r.density),
      objective: { kind: 'l2', delta: 0, space: 'log', reduction: 'sum' }, fixed: {}, starts: { kind: 'default' }, seed: (flags.seed as number | undefined) ?? 0,
      tolerances: { ...DEFAULT_TOLERANCES },
    }, { bootstrap, provenance: { tool: 'scaling-laws density', version: VERSION, mapping: { step: T.name }, derived: {} } }).catch((e: Error) => {
      throw new RunError(`density trend: ${e.message}`);
    });
    const r = fit.params.r;
    trend = {
      rho0: fit.params.rho0, r, doublingTime: Math.LN2 / r, points: use.length, timeColumn: T.name,
      ...(fit.bootstrap ? { rInterval: fit.bootstrap.ci95.r, doublingTimeInterval: [Math.LN2 / fit.bootstrap.ci95.r[1], Math.LN2 / fit.bootstrap.ci95.r[0]] } : {}),
    };
  }

  if (flags.json) {
    io.out(JSON.stringify({ reference: ref, referenceFit: flags.fit ?? null, flopConvention: D ? undefined : `D = C / (${k}·N)`, rows, trend, warnings }, null, 2) + '\n');
    return 0;
  }
  io.out(`Capacity density under the reference L = ${ref.E.toPrecision(4)} + ${ref.A.toPrecision(4)}/N^${ref.alpha.toPrecision(3)} + ${ref.B.toPrecision(4)}/D^${ref.beta.toPrecision(3)}\n`);
  io.out(`  ${'model'.padEnd(20)} ${'N'.padEnd(8)} ${'D'.padEnd(8)} ${'loss'.padEnd(8)} ${'N_eff'.padEnd(8)} density\n`);
  for (const r of rows) {
    const iv = r.densityInterval ? ` [${r.densityInterval[0].toPrecision(3)}, ${r.densityInterval[1].toPrecision(3)}]` : '';
    io.out(`  ${String(r.run ?? '').slice(0, 20).padEnd(20)} ${formatHumanNumber(r.N).padEnd(8)} ${formatHumanNumber(r.D).padEnd(8)} ${r.loss.toPrecision(4).padEnd(8)} ${(Number.isFinite(r.nEff) ? formatHumanNumber(r.nEff) : '∞').padEnd(8)} ${Number.isFinite(r.density) ? r.density.toPrecision(3) : '∞'}${iv}\n`);
  }
  if (trend) {
    const iv = trend.doublingTimeInterval ? ` [${trend.doublingTimeInterval[0].toPrecision(3)}, ${trend.doublingTimeInterval[1].toPrecision(3)}]` : '';
    io.out(`trend: density = ${trend.rho0.toPrecision(3)} · exp(${trend.r.toPrecision(3)} · ${trend.timeColumn}); doubles every ${trend.doublingTime.toPrecision(3)}${iv} units of ${trend.timeColumn}\n`);
  }
  for (const w of warnings) io.err(`warning: ${w}\n`);
  return 0;
}
