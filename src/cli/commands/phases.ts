// scaling-laws phases classify|curve|simulate|exponents: the power-law random-features model
// ("4+3 Phases of Compute-Optimal Neural Scaling Laws", Paquette et al. 2024).
import {
  approximateSpectrum, checkExponentsDomain, checkStability, classifyPhase, LIMITS, deterministicCurve, exactSpectrum, logStepGrid, makeParams,
  geometricGrid, measureExponents, modalCurve, simulateSgd, MAX_SIMULATION_ENTRIES, type PlrfParams,
} from '../../core/theory';
import { EXPLORE_FLAGS, explore, heatmap, HEATMAP_FLAGS } from './phasesExplore';
import { renderSubcommands, type SubcommandHelp } from '../help';
import { dispatchSubcommand, parseArgs, RunError, UsageError, type CliIO, type ParsedArgs } from '../args';

const NOTES = [
  'methods: exact = one seeded W (its spectrum, O(d³)); deterministic = the W-average as d → ∞ (deterministic equivalent);',
  "         approximate = the authors' cheap analytic spectrum (lambda_j = j^-2alpha, theory_rhos), an O(d) preview, not exact.",
  'limits: exact d ≤ 8192, deterministic d ≤ 16384, v ≤ 2^20, batch ≤ 65536, steps ≤ 1e13, points-per-decade ≤ 1000, runs ≤ 10000,',
  '        per-octave ≤ 8, draws ≤ 64 (docs/PHASES.md).',
];

const ALPHA = { kind: 'number', unit: 'ALPHA', help: 'spectral decay exponent of the data (> 0)' } as const;
const BETA = { kind: 'number', unit: 'BETA', help: 'target decay exponent (> 0); the loss needs 2(alpha + beta) > 1' } as const;
const SEED = { kind: 'number', unit: 'INTEGER', help: 'seed of the random features W (and SGD)', default: '1' } as const;
const MODEL_FLAGS = {
  alpha: ALPHA,
  beta: BETA,
  d: { kind: 'number', unit: 'PARAMS', help: 'model size: random features d' },
  v: { kind: 'number', unit: 'DIM', help: 'data dimension v', default: '4d' },
  batch: { kind: 'number', unit: 'COUNT', help: 'SGD batch size', default: '1' },
  lr: { kind: 'number', unit: 'RATE', help: 'SGD learning rate', default: '1/((B+1) tr D), 0.5/tr D for B = 1' },
  steps: { kind: 'number', unit: 'STEPS', help: 'SGD steps r (compute f = r·d·batch)' },
  seed: SEED,
  'points-per-decade': { kind: 'number', unit: 'COUNT', help: 'output steps per decade (log grid)', default: '40' },
  json: { kind: 'boolean', help: 'print steps, FLOPs and losses as JSON' },
} as const;

export const SUBCOMMANDS: Record<string, SubcommandHelp> = {
  classify: {
    purpose: 'the phase of (alpha, beta) and its compute-optimal exponents (closed form)',
    usage: '--alpha A --beta B [--json]',
    flags: { alpha: ALPHA, beta: BETA, json: { kind: 'boolean', help: 'print the phase, exponents and dominant terms as JSON' } },
    examples: [
      { run: 'phases classify --alpha 0.7 --beta 0.7', what: 'the phase, xi (d* ∝ f^xi) and eta (P* ∝ f^-eta), and the dominant loss terms' },
      { run: 'phases classify --alpha 0.25 --beta 0.75 --json', what: 'another phase, as JSON' },
    ],
  },
  curve: {
    purpose: 'the expected SGD loss curve of one model size',
    usage: '--alpha A --beta B --d D --steps R [flags]',
    flags: { ...MODEL_FLAGS, method: { kind: 'string', unit: 'exact|deterministic|approximate', help: 'how the spectrum is computed (see methods below)', default: 'exact' } },
    notes: NOTES,
    examples: [
      { run: 'phases curve --alpha 0.75 --beta 0.75 --d 256 --steps 1e5', what: 'loss against steps and FLOPs for d = 256, one seeded W' },
      { run: 'phases curve --alpha 0.75 --beta 0.75 --d 4096 --steps 1e7 --method deterministic --json', what: 'a large d through the deterministic equivalent, as JSON' },
    ],
  },
  simulate: {
    purpose: 'run SGD on the model itself: mean, spread and quartiles over runs',
    usage: '--alpha A --beta B --d D --steps R --runs K [flags]',
    flags: { ...MODEL_FLAGS, runs: { kind: 'number', unit: 'COUNT', help: 'independent SGD runs' } },
    notes: NOTES,
    examples: [
      { run: 'phases simulate --alpha 0.75 --beta 0.75 --d 32 --v 128 --steps 2000 --runs 4', what: 'four SGD runs of a small model, to set against phases curve' },
      { run: 'phases simulate --alpha 0.75 --beta 0.25 --d 16 --steps 1000 --runs 8 --batch 4 --json', what: 'eight runs with batch 4 in another phase, as JSON' },
    ],
  },
  exponents: {
    purpose: 'measure the compute-optimal exponents from IsoFLOP frontiers over a grid of d, next to the closed form',
    usage: '--alpha A --beta B [flags]',
    flags: {
      alpha: ALPHA,
      beta: BETA,
      'd-min': { kind: 'number', unit: 'PARAMS', help: 'smallest d of the grid', default: '64' },
      'd-max': { kind: 'number', unit: 'PARAMS', help: 'largest d of the grid', default: '1024' },
      'per-octave': { kind: 'number', unit: 'COUNT', help: 'grid points per doubling of d', default: '2' },
      method: { kind: 'string', unit: 'exact|deterministic', help: 'seeded W draws or the deterministic equivalent', default: 'exact' },
      draws: { kind: 'number', unit: 'COUNT', help: 'W draws averaged per d (exact)', default: '4', range: { min: 1, max: LIMITS.draws } },
      seed: SEED,
      json: { kind: 'boolean', help: 'print the measured and closed-form exponents with the frontier as JSON' },
    },
    notes: NOTES,
    examples: [
      { run: 'phases exponents --alpha 0.7 --beta 0.7 --method deterministic', what: 'measured xi and eta with intervals, extrapolated to d_max → ∞, next to the closed form' },
      { run: 'phases exponents --alpha 0.7 --beta 0.7 --d-max 256 --draws 2 --json', what: 'a small exact grid, as JSON' },
    ],
  },
  explore: {
    purpose: "what the Phases Explorer shows: curves for several d, the frontier and the measured exponents",
    usage: '--alpha A --beta B [flags]',
    flags: EXPLORE_FLAGS,
    examples: [
      { run: 'phases explore --alpha 0.7 --beta 0.4', what: 'the phase, the curves for d = 32 … 512 and the measured exponents' },
      { run: 'phases explore --alpha 0.7 --beta 0.4 --d-max 128 --sgd-runs 0 --json', what: 'fewer sizes, no SGD overlay, as JSON' },
    ],
  },
  heatmap: {
    purpose: "the explorer's phase map: phase and exponents over a grid of (alpha, beta)",
    usage: '--alphas A,A,... --betas B,B,... [--json]',
    flags: HEATMAP_FLAGS,
    examples: [
      { run: 'phases heatmap --alphas 0.3,0.6,0.9 --betas 0.3,0.6,0.9', what: 'one line per cell: phase and exponents' },
      { run: 'phases heatmap --alphas 0.2,0.5,1,2 --betas 0.1,0.4,0.8 --json', what: 'a wider grid, as JSON' },
    ],
  },
};

const USAGE = renderSubcommands('phases', SUBCOMMANDS, NOTES);

function need(flags: ParsedArgs['flags'], name: string): number {
  const v = flags[name];
  if (v === undefined) throw new UsageError(`needs --${name}\n${USAGE}`);
  return v as number;
}

function alphaBeta(flags: ParsedArgs['flags']): { alpha: number; beta: number } {
  const alpha = need(flags, 'alpha'), beta = need(flags, 'beta');
  try {
    checkExponentsDomain(alpha, beta);
  } catch (e) {
    throw new UsageError(`--alpha/--beta: ${(e as Error).message}`);
  }
  return { alpha, beta };
}

function intFlag(flags: ParsedArgs['flags'], name: string, dflt?: number, min = 1, max = Infinity, what = ''): number {
  const v = flags[name] === undefined ? dflt : (flags[name] as number);
  if (v === undefined) throw new UsageError(`needs --${name}\n${USAGE}`);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${v}`);
  if (v > max) throw new UsageError(`--${name} ${v} exceeds the limit ${max}${what ? ` (${what})` : ''}`);
  return v;
}

/** Model flags, every size checked against its limit before any O(d) work (the limit depends on the method). */
function modelParams(flags: ParsedArgs['flags'], dLimit: number, dWhat: string): PlrfParams {
  const { alpha, beta } = alphaBeta(flags);
  const d = intFlag(flags, 'd', undefined, 1, dLimit, dWhat);
  const v = flags.v === undefined ? undefined : intFlag(flags, 'v', undefined, 1, LIMITS.v, 'O(v) sums per learning rate, P(0) and F_0');
  if (v === undefined && 4 * d > LIMITS.v) throw new UsageError(`the default v = 4d = ${4 * d} exceeds the limit ${LIMITS.v}`);
  const batch = flags.batch === undefined ? undefined : intFlag(flags, 'batch', undefined, 1, LIMITS.batch, 'batch size');
  const lr = flags.lr as number | undefined;
  if (lr !== undefined && !(lr > 0 && Number.isFinite(lr))) throw new UsageError(`--lr must be positive, got ${lr}`);
  if (2 * (alpha + beta) <= 1) throw new UsageError(`(alpha, beta) = (${alpha}, ${beta}) has 2(alpha+beta) ≤ 1: the PLRF loss is undefined there`);
  try {
    return makeParams({ alpha, beta, d, v, batch, lr });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function fmt(x: number | null): string {
  return x === null ? '—' : x.toFixed(4);
}

export function run(argv: string[], io: CliIO): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, { classify, curve, simulate, exponents, explore, heatmap });
}

async function classify(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.classify.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const { alpha, beta } = alphaBeta(flags);
  const c = classifyPhase(alpha, beta);
  if (flags.json) {
    io.out(JSON.stringify({ phase: c.phase, xi: c.xi, eta: c.eta, source: c.source, dominant: c.dominant, adjacent: c.adjacent, lines: c.lines, basis: c.basis, note: c.note }, null, 2) + '\n');
  } else {
    io.out(`phase ${c.phase} at (alpha, beta) = (${alpha}, ${beta})\n`);
    io.out(`  d* ∝ f^xi:   xi  = ${fmt(c.xi)}  (${c.source})\n  P* ∝ f^-eta: eta = ${fmt(c.eta)}\n`);
    if (c.basis) io.out(`  from: ${c.basis}\n`);
    if (c.dominant.length) io.out(`  dominant terms:\n${c.dominant.map((t) => `    ${t}\n`).join('')}`);
    if (c.note) io.out(`  note: ${c.note}\n`);
  }
  return 0;
}

function stepGrid(flags: ParsedArgs['flags']): number[] {
  const R = intFlag(flags, 'steps', undefined, 1, LIMITS.steps, 'SGD steps');
  const perDecade = intFlag(flags, 'points-per-decade', 40, 1, LIMITS.pointsPerDecade, 'output points per decade');
  return logStepGrid(R, perDecade);
}

function methodFlag<M extends string>(flags: ParsedArgs['flags'], allowed: readonly M[]): M {
  const method = (flags.method as string | undefined) ?? 'exact';
  if (!allowed.includes(method as M)) throw new UsageError(`--method must be ${allowed.join(' or ')}, got '${method}'`);
  return method as M;
}

async function curve(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.curve.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const method = methodFlag(flags, ['exact', 'deterministic', 'approximate'] as const);
  const p = method === 'exact'
    ? modelParams(flags, LIMITS.exactD, 'the exact method builds a d × d matrix and its eigen-decomposition; use --method deterministic beyond')
    : method === 'deterministic'
      ? modelParams(flags, LIMITS.deterministicD, 'the deterministic equivalent costs O(grid · v · Newton levels)')
      : modelParams(flags, LIMITS.v / 4, 'v = 4d is limited by its O(v) sums');
  const steps = stepGrid(flags);
  const seed = intFlag(flags, 'seed', 1, 0, 0xffffffff, 'seeds are 32-bit');
  let loss: Float64Array;
  if (method === 'exact') {
    const spec = exactSpectrum(p, seed);
    const st = checkStability(p, spec.lambda);
    if (!st.ok) throw new UsageError(st.explanation);
    loss = modalCurve(spec, p, steps);
  } else {
    const st = checkStability(p);
    if (!st.ok) throw new UsageError(st.explanation);
    loss = method === 'deterministic' ? deterministicCurve(p, steps).loss : modalCurve(approximateSpectrum(p), p, steps);
  }
  if (!loss.every(Number.isFinite)) throw new RunError('the loss curve is not finite (unstable learning rate?)');
  const flops = steps.map((r) => r * p.d * p.batch);
  if (flags.json) {
    io.out(JSON.stringify({ step: steps, flops, loss: Array.from(loss), method }) + '\n');
  } else {
    io.out(`# PLRF ${method === 'approximate' ? 'approximate (analytic spectrum j^-2alpha, not the exact spectrum)' : method} expected loss: alpha=${p.alpha} beta=${p.beta} d=${p.d} v=${p.v} batch=${p.batch} lr=${p.lr.toPrecision(4)}${method === 'exact' ? ` seed=${seed}` : ''}\nstep\tflops\tloss\n`);
    for (let k = 0; k < steps.length; k++) io.out(`${steps[k]}\t${flops[k].toPrecision(6)}\t${loss[k].toPrecision(6)}\n`);
  }
  return 0;
}

async function simulate(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.simulate.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  alphaBeta(flags); // refuse a bad alpha/beta first
  // W is held in memory: check v·d before anything else
  const d0 = intFlag(flags, 'd', undefined, 1, LIMITS.exactD, 'simulate holds W (v × d) in memory');
  const v0 = flags.v === undefined ? 4 * d0 : intFlag(flags, 'v', undefined, 1, LIMITS.v, 'data dimension');
  if (v0 * d0 > MAX_SIMULATION_ENTRIES) throw new UsageError(`simulate holds W in memory: v·d = ${v0 * d0} exceeds the limit ${MAX_SIMULATION_ENTRIES}; use a smaller --d or phases curve --method exact`);
  const runs = intFlag(flags, 'runs', undefined, 1, LIMITS.runs, 'independent SGD runs');
  const seed = intFlag(flags, 'seed', 1, 0, 0xffffffff, 'seeds are 32-bit');
  const steps = stepGrid(flags);
  const B0 = flags.batch === undefined ? 1 : intFlag(flags, 'batch', undefined, 1, LIMITS.batch, 'batch size');
  const work = runs * steps[steps.length - 1] * B0 * v0 * d0;
  if (work > LIMITS.simulationWork) throw new UsageError(`simulate would do runs·steps·batch·v·d = ${work.toPrecision(3)} multiply-adds, over the limit ${LIMITS.simulationWork} (about an hour); use fewer --runs or --steps, or phases curve for the expected loss`);
  const p = modelParams(flags, LIMITS.exactD, 'simulate holds W (v × d) in memory');
  const st = checkStability(p);
  if (!st.ok) throw new UsageError(st.explanation);
  const res = simulateSgd(p, seed, runs, steps);
  if (flags.json) {
    io.out(JSON.stringify({ step: res.step, flops: res.flops, loss: res.loss, std: res.std, q25: res.q25, q75: res.q75, runs }) + '\n');
  } else {
    io.out(`# PLRF SGD, ${runs} runs: alpha=${p.alpha} beta=${p.beta} d=${p.d} v=${p.v} batch=${p.batch} lr=${p.lr.toPrecision(4)} seed=${seed}\nstep\tflops\tmean\tstd\tq25\tq75\n`);
    for (let k = 0; k < res.step.length; k++) {
      io.out(`${res.step[k]}\t${res.flops[k].toPrecision(6)}\t${res.loss[k].toPrecision(6)}\t${res.std[k].toPrecision(3)}\t${res.q25[k].toPrecision(6)}\t${res.q75[k].toPrecision(6)}\n`);
    }
  }
  return 0;
}

async function exponents(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, SUBCOMMANDS.exponents.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const { alpha, beta } = alphaBeta(flags);
  const method = methodFlag(flags, ['exact', 'deterministic'] as const);
  const dMin = intFlag(flags, 'd-min', 64, 4), dMax = intFlag(flags, 'd-max', 1024, 8, LIMITS.exactD, 'each grid point builds a d × d matrix (exact) or the deterministic measures');
  if (dMax <= dMin) throw new UsageError(`--d-max (${dMax}) must exceed --d-min (${dMin})`);
  const perOctave = intFlag(flags, 'per-octave', 2, 1, LIMITS.perOctave, 'grid points per octave of d');
  const seed = intFlag(flags, 'seed', 1, 0, 0xffffffff, 'seeds are 32-bit');
  const draws = intFlag(flags, 'draws', 4, 1, LIMITS.draws, 'W draws averaged per d');
  const nDraws = method === 'exact' ? draws : 1;
  const work = nDraws * geometricGrid(dMin, dMax, perOctave).reduce((a, d) => a + d ** 3, 0);
  if (work > LIMITS.exponentWork) throw new UsageError(`draws · Σ d³ over the grid = ${work.toPrecision(3)} exceeds the limit ${LIMITS.exponentWork.toPrecision(3)} (e.g. 8 draws of d = 64…4096 at 2 per octave); use fewer --draws, a smaller --d-max or --per-octave`);
  const cf = classifyPhase(alpha, beta);
  if (cf.phase === 'undefined') throw new UsageError(`(alpha, beta) = (${alpha}, ${beta}) has 2(alpha+beta) ≤ 1: the PLRF loss is undefined there`);
  let r;
  try {
    r = measureExponents({ alpha, beta, dMin, dMax, perOctave, seed, method, draws });
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  const closedForm = { phase: cf.phase, xi: cf.xi, eta: cf.eta, source: cf.source, dominant: cf.dominant, basis: cf.basis };
  const ex = r.extrapolated;
  if (flags.json) {
    io.out(JSON.stringify({
      xi: r.xi, eta: r.eta, xiInterval: r.xiInterval, etaInterval: r.etaInterval, closedForm,
      intervalMethod: r.intervalMethod, method, draws: method === 'exact' ? draws : undefined, dGrid: r.dGrid, frontier: r.frontier,
      perDraw: r.perDraw, spread: r.spread, finiteSize: r.finiteSize, extrapolated: ex,
    }, null, 2) + '\n');
  } else {
    const pm = (x: number | null, u: number | null) => (x === null ? '—' : `${x.toFixed(3)} ± ${u!.toFixed(3)}`);
    io.out(`compute-optimal exponents at (alpha, beta) = (${alpha}, ${beta}), phase ${cf.phase}\n`);
    io.out(`              measured (raw fit)              d_max → ∞ (extrapolated)   closed form (${cf.source})\n`);
    io.out(`  xi  (d*)    ${r.xi.toFixed(3)}  [${r.xiInterval[0].toFixed(3)}, ${r.xiInterval[1].toFixed(3)}]         ${pm(ex.xi, ex.xiUncertainty).padEnd(27)}${fmt(cf.xi)}\n`);
    io.out(`  eta (P*)    ${r.eta.toFixed(3)}  [${r.etaInterval[0].toFixed(3)}, ${r.etaInterval[1].toFixed(3)}]         ${pm(ex.eta, ex.etaUncertainty).padEnd(27)}${fmt(cf.eta)}\n`);
    const how = method === 'exact' ? `${draws} W draw${draws > 1 ? 's' : ''} per d (same W prefix across d)` : 'deterministic equivalent (the W average without W noise)';
    io.out(`  d grid ${r.dGrid[0]}..${r.dGrid[r.dGrid.length - 1]} (${r.dGrid.length} points, ${how}), ${r.frontier.length} budgets with interior IsoFLOP minimum\n`);
    if (r.perDraw.length > 1) io.out(`  spread over draws: sd xi ${r.spread.xiSd.toFixed(3)}, eta ${r.spread.etaSd.toFixed(3)} (standard error of the average ${r.spread.xiSe.toFixed(3)}, ${r.spread.etaSe.toFixed(3)})\n`);
    io.out(`  finite size (raw fit with the grid cut at d_max): ${r.finiteSize.map((q) => `${q.dMax}: ${q.xi.toFixed(3)}/${q.eta.toFixed(3)}`).join(', ')}\n`);
    io.out(`  extrapolation: ${ex.method}${ex.note ? `; ${ex.note}` : ''}\n`);
    if (method === 'exact' && draws === 1) io.out('  note: one W per d; the interval does not include W-to-W spread (about ±0.03 in eta, more in xi): use --draws or --method deterministic\n');
  }
  return 0;
}
