// `design` flags: argv → request → argv round-trips (what a panel's "Copy CLI Command" relies on),
// and bad input is exit code 2 before any fit runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../../../src/cli/main';
import { parseArgs } from '../../../../src/tasks/flags/args';
import { DESIGN_FLAGS, designRequestFromFlags, designRequestToArgv } from '../../../../src/tasks/flags/design';

test('design flags round-trip through the request', () => {
  const argv = ['--budget-flops', '3e20', '--k', '5', '--target-n', '7e10', '--target-d', '1.4e12', '--max-n', '2e9', '--min-tokens-per-param', '10', '--law', 'chinchilla', '--bootstrap', '100', '--exclude-rows', '1,4'];
  const req = designRequestFromFlags('runs.csv', parseArgs(argv, DESIGN_FLAGS).flags);
  assert.deepEqual(req, { file: 'runs.csv', law: 'chinchilla', bootstrap: 100, exclude: { rows: [1, 4] }, budgetFlops: 3e20, k: 5, targetN: 7e10, targetD: 1.4e12, maxN: 2e9, minTokensPerParam: 10 });
  assert.deepEqual(designRequestFromFlags('runs.csv', parseArgs(designRequestToArgv(req), DESIGN_FLAGS).flags), req);
});

test('design: a missing budget or target, or --bootstrap 0, is exit code 2 (no fit is run)', async () => {
  const run = async (argv: string[]) => {
    let err = '';
    const code = await main(['design', 'examples/chinchilla-runs.csv', ...argv], { out: () => {}, err: (t) => (err += t) });
    return { code, err };
  };
  assert.equal((await run(['--target-compute', '1e23'])).code, 2);
  const noTarget = await run(['--budget-flops', '1e20']);
  assert.equal(noTarget.code, 2);
  assert.match(noTarget.err, /--target-compute C .* or as --target-n N --target-d D/);
  assert.equal((await run(['--budget-flops', '1e20', '--target-n', '7e10'])).code, 2);
  assert.equal((await run(['--budget-flops', '1e20', '--target-compute', '1e23', '--bootstrap', '0'])).code, 2);
  assert.equal((await run(['--budget-flops', '-1', '--target-compute', '1e23'])).code, 2);
  assert.equal((await run(['--budget-flops', '1e20', '--k', '500', '--target-compute', '1e23'])).code, 2);
});

test('design on the bundled example: the table of runs with reasons, the three widths, the extrapolation warning', async () => {
  let out = '';
  const code = await main(['design', 'examples/chinchilla-runs.csv', '--budget-flops', '3e20', '--k', '3', '--target-compute', '1e23', '--bootstrap', '60', '--starts', '64', '--quiet'], { out: (t) => (out += t), err: () => {} });
  assert.equal(code, 0, out);
  assert.equal(out.split('\n').filter((l) => /^\| \d \|/.test(l)).length, 3, out);
  assert.match(out, /pins \w+ \(variance −\d+ %\)/);
  assert.match(out, /now [\d.]+ %, after the designed runs [\d.]+ %, after a naive grid of the same compute [\d.]+ %/);
  assert.match(out, /warning: target budget 1\.00e\+23 FLOPs is 1\.5 decades beyond/);
});
