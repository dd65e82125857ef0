// "Compare Laws…" opens a panel ranked by cross-validated error (equal to `scaling-laws compare`),
// whose "Make active" refits the file with another law; a log whose columns are not recognised
// asks for the roles once (quick pick) and fits with them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, contextMenuItem, explorerRow, notificationText, runCommand } from './_helpers.mjs';

export const name = 'Compare Laws… table; unrecognised columns → role quick pick → fit';

export async function run(ctx) {
  const { page } = ctx;
  await page.keyboard.press('Escape');
  await runCommand(page, 'Scaling Laws: Compare Laws…');
  const list = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'kaplan' }).first();
  await list.waitFor({ timeout: 10_000 });
  const t0 = Date.now();
  await page.keyboard.press('Enter'); // accept the pre-selected laws (chinchilla, kaplan, kaplan-e)
  const panel = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await panel.locator('#compare-table').waitFor({ timeout: 240_000 });
  ctx.log(`Compare Laws: 3 laws fitted and cross-validated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await panel.locator('#plot-compare-parity .main-svg').first().waitFor({ timeout: 30_000 });
  await ctx.shot('02c-compare-laws');
  const laws = await panel.locator('#compare-table tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-law')));
  const cvs = await panel.locator('#compare-table td[data-cv]').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-cv'))));
  // The same comparison from the CLI (same file, same bootstrap and seed): same ranking, same numbers.
  const cmp = JSON.parse(ctx.cli(['compare', join(ctx.workspace, 'runs.csv'), '--laws', 'chinchilla,kaplan,kaplan-e', '--bootstrap', String(ctx.settings['scalingLaws.fit.bootstrap']), '--seed', '0', '--json', '--quiet']));
  assert(JSON.stringify(laws) === JSON.stringify(cmp.rows.map((r) => r.law)), `ranking ${laws} vs CLI ${cmp.rows.map((r) => r.law)}`);
  assert(cvs.every((v, i) => v === cmp.rows[i].cv.rmse), `cross-validated RMSE ${cvs} vs CLI ${cmp.rows.map((r) => r.cv.rmse)}`);
  assert(laws[0] === 'chinchilla', `data made by a Chinchilla law rank chinchilla first: ${laws}`);
  // "Make active" makes kaplan-e the file's law: the results panel refits with it; then back.
  await panel.locator('[data-act="makeActive"][data-law="kaplan-e"]').click();
  await panel.locator('#compare-table tr.active[data-law="kaplan-e"]').waitFor({ timeout: 30_000 });
  const results = ctx.webview();
  await results.locator('#params caption', { hasText: 'kaplan-e' }).waitFor({ timeout: 180_000 }).catch(async () => {
    await page.frameLocator('iframe.webview.ready >> nth=0').frameLocator('#active-frame').locator('#params caption', { hasText: 'kaplan-e' }).waitFor({ timeout: 60_000 });
  });
  await panel.locator('[data-act="makeActive"][data-law="chinchilla"]').click();
  await panel.locator('#compare-table tr.active[data-law="chinchilla"]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  await runCommand(page, 'View: Close All Editors');

  // Unrecognised column names: the fit asks which column is N, D and loss.
  const rows = ctx.csvRows.map((r) => `${r.N},${r.D},${r.loss}`).join('\n');
  writeFileSync(join(ctx.workspace, 'odd-names.csv'), `model_width_params,seen,objective\n${rows}\n`);
  const row = explorerRow(page, 'odd-names.csv');
  await row.waitFor({ timeout: 20_000 });
  await row.click({ button: 'right' });
  await contextMenuItem(page, 'Fit Scaling Law');
  for (const [role, column] of [['N', 'model_width_params'], ['D', 'seen'], ['loss', 'objective']]) {
    const title = page.locator('.quick-input-widget', { hasText: `Which column is ${role}?` });
    await title.waitFor({ timeout: 20_000 });
    if (role === 'N') await ctx.shot('02d-role-quick-pick');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: column }).first().click();
    await page.waitForTimeout(300);
  }
  const wv = ctx.webview();
  await wv.locator('h2', { hasText: 'odd-names.csv' }).waitFor({ timeout: 180_000 });
  const E = Number(await wv.locator('#params td[data-param="E"]').getAttribute('data-value'));
  const cli = JSON.parse(ctx.cli(['fit', join(ctx.workspace, 'odd-names.csv'), '--map', 'N=model_width_params', '--map', 'D=seen', '--map', 'loss=objective', '--bootstrap', String(ctx.settings['scalingLaws.fit.bootstrap']), '--seed', '0', '--json', '--quiet']));
  assert(E === cli.params.E, `E panel ${E} vs CLI ${cli.params.E}`);
  void notificationText;
}
