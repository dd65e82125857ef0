// A Lightning sweep folder as it lies on disk (lightning_logs/version_N/{hparams.yaml,metrics.csv}:
// N and D in the hparams, the training curve and a final val_loss in the metrics): right-click the
// folder → Fit Scaling Law. One point per run, the eval loss every run has, the reduction said in
// the warnings, and the same parameters as `scaling-laws fit FOLDER`.
import { writeLightningSweep } from '../support/lightningSweep.mjs';
import { assert, chooseFromContextMenu, explorerRow, runCommand } from './_helpers.mjs';

export const name = 'Lightning sweep folder → Fit Scaling Law: one point per run, val_loss, equal to the CLI';

export async function run(ctx) {
  const { page } = ctx;
  await page.keyboard.press('Escape');
  const root = writeLightningSweep(ctx.workspace);
  const row = explorerRow(page, 'lightning_logs');
  if (!(await row.waitFor({ timeout: 5_000 }).then(() => true, () => false))) await runCommand(page, 'Refresh Explorer').catch(() => page.keyboard.press('Escape'));
  await row.waitFor({ timeout: 20_000 });
  await chooseFromContextMenu(page, row, 'Fit Scaling Law');
  const wv = ctx.webview();
  await wv.locator('h2', { hasText: 'lightning_logs' }).waitFor({ timeout: 180_000 });
  await wv.locator('#params td[data-param="E"]').waitFor({ timeout: 120_000 });
  await ctx.shot('03f-lightning-folder');
  const caption = await wv.locator('#params caption').textContent();
  assert(/on 12 points/.test(caption), `one point per run: ${caption}`);
  const warnings = await wv.locator('.quality .warnings').textContent();
  assert(/training curves of 12 runs/.test(warnings), `the reduction is said: ${warnings}`);
  const lossLine = await wv.locator('#loss-column').textContent();
  assert(/Loss column val_loss/.test(lossLine) && /the validation loss every run has/.test(lossLine), `the loss column and why: ${lossLine}`);
  const E = Number(await wv.locator('#params td[data-param="E"]').getAttribute('data-value'));
  const cli = JSON.parse(ctx.cli(['fit', root, '--bootstrap', String(ctx.settings['scalingLaws.fit.bootstrap']), '--seed', '0', '--json', '--quiet']));
  assert(cli.provenance.mapping.loss === 'val_loss', `loss column ${cli.provenance.mapping.loss}`);
  assert(E === cli.params.E, `panel E ${E} vs CLI ${cli.params.E}`);
}
