import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../../src/cli/main';
import { parseArgs, describeFlags, UsageError } from '../../../../src/tasks/flags/args';
import { COUNT_LIMITS, checkCount } from '../../../../src/tasks/flags/limits';
import { InputError } from '../../../../src/core/errors';
import { fitTask } from '../../../../src/tasks/fit';
import { nodeTaskContext } from '../../../../src/tasks/nodeContext';

async function cli(...argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(argv, { out: () => undefined, err: (t) => (err += t) });
  return { code, err };
}

// Issue 16 item 5 (and the seeds of item 15): unbounded counts hung; 2^32, 1e300 and 0.5 all reproduced seed 0.
test('every shared count is refused outside its range while parsing, naming the flag and the range', () => {
  for (const [flag, r] of Object.entries(COUNT_LIMITS)) {
    const spec = { [flag]: 'number' as const };
    for (const bad of [r.max + 1, r.min - 1, 1e300, ...(r.integer === false ? [] : [r.min + 0.5])]) {
      assert.throws(() => parseArgs([`--${flag}`, String(bad)], spec), (e: unknown) => e instanceof UsageError && e.message.includes(`--${flag} must be a whole number from ${r.min} to ${r.max}`), `${flag} ${bad}`);
    }
    assert.equal(parseArgs([`--${flag}`, String(r.max)], spec).flags[flag], r.max);
  }
  assert.match(describeFlags({ seed: { kind: 'number', help: 'seed' } }), /from 0 to 4294967295/);
  // A spec's own range wins over the shared one.
  assert.equal(parseArgs(['--draws', '5000'], { draws: { kind: 'number', range: { min: 0, max: 10_000 } } }).flags.draws, 5000);
});

test('the CLI exits 2 on the issue\'s reproductions', async () => {
  const E = 'examples/chinchilla-runs.csv';
  for (const argv of [
    ['fit', E, '--bootstrap', '1e7'],
    ['fit', E, '--starts', '1e12'],
    ['fit', E, '--seed', '4294967296'],
    ['fit', E, '--seed', '1e300'],
    ['fit', E, '--seed', '0.5'],
    ['envelope', 'examples/isoflop-runs.csv', '--grid', '1e9'],
    ['envelope', 'examples/isoflop-runs.csv', '--bootstrap', '1e9'],
    ['curve', 'extrapolate', 'examples/training-log.jsonl', '--bootstrap', '1e9'],
    ['phases', 'exponents', '--alpha', '1', '--beta', '0.5', '--per-octave', '1e6'],
  ]) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, /limit|from \d+ to \d+/, argv.join(' '));
  }
});

test('requests that arrive without flags (the worker) meet the same limits', async () => {
  await assert.rejects(fitTask({ file: 'examples/chinchilla-runs.csv', bootstrap: 1e7 }, nodeTaskContext()), (e: unknown) => e instanceof InputError && /--bootstrap must be a whole number from 0 to 100000/.test((e as Error).message));
  await assert.rejects(fitTask({ file: 'examples/chinchilla-runs.csv', seed: 2 ** 32 }, nodeTaskContext()), /--seed must be/);
  assert.throws(() => checkCount('draws', 1001), InputError);
});
