// Issue 2's benchmark: the Chinchilla replication procedure (240 points of Epoch's reconstruction,
// D = C/6N, 5 highest losses dropped, Huber 1e-3 summed on log loss, 4500-start grid) plus a
// 4000-resample bootstrap, ours (CLI, 2 threads) next to scipy L-BFGS-B with an analytic gradient.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REF = new URL('../../shared/reference-data/epoch_chinchilla/svg_extracted_data.csv', import.meta.url).pathname;
const K = Number(process.env.BENCH_BOOTSTRAP ?? 4000);
if (!existsSync('dist/cli.js')) { console.log('dist/cli.js missing: run npm run build first'); process.exit(1); }
if (!existsSync(REF)) { console.log(`skipped: ${REF} not found (reference data lives beside the repo in shared/)`); process.exit(0); }

// Same rows for both sides: drop the 5 highest losses, derive D.
const lines = readFileSync(REF, 'utf8').trim().split('\n');
const header = lines[0].split(',');
const iN = header.indexOf('Model Size'), iC = header.indexOf('Training FLOP'), iL = header.indexOf('loss');
const rows = lines.slice(1).map((l) => l.split(',')).map((c) => ({ N: +c[iN], C: +c[iC], loss: +c[iL] })).sort((a, b) => a.loss - b.loss).slice(0, -5);
const dir = mkdtempSync(join(tmpdir(), 'sl-bench-'));
const csv = join(dir, 'chinchilla.csv');
writeFileSync(csv, 'N,C,loss\n' + rows.map((r) => `${r.N},${r.C},${r.loss}`).join('\n') + '\n');

const ours = spawnSync(process.execPath, ['bench/lib/measure-cli.cjs', 'fit', csv, '--derive', 'D=C/(6*N)', '--starts', 'chinchilla', '--bootstrap', String(K), '--seed', '1', '--threads', '2', '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (ours.status !== 0) { console.log('our fit failed:', ours.stderr); process.exit(1); }
const m = JSON.parse(ours.stderr.trim().split('\n').pop());
const report = JSON.parse(ours.stdout);

const py = '/usr/bin/python3';
const hasScipy = spawnSync(py, ['-c', 'import scipy'], { encoding: 'utf8' }).status === 0;
let peer;
let peerSeconds;
if (hasScipy) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(py, ['bench/peers/chinchilla_scipy.py'], {
    input: JSON.stringify({ N: rows.map((r) => r.N), D: rows.map((r) => r.C / (6 * r.N)), loss: rows.map((r) => r.loss), delta: 1e-3, bounds: [[-10, 10], [-20, 80], [-20, 80], [0, 10], [0, 10]], bootstrap: K, seed: 1 }),
    encoding: 'utf8', maxBuffer: 1 << 26,
  });
  peerSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) console.log('scipy peer failed:', r.stderr);
  else peer = JSON.parse(r.stdout);
}

const f = (x, d = 4) => (typeof x === 'number' ? x.toPrecision(d) : String(x));
console.log(`Chinchilla replication fit on ${rows.length} points: 4500 starts + ${K} bootstrap refits`);
console.log(`  ours  (scaling-laws fit, 2 threads): ${f(m.seconds, 3)} s, peak RSS ${f(m.maxRssMB, 3)} MB, objective ${report.objective.value.toPrecision(10)}, starts converged ${report.starts.converged}/${report.starts.total}`);
if (peer) {
  console.log(`  scipy ${'(L-BFGS-B, analytic gradient)'.padEnd(29)}: ${f(peerSeconds, 3)} s (fit ${f(peer.secondsFit, 3)} s + bootstrap ${f(peer.secondsBootstrap, 3)} s), objective ${peer.fun.toPrecision(10)}, starts converged ${peer.converged}/${peer.starts}`);
  console.log(`  speed-up: ${f(peerSeconds / m.seconds, 3)}x; objective relative difference ${((report.objective.value - peer.fun) / peer.fun).toExponential(2)}`);
  console.log('  param      ours            scipy           se ours     se scipy');
  for (const k of ['E', 'A', 'B', 'alpha', 'beta']) {
    console.log(`  ${k.padEnd(6)} ${f(report.params[k], 8).padEnd(15)} ${f(peer.params[k], 8).padEnd(15)} ${f(report.bootstrap?.se[k], 3).padEnd(11)} ${f(peer.bootstrap?.se[k], 3)}`);
  }
} else {
  console.log('  scipy peer skipped: /usr/bin/python3 with scipy not found (apt-get install python3-scipy)');
}
