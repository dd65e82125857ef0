// Explorer → right-click → "Fit Scaling Law with Options…": law, a derived column, a row filter and
// the bootstrap count are asked in turn; the fit uses them (parameters equal the CLI's with the same
// --derive/--where), and the provenance card shows them as a command line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerInput, assert, contextMenuItem, explorerRow } from './_helpers.mjs';

export const name = 'Fit with Options…: derived column + row filter reach the fit (equal to the CLI)';

export async function run(ctx) {
  const { page } = ctx;
  await page.keyboard.press('Escape');
  // Column names that no role is inferred from, and no tokens: N, C and D must come from the
  // derived columns typed below (so no role quick pick appears either).
  const rows = ctx.csvRows.map((r) => `${r.N},${6 * r.N * r.D},${r.loss}`);
  writeFileSync(join(ctx.workspace, 'with-options.csv'), `w,f,final_loss\n${rows.join('\n')}\n`);
  const losses = ctx.csvRows.map((r) => r.loss).sort((a, b) => a - b);
  const cut = losses[Math.floor(losses.length * 0.8)].toPrecision(6);
  const row = explorerRow(page, 'with-options.csv');
  await row.waitFor({ timeout: 20_000 });
  await row.click({ button: 'right' });
  await contextMenuItem(page, 'Fit Scaling Law with Options…');
  await page.locator('.quick-input-widget', { hasText: 'law (1/4)' }).first().waitFor({ timeout: 20_000 });
  await ctx.shot('03d-fit-options-law');
  await page.keyboard.press('Enter'); // the current law (chinchilla) is first
  await answerInput(page, 'N=w; C=f; D=C/(6*N)', 'derived columns');
  await answerInput(page, `final_loss < ${cut}`, 'filter rows');
  await answerInput(page, '0', 'bootstrap resamples');

  const wv = ctx.webview();
  await wv.locator('h2', { hasText: 'with-options.csv' }).waitFor({ timeout: 180_000 });
  await wv.locator('#params td[data-param="E"]').waitFor({ timeout: 60_000 });
  await ctx.shot('03d-fit-options-result');
  const E = Number(await wv.locator('#params td[data-param="E"]').getAttribute('data-value'));
  const alpha = Number(await wv.locator('#params td[data-param="alpha"]').getAttribute('data-value'));
  const cli = JSON.parse(ctx.cli(['fit', join(ctx.workspace, 'with-options.csv'), '--derive', 'N=w', '--derive', 'C=f', '--derive', 'D=C/(6*N)', '--where', `final_loss < ${cut}`, '--bootstrap', '0', '--seed', '0', '--json', '--quiet']));
  assert(cli.n < ctx.csvRows.length, `the filter dropped rows (CLI n ${cli.n} of ${ctx.csvRows.length})`);
  assert(E === cli.params.E && alpha === cli.params.alpha, `panel E ${E}, alpha ${alpha} vs CLI ${cli.params.E}, ${cli.params.alpha}`);
  // The provenance card (collapsed) records the derived columns and the filter.
  const text = await wv.locator('.provenance').textContent();
  assert(text.includes('C/(6*N)') && text.includes(`final_loss < ${cut}`), `provenance shows the derived columns and the filter: ${text.slice(0, 400)}`);
}
