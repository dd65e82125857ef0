// Trust in the panel: Epoch's real Chinchilla points (../shared/reference-data, copied into the
// temporary workspace only) are fitted from the Explorer; the diagnostics card lists the flagged
// points; "Exclude N flagged points and refit" refits without them. The refit equals the CLI's
// `--exclude-rows` fit, the provenance records the rows, "Put them back" restores all points,
// and the input file is never changed.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { assert, chooseFromContextMenu, explorerRow, runCommand } from './_helpers.mjs';

export const name = 'Diagnostics card: flagged Epoch points, exclude and refit (equal to the CLI), put back';

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

export async function run(ctx) {
  const src = join(ctx.root, '..', 'shared', 'reference-data', 'epoch_chinchilla', 'svg_extracted_data.csv');
  if (!existsSync(src)) {
    ctx.log(`skipped: ${src} is absent (reference data not on this machine)`);
    return;
  }
  const { page } = ctx;
  await page.keyboard.press('Escape');
  const file = join(ctx.workspace, 'epoch.csv');
  copyFileSync(src, file);
  const before = sha(file);
  const row = explorerRow(page, 'epoch.csv');
  // A file created outside VS Code can take a while to reach the Explorer: refresh it if needed.
  if (!(await row.waitFor({ timeout: 5_000 }).then(() => true, () => false))) await runCommand(page, 'Refresh Explorer').catch(() => page.keyboard.press('Escape'));
  await row.waitFor({ timeout: 20_000 });
  const t0 = Date.now();
  await chooseFromContextMenu(page, row, 'Fit Scaling Law');
  const wv = ctx.webview();
  await wv.locator('h2', { hasText: 'epoch.csv' }).waitFor({ timeout: 180_000 });
  const button = wv.locator('[data-act="exclude-flagged"]');
  await button.waitFor({ timeout: 240_000 });
  ctx.log(`click to diagnostics card: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const label = await button.textContent();
  const m = /Exclude (\d+) flagged/.exec(label ?? '');
  assert(m && Number(m[1]) >= 5, `at least Epoch's five off-law points are flagged: '${label}'`);
  const flaggedRows = (await wv.locator('#diagnostics table.flagged tbody tr td:first-child').allTextContents()).map(Number);
  assert(flaggedRows.length === Number(m[1]), `the table lists each flagged row (${flaggedRows.join(',')})`);
  await ctx.shot('03e-diagnostics-card');

  await button.click();
  await wv.locator('#excluded-rows').waitFor({ timeout: 240_000 });
  await wv.locator('#params td[data-param="E"]').waitFor({ timeout: 60_000 });
  await ctx.shot('03e-after-exclude');
  const E = Number(await wv.locator('#params td[data-param="E"]').getAttribute('data-value'));
  const beta = Number(await wv.locator('#params td[data-param="beta"]').getAttribute('data-value'));
  const sorted = [...flaggedRows].sort((a, b) => a - b).join(',');
  const cli = JSON.parse(ctx.cli(['fit', file, '--exclude-rows', sorted, '--bootstrap', '0', '--seed', '0', '--json', '--quiet']));
  assert(cli.n === 245 - flaggedRows.length, `CLI fitted ${cli.n} points`);
  assert(E === cli.params.E && beta === cli.params.beta, `panel E ${E}, beta ${beta} vs CLI ${cli.params.E}, ${cli.params.beta}`);
  const excluded = await wv.locator('#excluded-rows').textContent();
  assert(flaggedRows.every((r) => excluded.includes(String(r))), `the card names the excluded rows: ${excluded}`);

  await wv.locator('[data-act="includeAll"]').click();
  await wv.locator('#excluded-rows').waitFor({ state: 'detached', timeout: 240_000 });
  await wv.locator('[data-act="exclude-flagged"]').waitFor({ timeout: 240_000 });
  assert(sha(file) === before, 'the input file is unchanged');
}
