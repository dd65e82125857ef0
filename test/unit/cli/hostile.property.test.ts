// Issue 16, "done when": every CLI command fed random and extreme option values exits 0, 1 or 2,
// never by a signal or a V8 abort, within a time budget, leaves its input files byte-identical, and
// answers given with exit 0 (--json) hold no null where a value was promised.
// Runs the built CLI (dist/cli.js, from `npm run build`) in child processes, with a fixed seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

const root = join(__dirname, '../../..');
const cliJs = process.env.HOSTILE_CLI ?? join(root, 'dist/cli.js'); // another build can be checked the same way
const BUDGET_MS = 30_000;

/** Values a hostile user or a broken script passes: huge, tiny, fractional, negative, not numbers, prototype names. */
const extreme = fc.constantFrom('0', '1', '2', '100', '1000', '24000', '-1', '0.5', '1e7', '1e9', '1e300', '-1e300', '4294967296', 'NaN', 'Infinity', '-0', '1e-300', 'abc', '__proto__', 'constructor', '', '100001');
const small = fc.constantFrom('0', '0', '0', '1', '3', '10', '-1', '0.5', '1e7', '1e300', 'NaN', 'abc', '__proto__');

function inputs(dir: string): Record<string, string> {
  copyFileSync(join(root, 'examples/isoflop-runs.csv'), join(dir, 'iso.csv'));
  copyFileSync(join(root, 'examples/training-log.jsonl'), join(dir, 'log.jsonl'));
  // A small Chinchilla-like table, so fits finish quickly even with hostile flags.
  const rows = readFileSync(join(root, 'examples/chinchilla-runs.csv'), 'utf8').trim().split('\n');
  writeFileSync(join(dir, 'runs.csv'), [rows[0], ...rows.slice(1).filter((_, i) => i % 3 === 0)].join('\n') + '\n');
  const wide = Array.from({ length: 5000 }, (_, j) => `c${j}`);
  writeFileSync(join(dir, 'wide.csv'), wide.join(',') + '\n' + wide.map((_, j) => String(j)).join(',') + '\n');
  writeFileSync(join(dir, 'markup.csv'), '<h1>step</h1>,loss,"<a href=""x"">run</a>"\n1,3.2,a\n10,2.9,a\n100,2.5,a\n1000,2.3,a\n');
  writeFileSync(join(dir, 'deep.json'), '['.repeat(100_000) + ']'.repeat(100_000));
  return { runs: join(dir, 'runs.csv'), iso: join(dir, 'iso.csv'), log: join(dir, 'log.jsonl'), wide: join(dir, 'wide.csv'), markup: join(dir, 'markup.csv'), deep: join(dir, 'deep.json') };
}

/** Paths (a.b[3].c) of every null in a JSON value. */
function nullPaths(v: unknown, path = ''): string[] {
  if (v === null) return [path || '(top)'];
  if (Array.isArray(v)) return v.flatMap((x, i) => nullPaths(x, `${path}[${i}]`));
  if (typeof v === 'object') return Object.entries(v as object).flatMap(([k, x]) => nullPaths(x, path ? `${path}.${k}` : k));
  return [];
}

/** Fields whose type says null (documented in their interfaces), not a NaN in disguise. */
const NULLABLE: RegExp[] = [/^conditioning\.(full|projected)\.condition$/];

function hashes(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

function run(argv: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string; out: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [cliJs, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '', out = '';
    p.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    p.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), BUDGET_MS);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, err, out, ms: Date.now() - t0 });
    });
  });
}

test('hostile option values: exit 0/1/2, no signal or abort, within budget, inputs unchanged', { skip: !existsSync(cliJs) && 'dist/cli.js missing: run npm run build', timeout: 120_000 }, async (t) => {
  const codes = [0, 0, 0];
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  const f = inputs(dir);
  const file = fc.constantFrom(f.runs, f.iso, f.log, f.wide, f.markup, f.deep, join(dir, 'missing.csv'), dir);
  // Mostly the file each command is meant for, so hostile options reach the work they size.
  const usual = (p: string) => fc.oneof({ arbitrary: fc.constant(p), weight: 3 }, { arbitrary: file, weight: 1 });
  const command = fc.oneof(
    fc.tuple(usual(f.runs), small, extreme, fc.constantFrom('chinchilla', 'power', 'constructor', '__proto__')).map(([p, b, s, law]) => ['fit', p, '--bootstrap', b, '--seed', s, '--law', law, '--starts', '8', '--x', 'N', '--json']),
    fc.tuple(file, extreme).map(([p, r]) => ['inspect', p, '--rows', r]),
    fc.tuple(usual(f.iso), small, extreme).map(([p, b, g]) => ['envelope', p, '--bootstrap', b, '--grid', g, '--json']),
    fc.tuple(usual(f.iso), small, extreme).map(([p, b, s]) => ['isoflop', p, '--bootstrap', b, '--seed', s, '--json']),
    fc.tuple(extreme, extreme).map(([t, e]) => ['curve', 'predict', '--law', 'multipower', '--params', 'L0=2.37,A=0.65,alpha=0.43,B=523,C=2.02,beta=0.59,gamma=0.63', '--schedule', `cosine:warmup=0,total=${t},peak=3e-4,end=3e-5`, '--every', e, '--json']),
    fc.tuple(usual(f.log), small).map(([p, b]) => ['curve', 'extrapolate', p, '--bootstrap', b, '--json']),
    fc.tuple(extreme, extreme).map(([a, b]) => ['phases', 'classify', '--alpha', a, '--beta', b, '--json']),
    fc.tuple(extreme, extreme).map(([d, s]) => ['phases', 'curve', '--alpha', '1', '--beta', '0.5', '--d', d, '--steps', s, '--json']),
    fc.tuple(extreme, extreme).map(([a, b]) => ['predict', '--law', 'chinchilla', '--params', `E=1.69,A=406.4,B=410.7,alpha=${a},beta=0.28`, '--at', `N=${b},D=1e10`, '--json']),
    fc.tuple(extreme, extreme).map(([c, k]) => ['optimal', '--law', 'chinchilla', '--params', 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28', '--compute', c, '--flops-per-param-token', k, '--json']),
    extreme.map((x) => [x]),
  );
  const before = hashes(dir);
  await fc.assert(
    fc.asyncProperty(command, async (argv) => {
      const r = await run(argv);
      const what = `scaling-laws ${argv.join(' ')} → code ${r.code} signal ${r.signal} in ${r.ms} ms\n${r.err}`;
      assert.equal(r.signal, null, what);
      assert.ok(r.code === 0 || r.code === 1 || r.code === 2, what);
      assert.ok(!/FATAL ERROR|Abort|Maximum call stack|Invalid (typed )?array length|is not a function|Cannot read properties/.test(r.err), what);
      assert.deepEqual(hashes(dir), before, `inputs changed by ${argv.join(' ')}`);
      // An answer given with exit 0 has no null where a number or text was promised (NaN and
      // Infinity become null in JSON: a garbage answer dressed as a result).
      if (r.code === 0 && (argv as string[]).includes('--json')) {
        const nulls = nullPaths(JSON.parse(r.out)).filter((p) => !NULLABLE.some((re) => re.test(p)));
        assert.deepEqual(nulls, [], `${what}\nnull in: ${nulls.slice(0, 5).join(', ')}`);
      }
      codes[r.code as number]++;
    }),
    { seed: 16, numRuns: 80, endOnFailure: true },
  );
  t.diagnostic(`exit codes 0/1/2: ${codes.join('/')}`);
});
