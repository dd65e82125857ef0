// fit --warm-start: a grown file refitted from the earlier optimum (plus a few quasi-random starts)
// reaches the same optimum as the full 4500-start grid, with 33 starts, and says where it began.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'sl-warm-'));
const cli = async (argv: string[]) => {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};

test('fit --warm-start: the same optimum as the full grid from 33 starts; law mismatch and bad counts are exit 2', async () => {
  const rows = readFileSync('examples/chinchilla-runs.csv', 'utf8').trim().split('\n');
  const early = join(dir, 'early.csv'), earlyFit = join(dir, 'early.json');
  writeFileSync(early, rows.slice(0, 26).join('\n') + '\n');
  assert.equal((await cli(['fit', early, '--bootstrap', '0', '--out', earlyFit, '--quiet'])).code, 0);
  const full = JSON.parse((await cli(['fit', 'examples/chinchilla-runs.csv', '--bootstrap', '0', '--json'])).out);
  const warm = JSON.parse((await cli(['fit', 'examples/chinchilla-runs.csv', '--bootstrap', '0', '--warm-start', earlyFit, '--json'])).out);
  assert.equal(warm.starts.total, 33);
  assert.equal(warm.provenance.starts.kind, 'warm');
  assert.equal(warm.provenance.warmStart, earlyFit);
  assert.ok(warm.objective.value <= full.objective.value * (1 + 1e-6), `${warm.objective.value} vs ${full.objective.value}`);
  for (const k of Object.keys(full.params)) assert.ok(Math.abs(warm.params[k] / full.params[k] - 1) < 1e-4, `${k}: ${warm.params[k]} vs ${full.params[k]}`);
  assert.equal((await cli(['fit', 'examples/chinchilla-runs.csv', '--law', 'kaplan', '--warm-start', earlyFit, '--bootstrap', '0'])).code, 2);
  assert.equal((await cli(['fit', 'examples/chinchilla-runs.csv', '--warm-start', earlyFit, '--starts', 'chinchilla', '--bootstrap', '0'])).code, 2);
  assert.equal((await cli(['fit', 'examples/chinchilla-runs.csv', '--warm-start', join(dir, 'missing.json'), '--bootstrap', '0'])).code, 2);
});
