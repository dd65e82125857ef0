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
import { basename } from 'node:path';
import { assertNotAnInput, writeFileSafely } from '../../node/safeWrite';
import { nodeTaskContext } from '../../tasks/nodeContext';
import { curveExploreTask, curveExtrapolateTask, curveFitTask, curveLaw, curveOptimizeTask, curvePredictTask } from '../../tasks/curve';
import { renderSubcommands, type SubcommandHelp } from '../help';
import { dispatchSubcommand, parseArgs, parseAssignments, parseMap, UsageError, type CliIO, type ParsedArgs } from '../args';

const SPEC_NOTES = [
  'SPEC (a learning-rate schedule, steps and rates):',
  '  cosine:warmup=2160,total=24000,peak=3e-4,end=3e-5 | constant:warmup=..,total=..,peak=..',
  '  wsd:warmup=..,total=..,decay=..,peak=..,end=..,shape=exp|linear | two-stage:warmup=..,total=..,switch=..,peak=..,second=..',
  '  linear:warmup=..,total=..,peak=..,end=.. | inverse-sqrt:warmup=..,total=..,peak=..',
  "A file's schedule: --schedule; else the multi-power-law authors' file-name convention (cosine_T, constant_T, wsd_D_T, …);",
  "else the file's lr column (auto). Rows at steps >= the schedule length are dropped with a warning.",
];

const SCHEDULE_FOR_FILE = { kind: 'string', unit: 'SPEC|auto|log', help: "the file's learning-rate schedule: a SPEC (below); auto: from the file name, else the lr column; log: the lr column", default: 'auto' } as const;
const MAP = { kind: 'list', unit: 'ROLE=COLUMN', help: 'use this column for a role (step, loss, lr)' } as const;
const LAW_PARAMS = {
  fit: { kind: 'string', unit: 'FIT.json', help: 'a curve fit written by `curve fit --out`' },
  law: { kind: 'string', unit: 'multipower|lr-annealing|power', help: 'a law given by hand (with --params)' },
  params: { kind: 'list', unit: 'NAME=VALUE,...', help: "the law's parameters, e.g. L0=2.4,A=0.65,alpha=0.43,B=520,C=2,beta=0.6,gamma=0.63" },
} as const;
const EXACT = { kind: 'boolean', help: 'multipower: exact O(n·T) loss-drop sums instead of the block-summation plan (slower)' } as const;
const LAMBDA = { kind: 'number', unit: 'MOMENTUM', help: "lr-annealing: momentum of the law's S2 term", default: '0.999' } as const;
const TOKENS_PER_STEP = { kind: 'number', unit: 'TOKENS', help: 'power: fit the loss against tokens = step × this instead of steps' } as const;
const JSON_FLAG = { kind: 'boolean', help: 'print the result as JSON' } as const;
const CURVE_FIT = 'curve fit examples/training-log.jsonl --law multipower --out curve.json';
const FROM_FIT = `(curve.json from \`scaling-laws ${CURVE_FIT}\`)`;

export const SUBCOMMANDS: Record<string, SubcommandHelp> = {
  fit: {
    purpose: 'fit a loss-curve law to one or more training curves, jointly',
    usage: '<files...> --law multipower|lr-annealing|power [flags]',
    flags: {
      law: { kind: 'string', unit: 'multipower|lr-annealing|power', help: 'multi-power law (Luo et al. 2025), LR-annealing law (Tissue et al. 2024), or a power law in steps per curve' },
      schedule: { kind: 'list', unit: 'SPEC|auto|log', help: 'schedules: one for all files or one per file, in order; each a SPEC (below), auto (file name, else lr column) or log (lr column)', default: 'auto' },
      map: MAP,
      loss: { kind: 'string', unit: 'COLUMN', help: "the loss column (same as --map loss=COLUMN; default: the training loss with the most points, and the output says why)" },
      fix: { kind: 'list', unit: 'NAME=VALUE,...', help: 'hold parameters at these values' },
      exact: EXACT,
      lambda: LAMBDA,
      'tokens-per-step': TOKENS_PER_STEP,
      delta: { kind: 'number', unit: 'NUMBER', help: 'Huber threshold on log-loss residuals', default: '1e-3' },
      json: { kind: 'boolean', help: 'print the curve fit as JSON' },
      out: { kind: 'string', unit: 'FILE', help: 'write the curve fit JSON to FILE (curve predict --fit reads it)' },
      quiet: { kind: 'boolean', help: 'with --out: no summary' },
    },
    notes: SPEC_NOTES,
    examples: [
      { run: CURVE_FIT, what: "fit the multi-power law to the bundled cosine-schedule log (schedule from its lr column) and save it", slow: 'about 8 s on one core, more on a shared machine' },
      { run: 'curve fit examples/training-log.jsonl --law lr-annealing', what: 'the LR-annealing law on the same log, with R², MAE and relative errors' },
    ],
  },
  predict: {
    purpose: 'predict the loss curve under a schedule from a curve fit or given parameters',
    usage: '(--fit FIT.json | --law multipower --params NAME=VALUE,...) --schedule SPEC [flags]',
    flags: {
      ...LAW_PARAMS,
      curve: { kind: 'number', unit: 'INDEX', help: 'with --fit of per-curve fits: which curve\'s parameters (0-based)', default: '0' },
      schedule: { kind: 'string', unit: 'SPEC', help: 'the schedule to predict under (see SPEC below)' },
      against: { kind: 'string', unit: 'FILE', help: 'a logged curve to compare with: R², MAE, RMSE, relative errors' },
      map: MAP,
      every: { kind: 'number', unit: 'STEPS', help: 'predict every STEPS steps', default: 'about 500 points' },
      exact: EXACT,
      lambda: LAMBDA,
      'tokens-per-step': TOKENS_PER_STEP,
      json: { kind: 'boolean', help: 'print steps, learning rates and losses as JSON' },
    },
    notes: SPEC_NOTES,
    examples: [
      { run: 'curve predict --fit curve.json --schedule wsd:warmup=500,total=10000,decay=2000,peak=3e-4,end=3e-5,shape=linear', what: `the final loss of a longer warmup-stable-decay run ${FROM_FIT}` },
      { run: 'curve predict --fit curve.json --schedule cosine:warmup=500,total=6000,peak=3e-4,end=3e-5 --against examples/training-log.jsonl', what: 'predict the logged cosine run and score the prediction against it' },
      { run: 'curve predict --law multipower --params L0=2.4,A=0.65,alpha=0.43,B=520,C=2,beta=0.6,gamma=0.63 --schedule cosine:warmup=100,total=2000,peak=3e-4,end=3e-5 --json', what: 'parameters given by hand, the whole curve as JSON' },
    ],
  },
  extrapolate: {
    purpose: "estimate a run's final loss from its curve so far, with an interval",
    usage: '<file> [flags]',
    flags: {
      schedule: SCHEDULE_FOR_FILE,
      law: { kind: 'string', unit: 'multipower|power|lr-annealing', help: 'the law fitted to the observed part', default: 'multipower' },
      target: { kind: 'number', unit: 'STEP', help: 'the step to extrapolate to (within the schedule)', default: 'the last step of the schedule' },
      bootstrap: { kind: 'number', unit: 'COUNT', help: 'resamples for the interval', default: '40 (power: 200)' },
      seed: { kind: 'number', unit: 'INTEGER', help: 'seed of the resamples', default: '0' },
      level: { kind: 'number', unit: 'FRACTION', help: 'interval level', default: '0.95' },
      map: MAP,
      json: JSON_FLAG,
    },
    notes: SPEC_NOTES,
    examples: [
      { run: 'curve extrapolate examples/training-log.jsonl --law power --bootstrap 50', what: 'est. final loss with a 95 % interval, from a power law in steps (fast)' },
      { run: 'curve extrapolate examples/training-log.jsonl --bootstrap 20', what: 'the same with the schedule-aware multi-power law', slow: 'about 25 s: each resample refits the multi-power law' },
    ],
  },
  optimize: {
    purpose: 'the best warmup-stable-decay schedule (and optionally any non-increasing one) for a fitted curve law',
    usage: '(--fit FIT.json | --law multipower --params ...) --schedule SPEC [flags]',
    flags: {
      ...LAW_PARAMS,
      schedule: { kind: 'string', unit: 'SPEC', help: 'the schedule to improve on: its warmup, length and peak are kept' },
      free: { kind: 'boolean', help: 'also optimise a free non-increasing schedule (--json for the LR array)' },
      'max-iter': { kind: 'number', unit: 'COUNT', help: 'optimizer iterations for --free', default: '500' },
      json: JSON_FLAG,
    },
    notes: SPEC_NOTES,
    examples: [
      { run: 'curve optimize --fit curve.json --schedule cosine:warmup=500,total=6000,peak=3e-4,end=3e-5', what: `how much a WSD schedule would lower the final loss of the logged cosine run ${FROM_FIT}` },
      { run: 'curve optimize --fit curve.json --schedule cosine:warmup=500,total=6000,peak=3e-4,end=3e-5 --free --max-iter 100 --json', what: 'also a free non-increasing schedule, as JSON' },
    ],
  },
  explore: {
    purpose: "the Curve Panel's fit, parameter draws and band for one log",
    usage: '<file> [flags]',
    flags: {
      schedule: SCHEDULE_FOR_FILE,
      map: MAP,
      draws: { kind: 'number', unit: 'COUNT', help: 'parameter draws for the band', default: '24' },
      bootstrap: { kind: 'number', unit: 'COUNT', help: 'resamples of the final-loss estimate', default: '40' },
      seed: { kind: 'number', unit: 'INTEGER', help: 'seed of draws and resamples', default: '0' },
      json: JSON_FLAG,
    },
    notes: SPEC_NOTES,
    examples: [
      { run: 'curve explore examples/training-log.jsonl --draws 10 --bootstrap 10', what: 'the law, 10 draws and the est. final loss the panel shows', slow: 'about 25 s: the resamples refit the multi-power law' },
      { run: 'curve explore examples/training-log.jsonl --schedule log --draws 4 --bootstrap 4 --json', what: 'schedule from the lr column, fewer draws, the curves as JSON', slow: 'about 20 s: the fit and resamples of the multi-power law' },
    ],
  },
};

const USAGE = renderSubcommands('curve', SUBCOMMANDS, SPEC_NOTES);

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toPrecision(6)) : String(x));

function mapFlags(flags: ParsedArgs['flags']): Record<string, string> {
  const map = { ...parseMap(flags.map as string[] | undefined) };
  if (flags.loss !== undefined) {
    if (map.loss !== undefined && map.loss !== String(flags.loss)) throw new UsageError(`--loss ${flags.loss} and --map loss=${map.loss} disagree; give one`);
    map.loss = String(flags.loss);
  }
  return map;
}

async function runFit(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.fit.flags);
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
    const lines = [`${law.title}: ${law.formula}`, `objective: Huber(${file.objective.delta}) on log loss, summed over ${file.curves.length} curve(s); ${((Date.now() - t0) / 1000).toFixed(2)} s`];
    const said = new Set<string>();
    for (const input of file.inputs) {
      const line = input.loss ? `loss column '${input.loss.column}' (${basename(input.file)}): ${input.loss.reason}` : '';
      if (line && !said.has(line)) lines.push(line), said.add(line);
    }
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
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.predict.flags);
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
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.extrapolate.flags);
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
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.optimize.flags);
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
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.explore.flags);
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
