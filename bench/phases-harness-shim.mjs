// Stand-in for the shared bench harness (bench/lib/harness.mjs, being built on the perf branch) so
// that bench/phases.bench.mjs also runs on its own: the same ctx.compare / ctx.ours / ctx.skip
// interface, whole processes timed with GNU time (wall, user+sys CPU, max RSS), sides interleaved
// (order reversed every other round), median/min/max, a same-result check printing FAIL.
// Delete this file once bench/lib/harness.mjs is on main: phases.bench.mjs then uses the harness.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';

const stats = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const m = v.length >> 1;
  return { median: v.length ? (v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2) : NaN, min: v[0] ?? NaN, max: v[v.length - 1] ?? NaN, n: v.length };
};

function measure(cmd, args, timeout = 3600) {
  const dir = mkdtempSync(join(tmpdir(), 'phases-bench-'));
  const out = join(dir, 'ru');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeout * 1000 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let user = NaN, sys = NaN, rss = NaN;
  try {
    [user, sys, rss] = readFileSync(out, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  } catch { /* no rusage */ }
  rmSync(dir, { recursive: true, force: true });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', wall, cpu: user + sys, maxRssMiB: rss / 1024 };
}

export class ShimContext {
  constructor({ repo, quick, runs, bench, log }) {
    Object.assign(this, { repo, quick, runs, bench, log, rows: [] });
    this.node = process.execPath;
    this.cli = join(repo, 'dist', 'cli.js');
    this.py = '/usr/bin/python3';
  }

  ours(label, args, parse, extra = {}) {
    return { label, cmd: this.node, args: [this.cli, ...args], parse, ...extra };
  }

  skip(id, title, why) {
    this.log(`  ${id}: skipped: ${why}`);
    this.rows.push({ id, title, skipped: why, sides: [], check: { ok: null, detail: why } });
  }

  async compare({ id, title, note, sides, check, runs = this.runs, timeout }) {
    const per = sides.map(() => ({ runs: [], results: [], errors: [] }));
    for (let r = 0; r < runs; r++) {
      const order = sides.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const i of order) {
        const s = sides[i];
        const m = measure(s.cmd, s.args, s.timeout ?? timeout);
        if (m.code !== 0) per[i].errors.push(`exit ${m.code}: ${m.stderr.trim().split('\n').pop()}`);
        else per[i].results.push(s.parse ? s.parse(m.stdout, m.stderr) : m.stdout);
        per[i].runs.push(m);
        this.log(`    ${s.label.padEnd(30)} round ${r + 1}: ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU, ${m.maxRssMiB.toFixed(0)} MiB`);
      }
    }
    const broken = per.map((p, i) => (p.errors.length ? `${sides[i].label}: ${p.errors[0]}` : '')).filter(Boolean);
    const chk = broken.length ? { ok: false, detail: broken.join('; ') } : check ? check(per.map((p) => p.results[0])) : { ok: null, detail: 'no check' };
    const sideRows = sides.map((s, i) => {
      const ok = per[i].runs.filter((x) => x.code === 0);
      return {
        label: s.label, command: [s.cmd === this.node ? 'node' : s.cmd, ...s.args].join(' '),
        wall: stats(ok.map((x) => x.wall)), cpu: stats(ok.map((x) => x.cpu)), maxRssMiB: stats(ok.map((x) => x.maxRssMiB)),
        metrics: s.metrics && per[i].results[0] !== undefined ? s.metrics(per[i].results[0]) : {},
      };
    });
    this.rows.push({ id, title, note, sides: sideRows, check: chk, load: loadavg()[0] });
    this.log(`  ${id}: same result ${chk.ok === true ? 'OK' : chk.ok === false ? 'FAIL' : '-'}: ${chk.detail}`);
    return { rows: sideRows, results: per.map((p) => p.results[0]), check: chk };
  }

  /** The rows as a Markdown table (printed by the standalone run). */
  markdown() {
    const f = (s) => (Number.isFinite(s.median) ? `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : '—');
    const lines = [`phases bench on ${cpus().length} × ${cpus()[0]?.model?.trim()}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}; median (min–max) over the rounds`, '',
      '| case | side | wall s | CPU s | peak MiB | notes | same result |', '|---|---|---|---|---|---|---|'];
    for (const r of this.rows) {
      if (r.skipped) { lines.push(`| ${r.title} | — | — | — | — | skipped: ${r.skipped} | — |`); continue; }
      r.sides.forEach((s, i) => {
        const m = Object.entries(s.metrics).map(([k, v]) => `${k}: ${v}`).join('; ');
        lines.push(`| ${i ? '' : r.title} | ${s.label} | ${f(s.wall)} | ${f(s.cpu)} | ${f(s.maxRssMiB)} | ${m} | ${i ? '' : `${r.check.ok === true ? 'OK' : r.check.ok === false ? '**FAIL**' : '–'} ${r.check.detail}`} |`);
      });
    }
    return lines.join('\n');
  }
}
