// A Lightning sweep folder as it lies on disk, for the unit and e2e tests of folder fits:
// lightning_logs/version_N/{hparams.yaml (n_params, tokens), metrics.csv (a training curve and a
// final val_loss)}, 4 sizes × 3 token counts, losses from a Chinchilla law without noise.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SWEEP_LAW = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

/** Writes the sweep under `parent` and returns the lightning_logs folder. */
export function writeLightningSweep(parent) {
  const root = join(parent, 'lightning_logs');
  const { E, A, B, alpha, beta } = SWEEP_LAW;
  let v = 0;
  for (const N of [1e7, 3e7, 1e8, 3e8]) for (const D of [1e9, 4e9, 1.6e10]) {
    const dir = join(root, `version_${v++}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hparams.yaml'), `n_params: ${N}\ntokens: ${D}\n`);
    const L = E + A / N ** alpha + B / D ** beta;
    const rows = ['epoch,step,train_loss,val_loss', ...Array.from({ length: 10 }, (_, i) => `0,${(i + 1) * 100},${(L * (1 + 0.5 / (i + 1))).toFixed(5)},`), `0,1000,,${L.toFixed(5)}`];
    writeFileSync(join(dir, 'metrics.csv'), rows.join('\n') + '\n');
  }
  return root;
}
