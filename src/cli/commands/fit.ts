// scaling-laws fit <file> [...]: load runs, fit a law with multi-start and bootstrap, print or save the FitReport.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { runFit } from '../../core/fit/fit';
import { fitLossToLossLogOls } from '../../core/transfer/logOls';
import type { FitReport } from '../../core/report/fitReport';
import { reportToMarkdown } from '../../core/report/markdown';
import { hashPath } from '../../node/fileHash';
import { loadTable } from '../../node/loadTable';
import { createExecutor } from '../../node/threadExecutor';
import { VERSION } from '../../version';
import { parseArgs, RunError, UsageError, type CliIO, type ParsedArgs } from '../args';
import { buildFitSetup, FIT_FLAGS } from '../fitOptions';
import { loadOptionsFromFlags } from '../ingestOptions';

export async function fitFile(file: string, flags: ParsedArgs['flags'], io?: CliIO): Promise<FitReport> {
  const table = await loadTable(file, loadOptionsFromFlags(flags));
  const setup = buildFitSetup(table, flags);
  const threads = (flags.threads as number | undefined) ?? Math.min(2, availableParallelism());
  const work = setup.problem.y.length * 1;
  let lastShown = 0;
  const provenance = {
    tool: 'scaling-laws',
    version: VERSION,
    input: { file: resolve(file), sha256: hashPath(file), format: table.format, rows: table.rowCount },
    mapping: setup.data.mapping,
    derived: Object.fromEntries([...setup.derive, ...(setup.data.autoDerived ?? [])]),
    filter: setup.where,
    ...(Object.keys(setup.fixedFrom).length ? { fixedFrom: setup.fixedFrom } : {}),
  };
  const procedure = (flags.procedure as string | undefined) ?? 'optimize';
  if (procedure === 'log-ols') {
    // Brandfonbrener et al.'s own procedure: E_x, E_y fixed, OLS in log space (reproduces their numbers).
    const { lawId, fixed, x, y, seed } = setup.problem;
    if (lawId !== 'loss-to-loss') throw new UsageError('--procedure log-ols applies to --law loss-to-loss only');
    if (fixed.E_x === undefined || fixed.E_y === undefined) throw new UsageError('--procedure log-ols needs --fix E_x=..,E_y=.. (the irreducible losses from L(N, D) fits)');
    try {
      const report = fitLossToLossLogOls(x.x, y, { E_x: fixed.E_x, E_y: fixed.E_y, fixedDraws: setup.problem.fixedDraws, bootstrap: setup.bootstrap, seed, runs: setup.data.runs, provenance });
      report.warnings.unshift(...table.warnings, ...setup.data.warnings);
      return report;
    } catch (e) {
      throw new RunError((e as Error).message);
    }
  }
  if (procedure !== 'optimize') throw new UsageError(`--procedure must be optimize or log-ols, got '${procedure}'`);
  try {
    const report = await runFit(setup.problem, {
      bootstrap: setup.bootstrap,
      executor: createExecutor(work > 0 ? threads : 1),
      runs: setup.data.runs,
      onProgress: (p) => {
        if (!io || flags.quiet || !process.stderr.isTTY) return;
        const now = Date.now();
        if (now - lastShown > 200 || p.done === p.total) {
          lastShown = now;
          io.err(`\r${p.phase} ${p.done}/${p.total}   ${p.done === p.total ? '\n' : ''}`);
        }
      },
      provenance,
    });
    report.warnings.unshift(...table.warnings, ...setup.data.warnings);
    return report;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new RunError((e as Error).message);
  }
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, FIT_FLAGS);
  if (positional.length !== 1) throw new UsageError('fit needs exactly one input <file>');
  const file = positional[0];
  if (flags.out && resolve(String(flags.out)) === resolve(file)) throw new UsageError('--out must not be the input file (input files are never modified)');
  const report = await fitFile(file, flags, io);
  const json = JSON.stringify(report, null, 2) + '\n';
  if (flags.out) writeFileSync(String(flags.out), json);
  if (flags.json) io.out(json);
  else if (!flags.out || !flags.quiet) io.out(reportToMarkdown(report));
  return 0;
}
