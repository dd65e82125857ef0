// scaling-laws phases classify|curve|simulate|exponents: the power-law random-features model
// ("4+3 Phases of Compute-Optimal Neural Scaling Laws", Paquette et al. 2024).
import {
  approximateSpectrum, checkExponentsDomain, checkStability, classifyPhase, LIMITS, deterministicCurve, exactSpectrum, logStepGrid, makeParams,
  geometricGrid, measureExponents, modalCurve, simulateSgd, MAX_SIMULATION_ENTRIES, type PlrfParams,
} from '../../core/theory';
import { explore, heatmap } from './phasesExplore';
import { dispatchSubcommand, parseArgs, RunError, UsageError, type CliIO, type ParsedArgs } from '../args';

const USAGE = `usage:
  scaling-laws phases classify  --alpha A --beta B [--json]
  scaling-laws phases curve     --alpha A --beta B --d D [--v V] [--batch B] [--lr G] --steps R [--method exact|deterministic|approximate] [--seed S] [--points-per-decade N] [--json]
  scaling-laws phases simulate  --alpha A --beta B --d D [--v V] [--batch B] [--lr G] --steps R --runs K [--seed S] [--points-per-decade N] [--json]
  scaling-laws phases explore   --alpha A --beta B [--d-min X --d-max Y] [--sgd-runs K] [--seed S] [--json]   (the explorer's curves)
  scaling-laws phases heatmap   --alphas A,A,.. --betas B,B,.. [--json]
  scaling-laws phases exponents --alpha A --beta B [--d-min X --d-max Y] [--per-octave N] [--method exact|deterministic] [--draws K] [--seed S] [--json]
methods: exact = one seeded W (its spectrum, O(d³)); deterministic = the W-average as d → ∞ (deterministic equivalent);
         approximate = the authors' cheap analytic spectrum (lambda_j = j^-2alpha, theory_rhos), an O(d) preview, not exact.
defaults: v = 4d, batch 1, lr = 1/((B+1) tr D) (= 0.5/tr D for B = 1), seed 1, d-min 64, d-max 1024, per-octave 2, draws 4.
limits: exact d ≤ 8192, deterministic d ≤ 16384, v ≤ 2^20, batch ≤ 65536, steps ≤ 1e13, points-per-decade ≤ 1000, runs ≤ 10000,
        per-octave ≤ 8, draws ≤ 64 (docs/PHASES.md).
`;

const MODEL_FLAGS = { alpha: 'number', beta: 'number', d: 'number', v: 'number', batch: 'number', lr: 'number', steps: 'number', seed: 'number', 'points-per-decade': 'number', json: 'boolean' } as const;

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
  const { positional, flags } = parseArgs(argv, { alpha: 'number', beta: 'number', json: 'boolean' });
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
  const { positional, flags } = parseArgs(argv, { ...MODEL_FLAGS, method: 'string' });
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
  const { positional, flags } = parseArgs(argv, { ...MODEL_FLAGS, runs: 'number' });
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
  const { positional, flags } = parseArgs(argv, { alpha: 'number', beta: 'number', 'd-min': 'number', 'd-max': 'number', 'per-octave': 'number', seed: 'number', method: 'string', draws: { kind: 'number', range: { min: 1, max: LIMITS.draws } }, json: 'boolean' });
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
