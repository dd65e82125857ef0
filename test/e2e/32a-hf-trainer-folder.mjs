// An HF Trainer output folder as it lies on disk (trainer_state.json, checkpoint-*/trainer_state.json
// prefixes, all/train/eval_results.json, config.json, binaries): right-click the folder → Fit Scaling
// Law. It is one training run with no N or D, so it is fitted as a loss curve in the Curve Panel
// (said in a notification): the 120 points of 'loss' (the checkpoint copies are not added), the
// schedule from its learning_rate column, the loss column and the rule that chose it, and the same
// final-loss estimate as `scaling-laws curve extrapolate FOLDER`. Another loss column can be picked
// in the panel; one with too few points is refused with the reason.
import { writeHfTrainerRun } from '../support/hfTrainerRun.mjs';
import { assert, chooseFromContextMenu, explorerRow, notificationText, runCommand, runCommandRetry } from './_helpers.mjs';

export const name = 'HF Trainer output folder → Fit Scaling Law: one run, its loss curve in the Curve Panel, equal to the CLI';

export async function run(ctx) {
  const { page } = ctx;
  await runCommandRetry(page, 'View: Close All Editor Groups');
  const root = writeHfTrainerRun(ctx.workspace, 'gpt2-small-finetune');
  const row = explorerRow(page, 'gpt2-small-finetune');
  if (!(await row.waitFor({ timeout: 5_000 }).then(() => true, () => false))) await runCommand(page, 'Refresh Explorer').catch(() => page.keyboard.press('Escape'));
  await row.waitFor({ timeout: 20_000 });
  let t0 = 0;
  await chooseFromContextMenu(page, row, 'Fit Scaling Law', { onClick: () => { t0 = Date.now(); } });
  const note = await notificationText(page, /is one training run/, 60_000);
  assert(/hf-trainer/.test(note) && /loss column 'loss'/.test(note), `notification: ${note}`);
  await page.locator('.tab', { hasText: 'Loss curve: gpt2-small-finetune' }).first().waitFor({ timeout: 30_000 });
  const wv = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  await wv.locator('#curve .main-svg .scatterlayer .trace').first().waitFor({ timeout: 120_000 });
  const firstMs = Date.now() - t0;
  const legend = await wv.locator('#curve .legendtext').allTextContents();
  assert(legend.some((t) => /observed \(120\)/.test(t)), `one run of 120 points (checkpoint copies not added): ${legend.join(' | ')}`);
  // The final result (interval and draws) equals the CLI's extrapolation of the same folder.
  await wv.locator('#kit-status', { hasText: /fitted multipower on 120 points/ }).waitFor({ timeout: 180_000 });
  const totalMs = Date.now() - t0;
  const shownText = /est\. final loss ([0-9.]+)/.exec(await wv.locator('#estimate-text').innerText())[1];
  const est = Number(shownText);
  const cli = JSON.parse(ctx.cli(['curve', 'extrapolate', root, '--json']));
  assert(cli.observedRows === 120 && /lr column/.test(cli.schedule), `CLI read ${cli.observedRows} rows, schedule ${cli.schedule}`);
  // The panel rounds the estimate to its interval's width; equal to the CLI's at the shown digits.
  const digits = shownText.split('.')[1]?.length ?? 0;
  assert(Math.abs(est - cli.estimate) <= 0.51 * 10 ** -digits, `panel estimate ${shownText} vs CLI ${cli.estimate}`);
  const lossText = await wv.locator('#loss-column').innerText();
  assert(/Loss column loss/.test(lossText) && /training loss with the most points/.test(lossText) && /eval_loss/.test(lossText), `loss column line: ${lossText}`);
  ctx.log(`HF Trainer folder: click → first curve ${(firstMs / 1000).toFixed(1)} s, final interval ${(totalMs / 1000).toFixed(1)} s; est. ${est} == CLI ${cli.estimate.toFixed(4)} (${cli.observedRows} points, ${cli.schedule})`);
  await wv.locator('#params').scrollIntoViewIfNeeded();
  await ctx.shot('32a-hf-trainer-curve-panel');

  // Another loss column from the panel: eval_loss has 4 points, too few to extrapolate; the panel says so.
  const options = await wv.locator('#loss-pick option').allTextContents();
  assert(options.includes('eval_loss') && options.includes('loss'), `loss choices: ${options.join(', ')}`);
  await wv.locator('#loss-pick').selectOption('eval_loss');
  await wv.locator('#kit-status.failed, .kit-error', { hasText: /more observed points \(have 4\)/ }).first().waitFor({ timeout: 60_000 });
  await runCommandRetry(page, 'View: Close All Editor Groups');
}
