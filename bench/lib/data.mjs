// Generated inputs for the benches, written once into /tmp/scaling-laws-bench/ and reused (same
// seed, same bytes), so that both sides of a row read the very same file.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR = join(tmpdir(), 'scaling-laws-bench');

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// Written to a temp name then renamed, so an interrupted run never leaves a short file behind.
function cached(name, write) {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, name);
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      write((s) => writeSync(fd, s));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  }
  return path;
}

/** A training-log CSV: 64 runs interleaved, 10 columns (1 text, 9 numeric), `rows` data rows. */
export function trainingCsv(rows) {
  return cached(`runs-${rows}.csv`, (write) => {
    const rnd = lcg(1);
    const sizes = [125e6, 350e6, 760e6, 1.3e9, 2.7e9, 6.7e9];
    write('run,step,tokens,params,loss,val_loss,lr,grad_norm,throughput,wall_time\n');
    for (let i = 0; i < rows; ) {
      const parts = [];
      for (let k = 0; k < 20000 && i < rows; k++, i++) {
        const run = i % 64, step = (i >> 6) + 1;
        const loss = 1.8 + 400 / Math.sqrt(step + 10) + rnd() * 0.05;
        parts.push(`run_${run},${step},${step * 524288},${sizes[run % 6]},${loss.toFixed(6)},${(loss + 0.02 + rnd() * 0.01).toFixed(6)},${(3e-4 * (1 - step / 1e6)).toExponential(6)},${(rnd() * 2).toFixed(4)},${Math.round(1e5 + rnd() * 1e4)},${(1.7e9 + i * 0.37).toFixed(3)}\n`);
      }
      write(parts.join(''));
    }
  });
}

/** A W&B-style metrics JSONL: one object per step, 5 keys (4 numeric, 1 text), `lines` lines. */
export function metricsJsonl(lines) {
  return cached(`metrics-${lines}.jsonl`, (write) => {
    const rnd = lcg(2);
    for (let i = 0; i < lines; ) {
      const parts = [];
      for (let k = 0; k < 20000 && i < lines; k++, i++) {
        const loss = 1.8 + 400 / Math.sqrt(i + 10) + rnd() * 0.05;
        parts.push(`{"_step": ${i}, "train/loss": ${loss.toFixed(6)}, "train/lr": ${(3e-4 * rnd()).toExponential(4)}, "tokens": ${i * 524288}, "run": "r${i % 8}"}\n`);
      }
      write(parts.join(''));
    }
  });
}

/** A wide CSV: `columns` numeric columns named c0, c1, … and one row (issue 16's memory case). */
export function wideCsv(columns) {
  return cached(`wide-${columns}.csv`, (write) => {
    const names = Array.from({ length: columns }, (_, j) => `c${j}`);
    write(names.join(',') + '\n' + names.map((_, j) => String(j % 97)).join(',') + '\n');
  });
}

/**
 * A 1-curve multi-power-law log: loss at `points` steps evenly spread over 1001..11000 of a
 * 12000-step cosine schedule, from known parameters (`truth`) with 0.2 % log-normal noise. The clean
 * curve comes from `scaling-laws curve predict` (so eta is exactly the CLI's schedule). Writes the CSV
 * ours reads and the JSON the numpy peer reads ({steps, loss, eta}); returns their paths.
 */
export const MPL = {
  truth: { L0: 2.4, A: 0.65, alpha: 0.43, B: 520, C: 2, beta: 0.59, gamma: 0.63 },
  schedule: 'cosine:warmup=500,total=12000,peak=3e-4,end=3e-5',
};
export function multipowerLog(points, cli) {
  const csv = join(DATA_DIR, `mpl-${points}.csv`), json = join(DATA_DIR, `mpl-${points}.json`);
  if (existsSync(csv) && existsSync(json)) return { csv, json };
  const params = Object.entries(MPL.truth).map(([k, v]) => `${k}=${v}`).join(',');
  const r = spawnSync(process.execPath, [cli, 'curve', 'predict', '--law', 'multipower', '--params', params, '--schedule', MPL.schedule, '--every', '1', '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`curve predict failed: ${r.stderr}`);
  const p = JSON.parse(r.stdout); // step 1..11999, lr and loss at each; eta[0] = 0 (linear warmup from 0)
  const eta = [0, ...p.lr];
  const rnd = lcg(3), every = 10000 / points;
  const steps = [], loss = [];
  for (let k = 0; k < points; k++) {
    const s = 1001 + Math.round(k * every);
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    steps.push(s);
    loss.push(+(p.loss[s - 1] * Math.exp(0.002 * z)).toFixed(6));
  }
  cached(`mpl-${points}.json`, (write) => write(JSON.stringify({ steps, loss, eta })));
  cached(`mpl-${points}.csv`, (write) => write('step,loss\n' + steps.map((s, k) => `${s},${loss[k]}`).join('\n') + '\n'));
  return { csv, json };
}
