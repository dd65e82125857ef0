import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../../src/cli/main';

async function fitJson(...argv: string[]): Promise<{ code: number; json?: { params: Record<string, number>; inputs: string[] }; err: string }> {
  let out = '', err = '';
  const code = await main(['fit', 'examples/chinchilla-runs.csv', '--bootstrap', '0', '--json', ...argv], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, err, ...(code === 0 ? { json: JSON.parse(out) } : {}) };
}

// Issue 16 item 17: prototype names were silently ignored or failed with raw TypeErrors.
test('__proto__ and constructor are ordinary names for parameters and derived inputs', async () => {
  const a = await fitJson('--law', 'custom', '--formula', 'E + A/__proto__^a + B/D^b', '--derive', '__proto__=N');
  assert.equal(a.code, 0, a.err);
  assert.deepEqual(a.json!.inputs, ['__proto__', 'D']);
  const b = await fitJson('--law', 'custom', '--formula', 'E + constructor/N^a + B/D^b');
  assert.equal(b.code, 0, b.err);
  assert.ok(Object.hasOwn(b.json!.params, 'constructor'));
  // The same fit under ordinary names gives the same numbers.
  const c = await fitJson('--law', 'custom', '--formula', 'E + A/N^a + B/D^b');
  assert.equal(b.json!.params.constructor, c.json!.params.A);
  assert.equal(a.json!.params.A, c.json!.params.A);
});

test('__proto__ in --fix and --map is refused by name, not ignored', async () => {
  for (const argv of [['--fix', '__proto__=1'], ['--map', '__proto__=N'], ['--law', 'constructor']]) {
    const r = await fitJson(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /__proto__|constructor/);
  }
});
