// Explorer → right-click runs.csv → "Fit Scaling Law" → results panel with plots and a parameter
// table whose numbers equal `scaling-laws fit runs.csv --json` with the same flags.
import { join } from 'node:path';
import { assert, chooseFromContextMenu, explorerRow, relClose } from './_helpers.mjs';

export const name = 'right-click a CSV → Fit → plots + parameter table equal to the CLI';

export async function run(ctx) {
  const { page } = ctx;
  const row = explorerRow(page, 'runs.csv');
  await row.waitFor({ timeout: 20_000 });
  await chooseFromContextMenu(page, row, 'Fit Scaling Law', { onOpen: () => ctx.shot('01a-explorer-context-menu') });
  await page.locator('.notifications-toasts', { hasText: 'Fitting runs.csv' }).first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  await ctx.shot('01b-fit-progress');
  const wv = ctx.webview();
  await wv.locator('#params td[data-param="E"]').waitFor({ timeout: 180_000 });
  await wv.locator('#plot-N .main-svg').first().waitFor({ timeout: 30_000 });
  await wv.locator('#plot-N .scatterlayer .trace').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await ctx.shot('01c-results-panel');

  const shown = {};
  for (const cell of await wv.locator('#params td[data-param]').all()) {
    shown[await cell.getAttribute('data-param')] = Number(await cell.getAttribute('data-value'));
  }
  const flags = ['--law', 'chinchilla', '--objective', 'huber', '--delta', '0.001', '--space', 'log', '--bootstrap', String(ctx.settings['scalingLaws.fit.bootstrap']), '--seed', String(ctx.settings['scalingLaws.fit.seed'])];
  const reportPath = join(ctx.tmp, 'cli-fit.json');
  ctx.cli(['fit', join(ctx.workspace, 'runs.csv'), ...flags, '--json', '--out', reportPath, '--quiet']);
  const cli = JSON.parse(ctx.cli(['fit', join(ctx.workspace, 'runs.csv'), ...flags, '--json', '--quiet']));
  ctx.cliReport = reportPath;
  const names = Object.keys(cli.params);
  assert(names.length === 5 && names.every((n) => n in shown), `parameters shown ${JSON.stringify(shown)} vs CLI ${names}`);
  for (const n of names) assert(relClose(shown[n], cli.params[n]), `${n}: panel ${shown[n]} vs CLI ${cli.params[n]}`);
  ctx.log('panel == CLI:', names.map((n) => `${n}=${shown[n]}`).join(', '));
  const se = await wv.locator('#params td[data-se="alpha"]').innerText();
  assert(se !== '–', 'bootstrap standard error shown');
  const rec = await wv.locator('#recommendation').innerText();
  assert(/Budget/.test(rec), 'recommendation card');
  await wv.locator('#params').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await ctx.shot('01d-parameter-table');
  const status = await page.locator('.statusbar-item', { hasText: 'chinchilla: runs.csv' }).count();
  assert(status > 0, 'status bar shows the active fit');
}
