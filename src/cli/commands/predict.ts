// scaling-laws predict (--fit FILE | --law ID --params ...) --at ROLE=VALUE,...
import { createLaw } from '../../core/laws/registry';
import { predictOne } from '../../core/laws/types';
import type { FitReport } from '../../core/report/fitReport';
import { extrapolationWarnings, interval95 } from '../../core/report/intervals';
import { readFitReport } from '../../node/readFitReport';
import { parseArgs, parseAssignments, RunError, UsageError, type CliIO, type ParsedArgs } from '../args';
import { chainFromFiles } from '../transfer';

export const LAW_SOURCE_FLAGS = { fit: 'string', law: 'string', params: 'list', x: 'string', formula: 'string', json: 'boolean' } as const;

/** A fit from --fit FILE, or a parameter-only pseudo-report from --law/--params. */
export function lawSource(flags: ParsedArgs['flags']): FitReport {
  if (flags.fit) {
    if (flags.law || flags.params) throw new UsageError('give either --fit FILE or --law with --params, not both');
    return readFitReport(String(flags.fit));
  }
  if (!flags.law) throw new UsageError('needs --fit FILE or --law ID --params NAME=VALUE,...');
  const options = { x: flags.x as string | undefined, formula: flags.formula as string | undefined };
  let law;
  try {
    law = createLaw(String(flags.law), options);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const params = parseAssignments(flags.params as string[] | undefined, '--params');
  const missing = law.params.map((p) => p.name).filter((n) => !(n in params));
  if (missing.length) throw new UsageError(`--params is missing ${missing.join(', ')} for law '${law.id}'`);
  return { law: law.id, lawOptions: options, formula: law.formula, inputs: law.inputs, params } as unknown as FitReport;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { ...LAW_SOURCE_FLAGS, at: 'list', chain: 'string' });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  // issue #8: --chain fit1.json,fit2.json,... chains stages (compute → loss → other loss → error) with a joint interval.
  if (flags.chain !== undefined) return runChain(flags, io);
  const report = lawSource(flags);
  const at = parseAssignments(flags.at as string[] | undefined, '--at');
  if (Object.keys(at).length === 0) throw new UsageError('needs --at ROLE=VALUE,... (e.g. --at N=1B,D=20B)');
  const law = createLaw(report.law, (report.lawOptions ?? {}) as Record<string, string>);
  const missing = law.inputs.filter((k) => !(k in at));
  if (missing.length) throw new UsageError(`--at is missing ${missing.join(', ')} (law '${law.id}' reads ${law.inputs.join(', ')})`);
  const prediction = predictOne(law, report.params, at);
  if (!Number.isFinite(prediction)) throw new RunError(`prediction is not finite (${prediction}) at ${JSON.stringify(at)}`);
  const interval = interval95(report, (p) => predictOne(law, p, at));
  const warnings = report.data ? extrapolationWarnings(report, at) : [];
  if (flags.json) {
    io.out(JSON.stringify({ prediction, ...(interval ? { interval } : {}), at, law: law.id, warnings }, null, 2) + '\n');
  } else {
    const where = Object.entries(at).map(([k, v]) => `${k}=${v.toPrecision(4)}`).join(', ');
    io.out(`loss at ${where}: ${prediction.toPrecision(6)}${interval ? ` (95 % interval ${interval[0].toPrecision(6)} – ${interval[1].toPrecision(6)})` : ''}\n`);
    for (const w of warnings) io.err(`warning: ${w}\n`);
  }
  return 0;
}

// issue #8: `predict --chain a.json,b.json --at C=1e21` → {"prediction","interval","stages":[...]} (always JSON).
function runChain(flags: ParsedArgs['flags'], io: CliIO): number {
  if (flags.fit || flags.law || flags.params) throw new UsageError('--chain replaces --fit/--law/--params');
  const files = String(flags.chain).split(',').map((f) => f.trim()).filter(Boolean);
  if (files.length === 0) throw new UsageError('--chain needs FIT.json[,FIT.json...]');
  const at = parseAssignments(flags.at as string[] | undefined, '--at');
  if (Object.keys(at).length === 0) throw new UsageError('needs --at ROLE=VALUE,... for the first stage (e.g. --at C=1e21 or --at N=1B,D=20B)');
  const r = chainFromFiles(files, at);
  if (!Number.isFinite(r.prediction)) throw new RunError(`chain prediction is not finite (${r.prediction}) at ${JSON.stringify(at)}`);
  io.out(JSON.stringify({ prediction: r.prediction, ...(r.interval ? { interval: r.interval } : {}), at, stages: r.stages.map((s, i) => ({ fit: files[i], ...s })), draws: r.draws, warnings: r.warnings }, null, 2) + '\n');
  if (!flags.json) for (const w of r.warnings) io.err(`warning: ${w}\n`);
  return 0;
}
