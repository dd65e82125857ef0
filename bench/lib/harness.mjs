// The bench harness every bench/<name>.bench.mjs runs on (its default export gets a BenchContext).
// One compare() is one table row: each side is a whole process (the exact command a user runs, or
// the peer a user would pick), run `runs` times interleaved (order reversed every other round, so
// neither side always runs on a warmer machine), timed by bench/lib/measure.mjs; the row keeps
// median/min/max of wall, CPU and peak RSS, and a same-result check of the sides' outputs that
// prints FAIL when they disagree. Timings are reported, never asserted.
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { measure } from './measure.mjs';
import { findPython } from './python.mjs';
import { stats } from './stats.mjs';

export class BenchContext {
  /** opts: repo, quick (1 run, small sizes), runs, big (the large sizes), bench (name), log. */
  constructor({ repo, quick = false, runs, big = false, bench = '', log = (s) => process.stderr.write(s + '\n') }) {
    Object.assign(this, { repo, quick, big: big && !quick, bench, log, rows: [] });
    this.runs = quick ? 1 : Math.max(1, runs ?? 5);
    this.node = process.execPath;
    this.cli = join(repo, 'dist', 'cli.js');
    // The interpreter with numpy (phases) — benches needing scipy/pandas ask peerPython().
    this.py = findPython(['numpy']).python;
  }

  /** {python} or {why}: the interpreter importing these modules, or why there is none. */
  peerPython(modules) {
    return findPython(modules);
  }

  /** Our side: `node dist/cli.js ...args`, exactly what a user runs. */
  ours(label, args, parse, extra = {}) {
    return { label, cmd: this.node, args: [this.cli, ...args], parse, ...extra };
  }

  skip(id, title, why) {
    this.log(`  ${id}: skipped: ${why}`);
    this.rows.push({ id, title, bench: this.bench, skipped: why, sides: [], check: { ok: null, detail: why } });
  }

  /**
   * sides: [{label, cmd, args, parse(stdout, stderr), metrics(result) → {name: text}, skip?: why}];
   * check(results, measured) → {ok, detail} on the first good run of each side: its parsed output
   * and its measurement {wall, cpu, maxRssMiB} (for rows whose result is a budget).
   */
  async compare({ id, title, note, sides, check, runs = this.runs, timeout = 3600, noRatio = false }) {
    this.log(`${id}: ${title}`);
    const per = sides.map(() => ({ runs: [], results: [], errors: [] }));
    for (let r = 0; r < runs; r++) {
      const order = sides.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const i of order) {
        const s = sides[i];
        if (s.skip) continue;
        const m = measure(s.cmd, s.args, { timeoutSeconds: s.timeout ?? timeout, python: this.py, input: s.input, cwd: this.repo });
        if (m.code !== 0) per[i].errors.push(`exit ${m.code}: ${m.stderr.trim().split('\n').pop()}`);
        else {
          try {
            per[i].results.push(s.parse ? s.parse(m.stdout, m.stderr) : m.stdout);
          } catch (e) {
            per[i].errors.push(`unreadable output: ${e.message}`);
            m.code = 'unreadable';
          }
        }
        per[i].runs.push(m);
        this.log(`    ${s.label.padEnd(34)} run ${r + 1}/${runs}: ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU, ${m.maxRssMiB.toFixed(0)} MiB${m.code === 0 ? '' : ` (${m.code})`}`);
      }
    }
    const broken = per.map((p, i) => (p.errors.length ? `${sides[i].label}: ${p.errors[0]}` : '')).filter(Boolean);
    const skipped = sides.filter((s) => s.skip).map((s) => `${s.label} skipped: ${s.skip}`);
    let chk;
    if (broken.length) chk = { ok: false, detail: broken.join('; ') };
    else if (skipped.length) chk = { ok: null, detail: skipped.join('; ') };
    else if (!check) chk = { ok: null, detail: 'no check' };
    else {
      try {
        chk = check(per.map((p) => p.results[0]), per.map((p) => p.runs.find((x) => x.code === 0)));
      } catch (e) {
        chk = { ok: false, detail: `check threw: ${e.message}` };
      }
    }
    const sideRows = sides.map((s, i) => {
      const ok = per[i].runs.filter((x) => x.code === 0);
      let metrics = {};
      try {
        metrics = s.metrics && per[i].results[0] !== undefined ? s.metrics(per[i].results[0], ok) : {};
      } catch (e) {
        metrics = { metrics: `unavailable (${e.message})` };
      }
      return {
        label: s.label, command: this.display(s), skipped: s.skip,
        wall: stats(ok.map((x) => x.wall)), cpu: stats(ok.map((x) => x.cpu)), maxRssMiB: stats(ok.map((x) => x.maxRssMiB)), metrics,
      };
    });
    this.rows.push({ id, title, note, bench: this.bench, runs, noRatio, sides: sideRows, check: chk, load: loadavg() });
    this.log(`  ${id}: same result ${chk.ok === true ? 'OK' : chk.ok === false ? 'FAIL' : '-'}: ${chk.detail}`);
    return { rows: sideRows, results: per.map((p) => p.results[0]), check: chk };
  }

  /** The command as a user would type it: node/python by name, paths relative to the repo. */
  display(s) {
    // ../shared/… for the reference data beside the repo, as the README names it
    const short = (a) => (a.startsWith(dirname(this.repo) + '/') ? relative(this.repo, a) : a);
    const cmd = s.cmd === this.node ? 'node' : s.cmd;
    const line = [cmd, ...s.args.map(short)].map((a) => (/[\s'"*()<>|&;$]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' ');
    return s.input ? `${line} < request.json` : line;
  }
}
