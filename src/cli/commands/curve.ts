// scaling-laws curve fit|predict|extrapolate|optimize: loss curves under learning-rate schedules.
//
//   curve fit <files...> --law multipower|lr-annealing|power [--schedule SPEC|auto|log ...] [--map ROLE=COL]
//             [--fix NAME=V,...] [--exact] [--lambda 0.999] [--delta 1e-3] [--json] [--out FILE]
//   curve predict (--fit FILE | --law multipower --params NAME=VALUE,...) --schedule SPEC
//             [--against FILE] [--every N] [--json]
//   curve extrapolate <file> [--schedule SPEC] [--law multipower|power|lr-annealing] [--target STEP] [--json]
//   curve optimize (--fit FILE | --law multipower --params ...) --schedule SPEC [--free] [--json]
//
// A file's schedule: --schedule (one for all files or one per file, in order); otherwise the
// multi-power-law authors' file-name convention (cosine_T, constant_T, wsd_D_T, wsdld_D_T,
// wsdcon_k; like their loader, this ignores the file's lr column); otherwise the file's lr
// column (interpolated per step, ramped from 0 before the first logged step).
// Rows at steps >= the schedule length are dropped with a warning (the authors drop step 24000
// of their 24000-step files).
import { assertNotAnInput, writeFileSafely } from '../../node/safeWrite';
import { nodeTaskContext } from '../../node/taskContext';
import { curveExploreTask, curveExtrapolateTask, curveFitTask, curveLaw, curveOptimizeTask, curvePredictTask } from '../../tasks/curve';
import { dispatchSubcommand, parseArgs, parseAssignments, parseMap, UsageError, type CliIO, type ParsedArgs } from '../args';

const USAGE = `usage:
  scaling-laws curve fit <files...> --law multipower|lr-annealing|power [--schedule SPEC|auto|log ...] [--map ROLE=COL] [--fix NAME=V,...]
                         [--exact] [--lambda 0.999] [--tokens-per-step N] [--delta 1e-3] [--json] [--out FILE]
  scaling-laws curve predict (--fit FILE | --law multipower --params NAME=VALUE,...) --schedule SPEC [--against FILE] [--every N] [--json]
  scaling-laws curve extrapolate <file> [--schedule SPEC] [--law multipower|power|lr-annealing] [--target STEP] [--bootstrap K] [--seed S] [--json]
  scaling-laws curve optimize (--fit FILE | --law multipower --params ...) --schedule SPEC [--free] [--json]
  scaling-laws curve explore <file> [--schedule SPEC] [--draws N] [--bootstrap K] [--seed S] [--json]   (the Curve Panel's fit, draws and band)
SPEC: cosine:warmup=2160,total=24000,peak=3e-4,end=3e-5 | constant:warmup=..,total=..,peak=..
      wsd:warmup=..,total=..,decay=..,peak=..,end=..,shape=exp|linear | two-stage:warmup=..,total=..,switch=..,peak=..,second=..
      linear:warmup=..,total=..,peak=..,end=.. | inverse-sqrt:warmup=..,total=..,peak=..
`;

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toPrecision(6)) : String(x));

function mapFlags(flags: ParsedArgs['flags']): Record<string, string> {
  return { ...parseMap(flags.map as string[] | undefined) };
}

async function runFit(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { law: 'string', schedule: 'list', map: 'list', fix: 'list', exact: 'boolean', lambda: 'number', 'tokens-per-step': 'number', delta: 'number', json: 'boolean', out: 'string', quiet: 'boolean' });
  if (positional.length === 0) throw new UsageError('curve fit needs at least one curve file');
  const out = flags.out === undefined ? undefined : String(flags.out);
  if (out) assertNotAnInput(out, positional);
  const t0 = Date.now();
  const file = await curveFitTask({
    files: positional, law: String(flags.law ?? ''), schedules: flags.schedule as string[] | undefined, map: mapFlags(flags),
    fix: { ...parseAssignments(flags.fix as string[] | undefined, '--fix') }, exact: Boolean(flags.exact),
    lambda: flags.lambda as number | undefined, tokensPerStep: flags['tokens-per-step'] as number | undefined, delta: flags.delta as number | undefined,
  }, nodeTaskContext());
  const json = JSON.stringify(file, null, 2) + '\n';
  if (out) writeFileSafely(out, json, positional);
  for (const w of file.warnings) io.err(`warning: ${w}\n`);
  if (flags.json) io.out(json);
  else if (!flags.quiet || !out) {
    const law = curveLaw(file.law, file.options);
    const lines = [`${law.title}: ${law.formula}`, `objective: Huber(${file.objective.delta}) on log loss, summed over ${positional.length} curve(s); ${((Date.now() - t0) / 1000).toFixed(2)} s`];
    file.fits.forEach((f, i) => {
      const who = law.joint ? 'params' : `params (${file.curves[i].name})`;
      lines.push(`${who}: ${law.paramNames.map((n) => `${n}=${fmt(f.params[n])}`).join(', ')}`);
      lines.push(`  optimizer: ${f.message}, ${f.nit} iterations, ${f.startsConverged}/${f.startsTried} starts converged, objective ${f.objective.toExponential(4)}`);
    });
    lines.push('curve                          n     R2        MAE       RMSE      meanRelErr worstRelErr');
    for (const c of file.curves) {
      const m = c.metrics;
      lines.push(`${c.name.padEnd(28)} ${String(m.n).padStart(4)}  ${m.r2.toFixed(5)}  ${m.mae.toExponential(3)} ${m.rmse.toExponential(3)} ${m.meanRelErr.toExponential(3)}  ${m.worstRelErr.toExponential(3)}`);
    }
    io.out(lines.join('\n') + '\n');
  }
  return 0;
}

async function runPredict(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { fit: 'string', law: 'string', params: 'list', schedule: 'string', against: 'string', every: 'number', curve: 'number', map: 'list', exact: 'boolean', lambda: 'number', 'tokens-per-step': 'number', json: 'boolean' });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  if (!flags.schedule) throw new UsageError('curve predict needs --schedule SPEC');
  const out = await curvePredictTask({
    ...(flags.fit !== undefined ? { fit: String(flags.fit) } : {}),
    ...(flags.curve !== undefined ? { curve: flags.curve as number } : {}),
    ...(flags.law !== undefined ? { law: String(flags.law) } : {}),
    ...(flags.params !== undefined ? { params: { ...parseAssignments(flags.params as string[], '--params') } } : {}),
    exact: Boolean(flags.exact), lambda: flags.lambda as number | undefined, tokensPerStep: flags['tokens-per-step'] as number | undefined,
    schedule: String(flags.schedule),
    ...(flags.against !== undefined ? { against: String(flags.against), map: mapFlags(flags) } : {}),
    ...(flags.every !== undefined ? { every: flags.every as number } : {}),
  }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(out) + '\n');
  else {
    const n = out.step.length;
    io.out(`${curveLaw(out.law).title} under ${out.schedule}\nloss at step ${out.step[n - 1]}: ${fmt(out.loss[n - 1])} (${n} steps predicted)\n`);
    if (out.metrics) io.out(`against ${flags.against}: R2 ${out.metrics.r2.toFixed(5)}, MAE ${fmt(out.metrics.mae)}, RMSE ${fmt(out.metrics.rmse)}, mean rel. err ${fmt(out.metrics.meanRelErr)}, worst rel. err ${fmt(out.metrics.worstRelErr)}\n`);
  }
  return 0;
}

async function runExtrapolate(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { schedule: 'string', law: 'string', target: 'number', bootstrap: 'number', seed: 'number', level: 'number', map: 'list', json: 'boolean' });
  if (positional.length !== 1) throw new UsageError('curve extrapolate needs exactly one curve file');
  const r = await curveExtrapolateTask({
    file: positional[0], schedule: flags.schedule as string | undefined, map: mapFlags(flags), law: flags.law as string | undefined,
    target: flags.target as number | undefined, bootstrap: flags.bootstrap as number | undefined, seed: flags.seed as number | undefined, level: flags.level as number | undefined,
  }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(r, null, 2) + '\n');
  else io.out(`est. final loss ${r.estimate.toFixed(4)} ± ${((r.upper - r.lower) / 2).toFixed(4)} at step ${r.step} (${Math.round(r.level * 100)} % interval ${r.lower.toFixed(4)} – ${r.upper.toFixed(4)}; observed until step ${r.observedUntil}; law ${r.law}${Object.keys(r.fixed).length ? `, held ${Object.entries(r.fixed).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''})\n`);
  return 0;
}

async function runOptimize(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { fit: 'string', law: 'string', params: 'list', schedule: 'string', free: 'boolean', 'max-iter': 'number', json: 'boolean' });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const out = curveOptimizeTask({
    ...(flags.fit !== undefined ? { fit: String(flags.fit) } : {}),
    ...(flags.law !== undefined ? { law: String(flags.law) } : {}),
    ...(flags.params !== undefined ? { params: { ...parseAssignments(flags.params as string[], '--params') } } : {}),
    schedule: String(flags.schedule ?? ''), free: Boolean(flags.free), maxIter: flags['max-iter'] as number | undefined,
  }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(out) + '\n');
  else {
    io.out(`given ${out.given.schedule}: predicted final loss ${fmt(out.given.finalLoss)}\n`);
    io.out(`best WSD: decay the last ${(out.wsd.decayFraction * 100).toFixed(0)} % (${out.wsd.shape}) → ${fmt(out.wsd.loss)}   ${out.wsd.schedule}\n`);
    if (out.free) io.out(`free non-increasing schedule → ${fmt(out.free.finalLoss)} (${out.free.iterations} iterations; --json for the LR array)\n`);
  }
  return 0;
}

async function runExplore(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { schedule: 'string', map: 'list', draws: 'number', bootstrap: 'number', seed: 'number', json: 'boolean' });
  if (positional.length !== 1) throw new UsageError('curve explore needs exactly one curve file');
  const r = await curveExploreTask({
    file: positional[0], schedule: flags.schedule as string | undefined, map: mapFlags(flags),
    ...(flags.draws !== undefined ? { draws: flags.draws as number } : {}),
    ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap as number } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed as number } : {}),
  }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(r) + '\n');
  else io.out(`${r.name}: ${r.law} law, ${r.draws.length} parameter draws; est. final loss ${r.extrapolation.estimate.toFixed(4)} [${r.extrapolation.lower.toFixed(4)}, ${r.extrapolation.upper.toFixed(4)}] at step ${r.extrapolation.step}\n`);
  return 0;
}

export function run(argv: string[], io: CliIO): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, { fit: runFit, predict: runPredict, extrapolate: runExtrapolate, optimize: runOptimize, explore: runExplore });
}
