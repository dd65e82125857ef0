// A Lightning sweep folder (one version per run: hparams.yaml with N and D, metrics.csv with the
// training curve and a final val_loss) fitted with no flags: one point per run, the eval loss
// every run has, and the reduction said; equal to the explicit --reduce last fit.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fitTask } from '../../../src/tasks/fit';
import { nodeTaskContext } from '../../../src/tasks/nodeContext';

function lightningSweep(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'sl-ll-')), 'lightning_logs');
  let v = 0;
  for (const N of [1e7, 3e7, 1e8, 3e8]) for (const D of [1e9, 4e9, 1.6e10]) {
    const dir = join(root, `version_${v++}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hparams.yaml'), `n_params: ${N}\ntokens: ${D}\n`);
    const L = 1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28;
    const rows = ['epoch,step,train_loss,val_loss', ...Array.from({ length: 10 }, (_, i) => `0,${(i + 1) * 100},${(L * (1 + 0.5 / (i + 1))).toFixed(5)},`), `0,1000,,${L.toFixed(5)}`];
    writeFileSync(join(dir, 'metrics.csv'), rows.join('\n') + '\n');
  }
  return root;
}

test('fit on a Lightning sweep folder: one point per run (last), val_loss chosen, the reduction said; same as --reduce last', async () => {
  const folder = lightningSweep();
  const auto = await fitTask({ file: folder, bootstrap: 0 }, nodeTaskContext());
  assert.equal(auto.n, 12);
  assert.equal(auto.provenance.mapping.loss, 'val_loss');
  assert.ok(auto.warnings.some((w) => /training curves of 12 runs/.test(w)), auto.warnings.join(' | '));
  const explicit = await fitTask({ file: folder, bootstrap: 0, ingest: { reduce: { reduce: 'last' } } }, nodeTaskContext());
  assert.deepEqual(auto.params, explicit.params);
  // Noiseless losses from a Chinchilla law: the fit lands near the truth.
  assert.ok(Math.abs(auto.params.alpha - 0.34) < 0.05 && Math.abs(auto.params.beta - 0.28) < 0.05, JSON.stringify(auto.params));
});
