// `scaling-laws diff`: three fits of a growing file, then a file whose large-D losses moved. The
// diff names the added runs, and exits 3 (the CI guard) only when the headline prediction leaves
// the earlier fit's 95 % interval.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'sl-diff-'));
const rows = readFileSync('examples/chinchilla-runs.csv', 'utf8').trim().split('\n');
const cli = async (argv: string[]) => {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};
async function fit(name: string, lines: string[]): Promise<string> {
  writeFileSync(join(dir, `${name}.csv`), lines.join('\n') + '\n');
  const out = join(dir, `${name}.json`);
  const r = await cli(['fit', join(dir, `${name}.csv`), '--bootstrap', '100', '--starts', '256', '--seed', '1', '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.err);
  return out;
}

test('diff: a growing file (three fits), then moved losses: runs added, parameters, headline, exit 3 only when it leaves its interval', async () => {
  const a = await fit('a', rows.slice(0, 26)); // first 25 runs
  const b = await fit('b', rows.slice(0, 31));
  const c = await fit('c', rows);
  const ab = await cli(['diff', a, b, '--json']);
  const d = JSON.parse(ab.out);
  assert.equal(d.runs.added.length, 5);
  assert.equal(d.runs.kept, 25);
  assert.deepEqual(d.runs.removed, []);
  assert.equal(d.params.length, 5);
  const bc = await cli(['diff', b, c]);
  assert.match(bc.out, /5 added/);
  assert.equal(bc.code, JSON.parse((await cli(['diff', b, c, '--json'])).out).moved ? 3 : 0);
  // Same runs, losses of the long-trained runs up 3 %: the compute-optimal N moves far.
  const moved = await fit('moved', [rows[0], ...rows.slice(1).map((r) => {
    const f = r.split(',');
    if (Number(f[2]) / Number(f[1]) > 30) f[4] = String(Number(f[4]) * 1.03);
    return f.join(',');
  })]);
  const cm = await cli(['diff', c, moved]);
  assert.equal(cm.code, 3, cm.out);
  assert.match(cm.out, /OUTSIDE the old interval/);
  assert.match(cm.out, /with a changed loss/);
  const same = await cli(['diff', c, c]);
  assert.equal(same.code, 0);
  assert.match(same.out, /within the old interval/);
  assert.equal((await cli(['diff', c, moved, '--at', 'N=7B,D=1.4T', '--compute', '1e22'])).code, 2);
  assert.equal((await cli(['diff', c])).code, 2);
});
