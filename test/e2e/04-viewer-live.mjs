// Open With… → Scaling Law Viewer on a JSONL log; append runs to the file; the view refits.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, contextMenuItem, explorerRow, notificationText } from './_helpers.mjs';

export const name = 'custom editor opens a JSONL log and updates after the file grows';

export async function run(ctx) {
  const { page } = ctx;
  // Close other editors so the viewer's webview is the only one.
  await page.keyboard.press('Escape');
  const row = explorerRow(page, 'sweep.jsonl');
  await row.click({ button: 'right' });
  await contextMenuItem(page, 'Open With...');
  const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Scaling Law Viewer' }).first();
  await pick.waitFor({ timeout: 10_000 });
  await pick.click();
  const frame = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  const count = frame.locator('#row-count');
  await count.waitFor({ timeout: 60_000 });
  await frame.locator('#params td[data-param="E"]').waitFor({ timeout: 120_000 });
  const before = Number(await count.getAttribute('data-rows'));
  assert(before === 16, `initial rows ${before}`);
  const e0 = await frame.locator('#params td[data-param="E"]').getAttribute('data-value');
  await ctx.shot('04a-viewer-jsonl');
  appendFileSync(join(ctx.workspace, 'sweep.jsonl'), ctx.jsonlRows.slice(16).map((r) => JSON.stringify(r)).join('\n') + '\n');
  await frame.locator(`#row-count[data-rows="${ctx.jsonlRows.length}"]`).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => true);
  const t0 = Date.now();
  let e1 = e0;
  while (e1 === e0 && Date.now() - t0 < 120_000) {
    await page.waitForTimeout(500);
    e1 = await frame.locator('#params td[data-param="E"]').getAttribute('data-value').catch(() => e0);
  }
  assert(e1 !== e0, 'parameters refitted after the file grew');
  await page.waitForTimeout(500);
  await ctx.shot('04b-viewer-after-growth');
  ctx.log(`rows ${before} → ${ctx.jsonlRows.length}, E ${e0} → ${e1}`);

  // The grid: every row is there; a header click sorts (the smallest loss first); a ticked row
  // is left out of the refit and shown struck through; "Put them back" restores it.
  const heads = (await frame.locator('#run-table thead th').allTextContents()).map((h) => h.trim());
  const li = heads.findIndex((h) => /^loss\b/.test(h));
  assert(li > 0, `a loss column in the grid header: ${heads.join(' | ')}`);
  assert(await frame.locator('#grid-body tr[data-table-row]').count() === ctx.jsonlRows.length, 'all rows are in the grid (fewer than one screen of virtual rows)');
  const cells = await frame.locator('#grid-body td').allTextContents();
  assert(cells.every((c) => !/\d{10,}/.test(c)), `numbers read as 2e10, not 11 digits: ${cells.find((c) => /\d{10,}/.test(c))}`);
  await frame.locator('#run-table thead th').nth(li).click();
  const firstRow = frame.locator('#grid-body tr[data-table-row]').first();
  const smallest = Math.min(...ctx.jsonlRows.map((r) => r.loss));
  const shown = Number(await firstRow.locator('td').nth(li).textContent());
  assert(shown === +smallest.toPrecision(6), `sorted by loss: first ${shown}, smallest ${smallest}`);
  const tableRow = Number(await firstRow.getAttribute('data-table-row'));
  await firstRow.locator('input[type="checkbox"]').check();
  await frame.locator('#grid-exclude:not([disabled])').click();
  await frame.locator('#excluded-rows').waitFor({ timeout: 120_000 });
  assert((await frame.locator('#excluded-rows').textContent()).includes(String(tableRow)), 'the excluded row is named');
  await frame.locator(`#grid-body tr.excluded[data-table-row="${tableRow}"]`).waitFor({ timeout: 10_000 });
  await ctx.shot('04c-viewer-grid-excluded');
  await frame.locator('[data-act="includeAll"]').click();
  await frame.locator('#excluded-rows').waitFor({ state: 'detached', timeout: 120_000 });

  // Every fit went into the file's history (the panel lists the earlier ones); compare the latest
  // (24 rows) with an earlier one (16 rows), from the panel's button.
  await frame.locator('#history').waitFor({ timeout: 30_000 });
  const earlierFits = await frame.locator('#history li').count();
  assert(earlierFits >= 3, `the panel lists the earlier fits of the growing file: ${earlierFits}`);
  await frame.locator('#history summary').click();
  await frame.locator('#history [data-act="compareHistory"]').click();
  const earlier = page.locator('.quick-input-widget .monaco-list-row', { hasText: '16 points' }).first();
  if (await earlier.waitFor({ timeout: 5_000 }).then(() => true, () => false)) await earlier.click();
  const text = await notificationText(page, /runs added/, 60_000);
  assert(/8 runs added/.test(text), `the diff counts the appended runs: ${text}`);
  ctx.log(`compare with previous fit: ${text}`);
}
