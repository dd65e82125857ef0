// One pipeline: for every task, the request the CLI builds from its flags gives byte-identical
// result JSON when the worker process runs it (what the panels show). The fit cases carry the
// options the worker used to drop or ignore before the task layer existed: the auto-derived D
// column, values fixed from another fit (fixedFrom), ingest flags, and --procedure log-ols.
// Needs dist/worker.js (npm run build).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { WorkerClient } from '../../../src/extension/worker/workerClient';
import type { TaskMap, TaskName } from '../../../src/protocol/tasks';
import { TASK_NAMES } from '../../../src/protocol/tasks';

const script = join(process.cwd(), 'dist', 'worker.js');
const missing = existsSync(script) ? false : 'dist/worker.js not built (npm run build)';
const dir = mkdtempSync(join(tmpdir(), 'sl-parity-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// Chinchilla-shaped runs with N and compute C but no token column (D is derived as C / (6N)).
let seed = 7;
const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.01;
const law = (N: number, D: number) => 1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28;
const rows: string[] = ['run,N,C,loss'];
for (const N of [2e7, 6e7, 2e8, 6e8, 2e9]) for (const k of [5, 20, 80]) rows.push(`r${N}_${k},${N},${6 * N * N * k},${(law(N, N * k) * (1 + noise())).toFixed(6)}`);
rows.push('bad,1e8,NaN,3.1');
const runs = file('runs-nc.csv', rows.join('\n') + '\n');
// Loss-to-loss pairs: y = K (x − E_x)^kappa + E_y with E_x = 1.8, E_y = 1.5.
const l2l = file('pairs.csv', 'x,y\n' + [2.1, 2.3, 2.6, 2.9, 3.3, 3.8].map((x) => `${x},${(1.2 * (x - 1.8) ** 0.9 + 1.5).toFixed(6)}`).join('\n') + '\n');
// A training curve under a cosine schedule (power law in steps, offset).
const curve = file('curve.csv', 'step,lr,loss\n' + Array.from({ length: 40 }, (_, i) => (i + 1) * 50).map((s) => `${s},3e-4,${(2.2 + 3 * (s / 50) ** -0.4).toFixed(6)}`).join('\n') + '\n');

let client: WorkerClient | undefined;
after(() => client?.dispose());

async function cliJson(argv: string[]): Promise<string> {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  assert.equal(code, 0, `scaling-laws ${argv.join(' ')}: ${err}`);
  return JSON.stringify(JSON.parse(out));
}

async function workerJson<K extends TaskName>(task: K, request: TaskMap[K][0]): Promise<string> {
  client ??= new WorkerClient(script);
  return JSON.stringify((await client.run(task, request).promise).value);
}

const covered = new Set<string>();
async function same<K extends TaskName>(task: K, argv: string[], request: TaskMap[K][0]): Promise<string> {
  covered.add(task);
  const [a, b] = await Promise.all([cliJson(argv), workerJson(task, request)]);
  if (a !== b) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    assert.fail(`${task}: the worker's result differs from \`scaling-laws ${argv.join(' ')}\` at character ${i}:\n  CLI:    …${a.slice(Math.max(0, i - 80), i + 80)}\n  worker: …${b.slice(Math.max(0, i - 80), i + 80)}`);
  }
  return a;
}

const fitJson = join(dir, 'fit.json');
const fixedFrom = join(dir, 'fixed-from.json');

test('fit: auto-derived D, a value fixed from another fit, ingest flags: CLI and worker agree byte for byte', { skip: missing }, async () => {
  assert.equal(await main(['fit', runs, '--bootstrap', '20', '--seed', '2', '--starts', '64', '--out', fixedFrom, '--quiet'], { out: () => {}, err: () => {} }), 0);
  const out = await same('fit', ['fit', runs, '--fix', `E=${fixedFrom}`, '--non-finite', 'keep', '--bootstrap', '20', '--seed', '3', '--starts', '64', '--json'],
    { file: runs, fix: [`E=${fixedFrom}`], ingest: { nonFinite: 'keep' }, bootstrap: 20, seed: 3, starts: '64' });
  const report = JSON.parse(out);
  assert.deepEqual(report.provenance.derived, { D: 'C / (6 * N)' }, 'the auto-derived D is in the provenance');
  assert.deepEqual(report.provenance.fixedFrom, { E: `${fixedFrom}:E` }, 'fixedFrom is in the provenance');
  assert.ok(report.warnings.some((w: string) => /non-finite|NaN/i.test(w)), `the ingest flag reached the reader: ${report.warnings.join(' | ')}`);
  writeFileSync(fitJson, out);
});

test('fit --procedure log-ols (loss-to-loss): CLI and worker agree', { skip: missing }, async () => {
  const out = await same('fit', ['fit', l2l, '--law', 'loss-to-loss', '--map', 'x=x', '--map', 'y=y', '--fix', 'E_x=1.8,E_y=1.5', '--procedure', 'log-ols', '--json'],
    { file: l2l, law: 'loss-to-loss', map: { x: 'x', y: 'y' }, fix: ['E_x=1.8,E_y=1.5'], procedure: 'log-ols' });
  const r = JSON.parse(out);
  assert.ok(Math.abs(r.params.kappa - 0.9) < 1e-3 && Math.abs(r.params.K - 1.2) < 1e-3, JSON.stringify(r.params));
});

test('inspect, predict, optimal, figures, approaches, chain, report: CLI and worker agree', { skip: missing }, async () => {
  await same('inspect', ['inspect', runs, '--rows', '3', '--json'], { file: runs, rows: 3 });
  await same('predict', ['predict', '--fit', fitJson, '--at', 'N=7B,D=1.4T', '--json'], { fit: fitJson, at: { N: 7e9, D: 1.4e12 } });
  await same('optimal', ['optimal', '--fit', fitJson, '--compute', '1e22', '--json'], { fit: fitJson, compute: 1e22 });
  const figures = JSON.parse(await same('figures', ['figures', '--fit', fitJson, '--json'], { fit: fitJson }));
  assert.ok(figures.figures.length >= 4);
  await same('approaches', ['approaches', '--fit', fitJson, '--resamples', '10', '--json'], { fit: fitJson, resamples: 10 });
  await same('chain', ['chain', fitJson, '--compute', '1e21', '--sweep-points', '5', '--json'], { fits: [fitJson], C: 1e21, sweepPoints: 5 });
  await same('compare', ['compare', runs, '--laws', 'chinchilla,kaplan', '--bootstrap', '0', '--starts', '64', '--json'], { fit: { file: runs, bootstrap: 0, starts: '64' }, laws: ['chinchilla', 'kaplan'] });
  await same('plan', ['plan', '--fit', fitJson, '--compute', '1e22', '--peak-flops', '1e15', '--json'], { fit: fitJson, compute: 1e22, peakFlops: 1e15 });
  const reportDir = mkdtempSync(join(tmpdir(), 'sl-parity-report-'));
  writeFileSync(join(reportDir, 'a.csv'), rows.slice(0, -1).join('\n') + '\n');
  writeFileSync(join(reportDir, 'notes.json'), '{"not": "a log"}');
  await same('report', ['report', reportDir, '--bootstrap', '0', '--json'], { paths: [reportDir], bootstrap: 0 });
});

test('isoflop / envelope (Chinchilla approaches 2 and 1): CLI and worker agree', { skip: missing }, async () => {
  // Three budgets, five sizes each (approach 2); training curves of four sizes (approach 1).
  const iso = ['N,C,loss'];
  for (const C of [1e18, 1e19, 1e20]) for (const f of [0.25, 0.5, 1, 2, 4]) {
    const N = f * 0.6 * (C / 6) ** 0.5;
    iso.push(`${N},${C},${law(N, C / (6 * N)).toFixed(6)}`);
  }
  const isoFile = file('iso.csv', iso.join('\n') + '\n');
  await same('isoflop', ['isoflop', isoFile, '--bootstrap', '20', '--json'], { file: isoFile, columns: {}, bootstrap: 20 });
  const env = ['run,N,D,loss'];
  for (const N of [1e7, 4e7, 1.6e8, 6.4e8]) for (let D = 1e8; D <= 2e11; D *= 1.6) env.push(`m${N},${N},${D},${law(N, D).toFixed(6)}`);
  const envFile = file('env.csv', env.join('\n') + '\n');
  await same('envelope', ['envelope', envFile, '--bootstrap', '10', '--json'], { file: envFile, columns: {}, bootstrap: 10, keepEdges: false });
});

test('design: CLI and worker agree', { skip: missing }, async () => {
  const out = JSON.parse(await same('design', ['design', runs, '--budget-flops', '1e20', '--k', '2', '--target-compute', '1e22', '--bootstrap', '30', '--starts', '64', '--seed', '1', '--json'],
    { file: runs, budgetFlops: 1e20, k: 2, targetCompute: 1e22, bootstrap: 30, starts: '64', seed: 1 }));
  assert.equal(out.runs.length, 2);
});

test('diff, fit --warm-start: CLI and worker agree', { skip: missing }, async () => {
  const d = JSON.parse(await same('diff', ['diff', fixedFrom, fitJson, '--json'], { old: fixedFrom, new: fitJson }));
  assert.equal(d.runs.kept, 15);
  await same('fit', ['fit', runs, '--warm-start', fitJson, '--starts', '4', '--bootstrap', '10', '--json'], { file: runs, warmStart: fitJson, starts: '4', bootstrap: 10 });
});

test('curve fit / predict / extrapolate / explore: CLI and worker agree', { skip: missing }, async () => {
  await same('curveFit', ['curve', 'fit', curve, '--law', 'power', '--json'], { files: [curve], law: 'power', schedules: undefined, map: {}, fix: {}, exact: false });
  const params = 'L0=2.4,A=0.65,alpha=0.43,B=520,C=2,beta=0.6,gamma=0.63';
  await same('curvePredict', ['curve', 'predict', '--law', 'multipower', '--params', params, '--schedule', 'cosine:warmup=100,total=2000,peak=3e-4,end=3e-5', '--json'],
    { law: 'multipower', params: { L0: 2.4, A: 0.65, alpha: 0.43, B: 520, C: 2, beta: 0.6, gamma: 0.63 }, exact: false, schedule: 'cosine:warmup=100,total=2000,peak=3e-4,end=3e-5' });
  const sched = 'constant:warmup=50,total=4000,peak=3e-4';
  await same('curveExtrapolate', ['curve', 'extrapolate', curve, '--schedule', sched, '--law', 'power', '--bootstrap', '8', '--json'], { file: curve, schedule: sched, map: {}, law: 'power', bootstrap: 8 });
  // `curve extrapolate` prints the extrapolation itself; the worker's result wraps it with the row count.
  await same('curveExplore', ['curve', 'explore', curve, '--schedule', sched, '--draws', '3', '--bootstrap', '4', '--json'], { file: curve, schedule: sched, map: {}, draws: 3, bootstrap: 4 });
});

test('phases explore / heatmap: CLI and worker agree', { skip: missing }, async () => {
  await same('phasesExplore', ['phases', 'explore', '--alpha', '0.7', '--beta', '0.7', '--d-min', '16', '--d-max', '32', '--sgd-runs', '0', '--json'], { alpha: 0.7, beta: 0.7, dMin: 16, dMax: 32, sgdRuns: 0 });
  await same('phasesHeatmap', ['phases', 'heatmap', '--alphas', '0.6,1.2', '--betas', '0.3,0.9', '--json'], { alphas: [0.6, 1.2], betas: [0.3, 0.9] });
});

test('every task is covered by a parity check above', { skip: missing }, () => {
  assert.deepEqual([...TASK_NAMES].filter((t) => !covered.has(t)), []);
});

test('the HTML report and the results panel draw the same figures from the same FitReport', { skip: missing }, async () => {
  const reportDir = mkdtempSync(join(tmpdir(), 'sl-figures-'));
  const f = join(reportDir, 'runs.csv');
  writeFileSync(f, rows.slice(0, -1).join('\n') + '\n');
  // The report's section for the file (what the HTML page embeds and draws) …
  let out = '';
  assert.equal(await main(['report', reportDir, '--bootstrap', '30', '--seed', '4', '--json'], { out: (t) => (out += t), err: () => {} }), 0);
  const section = JSON.parse(out).sections[0];
  // … and the panel's: the worker's fit with the figures the panel draws.
  client ??= new WorkerClient(script);
  const panel = await client.run('fit', { file: f, law: 'chinchilla', bootstrap: 30, seed: 4 }, { figures: {} }).promise;
  assert.deepEqual(panel.value.params, section.report.params, 'the same fit');
  assert.equal(JSON.stringify(panel.figures), JSON.stringify(section.figures), 'the same series, axes, bands and notes');
  assert.ok(section.figures.figures.some((fig: { traces: { lo?: number[] }[] }) => fig.traces.some((t) => t.lo)), 'with bootstrap bands');
});
