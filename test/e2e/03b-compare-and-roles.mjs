// "Compare Laws…" opens a Markdown table ranked by AIC; a log whose columns are not recognised
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
  await page.keyboard.press('Enter'); // accept the pre-selected laws
  const doc = page.locator('.monaco-editor .view-lines', { hasText: 'Law comparison' }).first();
  await doc.waitFor({ timeout: 180_000 });
  await page.waitForTimeout(500);
  await ctx.shot('02c-compare-laws');
  const text = await doc.innerText();
  assert(/\|\s*chinchilla\s*\|/.test(text) && /\|\s*kaplan\s*\|/.test(text), `comparison table: ${text.slice(0, 300)}`);
  await runCommand(page, 'View: Revert and Close Editor');

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
